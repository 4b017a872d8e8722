package dev.capnweb.internal;

import dev.capnweb.RpcPromise;
import dev.capnweb.internal.dispatch.Dispatcher;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** Calls and property reads on local values, with the reference's rules for results and params. */
final class LocalCalls {
    private LocalCalls() {
    }

    /**
     * Calls {@code path} on a local value. The params are disposed when the call completes (a
     * callee that keeps a stub it was given must {@code dup()} it).
     */
    static Hook call(Object root, List<Object> path, Payload args) {
        if (args.hasPendingPromises()) {
            // Arguments that are promises must settle first; if one fails, the method is not called.
            SerialLane lane = SerialLane.current();
            LocalPromiseHook result = new LocalPromiseHook(lane);
            args.resolveForLocalUse().whenComplete((v, err) -> onLane(lane, () -> {
                if (err != null) {
                    args.dispose();
                    result.resolve(new ErrorHook(Futures.unwrap(err)));
                } else {
                    result.resolve(call(root, path, args));
                }
            }));
            return result;
        }
        Dispatcher.Outcome outcome;
        try {
            outcome = Dispatcher.call(root, path, args.listValue());
        } catch (Throwable t) {
            args.dispose();
            return new ErrorHook(t);
        }
        if (outcome instanceof Dispatcher.Outcome.Forward f) {
            return StubAccess.hook(f.stub()).call(concat(StubAccess.path(f.stub()), f.rest()), args);
        }
        Object value = ((Dispatcher.Outcome.Value) outcome).value();
        if (value instanceof CompletionStage<?> stage) {
            SerialLane lane = SerialLane.current();
            LocalPromiseHook result = new LocalPromiseHook(lane);
            stage.whenComplete((v, err) -> onLane(lane, () -> {
                // The result is built before the params go: it looks at what they held.
                Hook settled = err != null ? new ErrorHook(Futures.unwrap(err)) : resultHook(v, args);
                args.dispose();
                result.resolve(settled);
            }));
            return result;
        }
        Hook settled = resultHook(value, args);
        args.dispose();
        return settled;
    }

    /**
     * A method's result, owned as {@link #resultHook(Object)} says, except targets the method got
     * in its params (a pipelined value, the caller's own object): those stay the caller's, so
     * releasing the result does not close them, e.g. the main object passed to and returned by
     * {@code echo}, directly or as a promise.
     */
    private static Hook resultHook(Object value, Payload args) {
        if (value instanceof RpcPromise || value instanceof CompletionStage<?>) {
            return resultHook(value);
        }
        // Scalars, most results, hold no target: no walk of the params for them.
        Set<Object> fromCaller = Payload.holdsNothing(value) ? Set.of() : capabilitiesFromCaller(args);
        return new PayloadHook(fromCaller.isEmpty() ? Payload.ofReturn(value) : Payload.ofReturn(value, fromCaller));
    }

    /**
     * @return the targets in the params, and those behind local stubs and promises in them (a
     *         promise of a local value resolves to that value, which its owner keeps)
     */
    private static Set<Object> capabilitiesFromCaller(Payload args) {
        Set<Object> found = Collections.newSetFromMap(new IdentityHashMap<>(4));
        Payload.visit(args.value(), stub -> {
            Hook hook = LocalPromiseHook.settled(StubAccess.hook(stub));
            if (hook instanceof TargetHook t) {
                found.add(t.target());
            } else if (hook instanceof PayloadHook p) {
                found.addAll(Payload.capabilitiesIn(p.value()));
            }
        }, found::add);
        return found;
    }

    /** Reads {@code path} on a local value. */
    static Hook get(Object root, List<Object> path) {
        Dispatcher.Outcome outcome;
        try {
            outcome = Dispatcher.get(root, path);
        } catch (Throwable t) {
            return new ErrorHook(t);
        }
        if (outcome instanceof Dispatcher.Outcome.Forward f) {
            return StubAccess.hook(f.stub()).get(concat(StubAccess.path(f.stub()), f.rest()));
        }
        Object value = ((Dispatcher.Outcome.Value) outcome).value();
        if (value instanceof RpcPromise || value instanceof CompletionStage<?>) {
            return resultHook(value);
        }
        // What a read reaches still belongs to the object read from: the reader borrows it.
        return new PayloadHook(Payload.borrowed(value));
    }

    /** A method's result: a returned promise is used as is (still pipelinable), anything else is owned. */
    static Hook resultHook(Object value) {
        if (value instanceof RpcPromise promise) {
            List<Object> path = StubAccess.path(promise);
            Hook hook = StubAccess.hook(promise);
            return path.isEmpty() ? hook : hook.get(path);
        }
        if (value instanceof CompletionStage<?> stage) {
            SerialLane lane = SerialLane.current();
            LocalPromiseHook result = new LocalPromiseHook(lane);
            stage.whenComplete((v, err) -> onLane(lane,
                    () -> result.resolve(err != null ? new ErrorHook(Futures.unwrap(err)) : resultHook(v))));
            return result;
        }
        return new PayloadHook(Payload.ofReturn(value));
    }

    static List<Object> concat(List<Object> a, List<Object> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        Object[] all = new Object[a.size() + b.size()];
        int i = 0;
        for (Object o : a) {
            all[i++] = o;
        }
        for (Object o : b) {
            all[i++] = o;
        }
        return List.of(all);
    }

    static void onLane(SerialLane lane, Runnable task) {
        if (lane == null) {
            task.run();
        } else {
            lane.run(task);
        }
    }
}
