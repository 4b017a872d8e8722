package dev.capnweb.internal;

import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;
import dev.capnweb.internal.codec.Parsed;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A value tree together with who owns the capabilities inside it. Provenance decides disposal,
 * as in the reference: the caller keeps what it passed as parameters; the RPC system owns what a
 * method returned and what arrived from the wire.
 */
public final class Payload {
    /** Where the value came from. */
    enum Source {
        /** Arguments from the application: stubs are duplicated when sent; nothing is disposed here. */
        PARAMS,
        /** A method's result: the stubs in it now belong to the RPC system. */
        RETURN,
        /** Evaluated from the wire: owns the stubs the evaluation created. */
        RECEIVED,
        /** A session's main object: disposing closes the target. */
        MAIN,
        /** A view into another payload, which keeps ownership. */
        BORROWED,
        /** A value assembled from other payloads (a map's results), which it disposes. */
        COMPOSITE
    }

    /** A promise inside a received value, to be replaced by its resolution before delivery. */
    record PromiseSlot(RpcPromise promise, Consumer<Object> setter) {
    }

    private final Source source;
    private final Parsed parsed;
    private final Object plainValue;
    private final List<RpcStub> stubs;
    private List<PromiseSlot> promises;
    private CompletableFuture<Object> resolving;
    /** For a view ({@link Source#BORROWED}): the payload that owns the value. */
    private final Payload parent;
    private boolean handedOut;
    /** For {@link Source#COMPOSITE}: the payloads the value was built from. */
    private List<Payload> parts = List.of();
    /** For {@link Source#RETURN}: targets its disposal must not close (see {@link #ofReturn(Object, Set)}). */
    private Set<Object> notOwned = Set.of();
    /** For {@link Source#RECEIVED}: the ReadableStreams in the value. */
    private List<Pipe> readables = List.of();
    private boolean disposed;

    private Payload(Source source, Parsed parsed, Object value, List<RpcStub> stubs, List<PromiseSlot> promises) {
        this(source, parsed, value, stubs, promises, null);
    }

    private Payload(Source source, Parsed parsed, Object value, List<RpcStub> stubs, List<PromiseSlot> promises,
                    Payload parent) {
        this.parent = parent;
        this.source = source;
        this.parsed = parsed;
        this.plainValue = value;
        this.stubs = stubs;
        this.promises = promises;
    }

    /** @param args the application's arguments @return a payload the caller keeps ownership of */
    public static Payload params(List<Object> args) {
        return new Payload(Source.PARAMS, null, args, List.of(), null);
    }

    static Payload ofReturn(Object value) {
        return new Payload(Source.RETURN, null, value, List.of(), null);
    }

    /**
     * @param notOwned targets in the value that the method got from its caller (in its params):
     *                 the caller still owns them, so disposing the result does not close them
     */
    static Payload ofReturn(Object value, Set<Object> notOwned) {
        Payload p = ofReturn(value);
        p.notOwned = notOwned;
        return p;
    }

    /**
     * @param value a value tree
     * @return the targets (RpcTargets and functions) in it, by identity; empty for plain values
     */
    static Set<Object> capabilitiesIn(Object value) {
        if (holdsNothing(value)) {
            return Set.of();
        }
        Set<Object> found = Collections.newSetFromMap(new IdentityHashMap<>(4));
        visit(value, stub -> { }, found::add);
        return found;
    }

    /** Visits the stubs and (once each) the targets in a value tree. */
    static void visit(Object value, Consumer<RpcStub> onStub, Consumer<Object> onTarget) {
        if (!holdsNothing(value)) {
            walk(value, 0, Collections.newSetFromMap(new IdentityHashMap<>(4)), onStub, onTarget);
        }
    }

    static Payload main(Object target) {
        return new Payload(Source.MAIN, null, target, List.of(), null);
    }

    static Payload received(Parsed parsed, List<RpcStub> stubs, List<PromiseSlot> promises) {
        return received(parsed, stubs, promises, List.of());
    }

    /** @param readables streams in the value: cancelled on disposal unless someone subscribed */
    static Payload received(Parsed parsed, List<RpcStub> stubs, List<PromiseSlot> promises, List<Pipe> readables) {
        Payload p = new Payload(Source.RECEIVED, parsed, null, stubs, promises.isEmpty() ? null : promises);
        p.readables = readables;
        return p;
    }

    static Payload borrowed(Object value) {
        return new Payload(Source.BORROWED, null, value, List.of(), null);
    }

    /** @return a payload for {@code value}, built from {@code parts}, which it owns and disposes */
    static Payload composite(Object value, List<Payload> parts) {
        Payload p = new Payload(Source.COMPOSITE, null, value, List.of(), null);
        p.parts = List.copyOf(parts);
        return p;
    }

    /** @return a view of part of {@code owner}'s value; handing it out hands out the owner */
    static Payload borrowed(Payload owner, Object value) {
        return new Payload(Source.BORROWED, null, value, List.of(), null, owner);
    }

    /** @return the value; inside a received payload, promises are replaced once {@link #resolve()} completes */
    public Object value() {
        return parsed != null ? parsed.value() : plainValue;
    }

