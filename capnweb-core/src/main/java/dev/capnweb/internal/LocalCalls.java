package dev.capnweb.internal;

import dev.capnweb.RpcPromise;
import dev.capnweb.internal.dispatch.Dispatcher;

import java.util.List;
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
                args.dispose();
                result.resolve(err != null ? new ErrorHook(Futures.unwrap(err)) : resultHook(v));
            }));
            return result;
        }
        args.dispose();
        return resultHook(value);
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
