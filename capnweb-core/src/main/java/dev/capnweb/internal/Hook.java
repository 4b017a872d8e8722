package dev.capnweb.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What stands behind every stub and promise: a local target, a local value, a local promise, a
 * remote import, or an error. Operations return new hooks at once, which is what lets calls be
 * pipelined on results that are not there yet. Hooks of a session are used on its lane only.
 */
public abstract class Hook {
    /** @return the lane this hook must be used on, or null when any thread may use it */
    public abstract SerialLane lane();

    /**
     * Calls the function at {@code path}.
     *
     * @param path property path (String or Long elements); empty calls the hook itself
     * @param args the arguments; this call takes ownership of them
     * @return the result
     */
    public abstract Hook call(List<Object> path, Payload args);

    /** @param path property path @return a hook for the value at the path */
    public abstract Hook get(List<Object> path);

    /** @return another reference to the same thing, released independently */
    public abstract Hook dup();

    /**
     * Waits for the value. Completes on the hook's lane.
     *
     * @return the value, with every promise inside it replaced by its resolution
     */
    public abstract CompletableFuture<Object> pull();

    /**
     * Waits for the value to use it inside this process: substituted into another local call's
     * arguments, or mapped. Unlike {@link #pull()}, the value is not handed out, so whoever owns
     * it (a call's result, until the peer releases that call) still releases the targets in it,
     * as the reference's local pulls do. Completes on the hook's lane.
     *
     * @return the value, with every promise inside it replaced by its resolution
     */
    public CompletableFuture<Object> pullForLocalUse() {
        return pull();
    }

    /** Releases this reference. Idempotent. */
    public abstract void dispose();

    /** @param callback told once if the thing behind this hook becomes unreachable */
    public abstract void onBroken(Consumer<Throwable> callback);
}