    @SuppressWarnings("unchecked")
    List<Object> listValue() {
        return (List<Object>) value();
    }

    boolean hasPendingPromises() {
        return promises != null || (resolving != null && !resolving.isDone());
    }

    boolean isParams() {
        return source == Source.PARAMS;
    }

    /**
     * Replaces every promise inside the value by its resolution, handing the resolutions out (to
     * be sent to the peer). Must run on the lane that owns the promises; completes there.
     */
    CompletableFuture<Object> resolve() {
        return resolve(false);
    }

    /**
     * As {@link #resolve()}, for a value used inside this process (a local call's arguments, a
     * stream chunk): the resolutions stay owned by the calls that made them, so releasing such a
     * call still closes the targets it returned, as in the reference.
     */
    CompletableFuture<Object> resolveForLocalUse() {
        return resolve(true);
    }

    private CompletableFuture<Object> resolve(boolean forLocalUse) {
        if (resolving != null) {
            return resolving;
        }
        if (promises == null) {
            return CompletableFuture.completedFuture(value());
        }
        List<PromiseSlot> slots = promises;
        promises = null;
        CompletableFuture<Object> all = new CompletableFuture<>();
        resolving = all;
        int[] remaining = {slots.size()};
        for (PromiseSlot slot : slots) {
            Hook hook = StubAccess.hook(slot.promise());
            Hook target = StubAccess.path(slot.promise()).isEmpty() ? hook : hook.get(StubAccess.path(slot.promise()));
            (forLocalUse ? target.pullForLocalUse() : target.pull()).whenComplete((v, err) -> {
                if (err != null) {
                    all.completeExceptionally(Futures.unwrap(err));
                    return;
                }
                slot.setter().accept(v);
                if (--remaining[0] == 0) {
                    all.complete(value());
                }
            });
        }
        return all;
    }

    /**
     * The value leaves this payload: pulled to be sent to the peer or used by the application.
     * From then on, targets in it are counted by whatever exports them, so disposing the payload
     * no longer closes them (only stubs).
     */
    void handOut() {
        handedOut = true;
        if (parent != null) {
            parent.handOut();
        }
    }

    /** Releases what this payload owns. Idempotent. */
    void dispose() {
        if (disposed) {
            return;
        }
        disposed = true;
        switch (source) {
            case RECEIVED:
                for (RpcStub stub : stubs) {
                    stub.close();
                }
                for (Pipe pipe : readables) {
                    pipe.cancelIfUnread();
                }
                break;
            case RETURN:
                if (!holdsNothing(plainValue)) {
                    releaseIn(plainValue, 0, Collections.newSetFromMap(new IdentityHashMap<>(4)));
                }
                break;
            case COMPOSITE:
                for (Payload part : parts) {
                    part.dispose();
                }
                break;
            case MAIN:
                if (plainValue instanceof RpcTarget && plainValue instanceof AutoCloseable closeable) {
                    TargetHook.closeQuietly(closeable);
                }
                break;
            default:
                break;
        }
    }

    /** Most results are plain scalars: they need no walk, and no set to walk with. */
    static boolean holdsNothing(Object value) {
        return value == null || value instanceof String || value instanceof Boolean || value instanceof byte[]
                || value instanceof Integer || value instanceof Long || value instanceof Double;
    }

    /**
     * A returned value hands its stubs and targets to the RPC system; find them to release them.
     * A target whose result was never handed out (it only served pipelined calls) is closed
     * here, as the reference disposes it, unless the method got it from its caller.
     */
    private void releaseIn(Object value, int depth, Set<Object> seen) {
        walk(value, depth, seen, RpcStub::close, target -> {
            if (!handedOut && !notOwned.contains(target) && target instanceof AutoCloseable closeable) {
                TargetHook.closeQuietly(closeable);
            }
        });
    }

    /** Visits the stubs and (once each) the targets in a value tree. */
    private static void walk(Object value, int depth, Set<Object> seen, Consumer<RpcStub> onStub,
                             Consumer<Object> onTarget) {
        if (value == null || depth > 256) {
            return;
        }
        if (value instanceof RpcStub stub) {
            onStub.accept(stub);
        } else if (TargetHook.isCapability(value)) {
            if (seen.add(value)) {
                onTarget.accept(value);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Object v : map.values()) {
                walk(v, depth + 1, seen, onStub, onTarget);
            }
        } else if (value instanceof Collection<?> list) {
            for (Object v : list) {
                walk(v, depth + 1, seen, onStub, onTarget);
            }
        } else if (value instanceof Object[] array) {
            for (Object v : array) {
                walk(v, depth + 1, seen, onStub, onTarget);
            }
        } else if (value.getClass().isRecord()) {
            for (RecordComponent c : value.getClass().getRecordComponents()) {
                try {
                    var accessor = c.getAccessor();
                    accessor.setAccessible(true);
                    walk(accessor.invoke(value), depth + 1, seen, onStub, onTarget);
                } catch (ReflectiveOperationException | RuntimeException ignored) {
                    // An unreadable component holds nothing we can release.
                }
            }
        } else if (value.getClass().isArray() && !value.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                walk(Array.get(value, i), depth + 1, seen, onStub, onTarget);
            }
        }
    }
}
