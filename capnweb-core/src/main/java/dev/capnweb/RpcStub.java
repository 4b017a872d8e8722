package dev.capnweb;

import dev.capnweb.internal.Hook;
import dev.capnweb.internal.LocalHooks;
import dev.capnweb.internal.MapSender;
import dev.capnweb.internal.Payload;
import dev.capnweb.internal.SerialLane;
import dev.capnweb.internal.StubAccess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A reference to something callable: an object or function of the peer, or a local
 * {@link RpcTarget}. Every call returns an {@link RpcPromise} at once, without a round trip, and
 * calls can be made on that promise before it resolves (promise pipelining).
 *
 * <p>A stub holds a reference the peer must keep alive, so release it with {@link #close()}
 * (try-with-resources) when done; {@link #dup()} makes an independent reference. Closing the
 * session's {@link RpcSession#main() main} stub ends the session, as in the reference.
 * Stubs are safe to use from any thread; operations on one session are applied in the order
 * they are made.
 */
public class RpcStub implements AutoCloseable {
    static {
        StubAccess.register(new StubAccess.Access() {
            @Override
            public RpcStub newStub(Hook hook) {
                return new RpcStub(hook);
            }

            @Override
            public RpcPromise newPromise(Hook hook, List<Object> path) {
                return new RpcPromise(hook, path, true);
            }

            @Override
            public Hook hook(RpcStub stub) {
                return stub.hook;
            }

            @Override
            public List<Object> path(RpcPromise promise) {
                return promise.path();
            }
        });
    }

    volatile Hook hook;

    RpcStub(Hook hook) {
        this.hook = hook;
    }

    /**
     * Wraps a local {@link RpcTarget} or function (an {@link RpcFunction}, a
     * {@code java.util.function} lambda or a {@code Runnable}) in a stub, so it can be called
     * like a remote one and passed on with {@link #dup()} semantics.
     *
     * @param target the target or function
     * @return a stub owning one reference to it
     * @throws IllegalArgumentException if {@code target} is neither
     */
    public static RpcStub of(Object target) {
        Objects.requireNonNull(target, "target");
        return new RpcStub(LocalHooks.target(target));
    }

    /**
     * Calls a method.
     *
     * @param method the method name
     * @param args   the arguments: wire values, records, stubs, promises (pipelined), targets and functions (passed by reference)
     * @return the result, as a promise that can be pipelined on or awaited
     */
    public RpcPromise call(String method, Object... args) {
        Objects.requireNonNull(method, "method");
        return callPath(List.of(method), args);
    }

    /**
     * Calls the stub itself, for a stub of a function.
     *
     * @param args the arguments
     * @return the result
     */
    public RpcPromise invoke(Object... args) {
        return callPath(List.of(), args);
    }

    RpcPromise callPath(List<Object> path, Object[] args) {
        Hook recorded = MapSender.recordedCall(hook, path, Arrays.asList(args));
        if (recorded != null) {
            return new RpcPromise(recorded, List.of(), true);
        }
        Payload params = Payload.params(new ArrayList<>(Arrays.asList(args)));
        return new RpcPromise(apply(h -> h.call(path, params)), List.of(), true);
    }

    /**
     * A property of the remote object, as a promise. Nothing is sent until it is awaited or
     * called on.
     *
     * @param property the property name (for Java targets: a getter, {@code value} → {@code getValue()})
     * @return the property's promise
     */
    public RpcPromise get(String property) {
        Objects.requireNonNull(property, "property");
        return new RpcPromise(hook, List.of(property), false);
    }

    /**
     * An element of a remote array, as a promise.
     *
     * @param index the index
     * @return the element's promise
     */
    public RpcPromise get(int index) {
        return new RpcPromise(hook, List.of((long) index), false);
    }

    /**
     * Maps the value this stub stands for on the side that has it, in one round trip: for an
     * array, {@code mapper} is applied to each element; for another value, to the value itself;
     * null (and undefined) stay as they are.
     *
     * <pre>{@code
     * RpcPromise ids = api.call("getFriendIds");
     * RpcPromise profiles = ids.map(id -> api.call("getUserProfile", id));   // one remap message
     * List<?> result = profiles.join(List.class);
     * }</pre>
     *
     * <p>The mapper runs <b>once, here, to record</b>: it receives a placeholder for the element,
     * and every call it makes on a stub (the placeholder, results of earlier calls, or stubs from
     * outside, which it captures) is recorded and sent as {@code remap} instructions, as the
     * reference's {@code map()} does. So a mapper must not have side effects, must not wait for
     * anything ({@code join}, {@code get}, {@code thenApply} on a placeholder fail with an error
     * saying so), must not read the element as a plain Java value, and must not create
     * {@code RpcTarget}s or functions (make a stub outside the mapper and use it inside). It may
     * return a placeholder, or a map or list holding placeholders and plain values. Calls on
     * other threads are not recorded. When the value is local rather than the peer's, the mapper
     * instead runs for real, once per element.
     *
     * @param mapper records what to do with one element
     * @return a promise of the mapped value
     */
    public RpcPromise map(Function<RpcPromise, ?> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new RpcPromise(MapSender.map(hook, mapPath(), mapper), List.of(), true);
    }

    /** @return the property path a {@code map()} applies to: none for a stub */
    List<Object> mapPath() {
        return List.of();
    }

    /** @return a new, independent reference to the same thing; close both */
    public RpcStub dup() {
        return new RpcStub(apply(Hook::dup));
    }

    /**
     * Tells {@code callback} once if the thing behind this stub becomes unreachable: the session
     * ended, or (for a promise) it was rejected. A rejected promise reports at once.
     *
     * @param callback receives the reason
     */
    public void onBroken(Consumer<Throwable> callback) {
        Objects.requireNonNull(callback, "callback");
        hook.onBroken(callback);
    }

    /** Releases this reference. Idempotent. */
    @Override
    public void close() {
        Hook h = hook;
        if (h != LocalHooks.DISPOSED) {
            hook = LocalHooks.DISPOSED;
            h.dispose();
        }
    }

    /** Runs an operation on this stub's hook on the right lane, returning a hook at once. */
    Hook apply(Function<Hook, Hook> op) {
        Hook h = hook;
        SerialLane lane = h.lane();
        if (lane == null || lane.inLane()) {
            return LocalHooks.safely(op, h);
        }
        return LocalHooks.later(lane, () -> LocalHooks.safely(op, h));
    }

    /** @return {@code [object RpcStub]}, as the reference prints it */
    @Override
    public String toString() {
        return "[object RpcStub]";
    }
}
