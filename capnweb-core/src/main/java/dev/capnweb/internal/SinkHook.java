package dev.capnweb.internal;

import dev.capnweb.RpcException;
import dev.capnweb.StreamSink;
import dev.capnweb.Undefined;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A local {@link StreamSink} exported as a WritableStream (our {@code ["writable", id]}, or the
 * writable end of a pipe the peer opened). The peer's {@code write}, {@code close} and
 * {@code abort} reach the sink one at a time in arrival order; each is answered when the sink's
 * future completes, which is how a slow sink slows the peer down. An {@code abort} does not wait
 * behind writes the sink has not taken. Duplicates share one count; when the last goes without
 * a {@code close} or {@code abort}, the sink is aborted, as the reference does.
 */
final class SinkHook extends Hook {
    /** What every duplicate shares. Used on the lane only. */
    private static final class State {
        final SerialLane lane;
        final StreamSink<Object> sink;
        final ArrayDeque<Op> queue = new ArrayDeque<>();
        int refcount = 1;
        boolean ended;
        boolean busy;
        Throwable failure;

        State(SerialLane lane, StreamSink<Object> sink) {
            this.lane = lane;
            this.sink = sink;
        }
    }

    private record Op(String method, Payload args, LocalPromiseHook result) {
    }

    private final State state;
    private boolean disposed;

    @SuppressWarnings("unchecked")
    SinkHook(SerialLane lane, StreamSink<?> sink) {
        this.state = new State(lane, (StreamSink<Object>) sink);
    }

    private SinkHook(State state) {
        this.state = state;
    }

    @Override
    public SerialLane lane() {
        return state.lane;
    }

    @Override
    public Hook call(List<Object> path, Payload args) {
        if (disposed) {
            args.dispose();
            return new ErrorHook(new RpcException("Error", "Attempted to use a WritableStream stub after it was disposed."));
        }
        if (path.size() != 1 || !(path.get(0) instanceof String method)) {
            args.dispose();
            return new ErrorHook(new RpcException("Error", "WritableStream stub only supports direct method calls"));
        }
        if (!method.equals("write") && !method.equals("close") && !method.equals("abort")) {
            args.dispose();
            return new ErrorHook(new RpcException("Error", "Unknown WritableStream method: " + method));
        }
        LocalPromiseHook result = new LocalPromiseHook(state.lane);
        if (!method.equals("write")) {
            state.ended = true;
        }
        if (method.equals("abort")) {
            abortNow(args, result);
        } else {
            state.queue.add(new Op(method, args, result));
            next();
        }
        return result;
    }

    /** An abort fails what is queued and reaches the sink at once. */
    private void abortNow(Payload args, LocalPromiseHook result) {
        Object reason = args.listValue().isEmpty() ? Undefined.INSTANCE : args.listValue().get(0);
        Throwable error = SessionCore.asError(reason);
        if (state.failure == null) {
            state.failure = error;
        }
        for (Op op; (op = state.queue.poll()) != null; ) {
            op.args().dispose();
            op.result().resolve(new ErrorHook(error));
        }
        settle(invoke(() -> state.sink.abort(error)), args, result, false);
    }

    /** Starts the next queued operation once the one before has finished. */
    private void next() {
        if (state.busy || state.queue.isEmpty()) {
            return;
        }
        Op op = state.queue.poll();
        state.busy = true;
        if (op.args().hasPendingPromises()) {
            op.args().resolveForLocalUse().whenComplete((v, err) -> state.lane.run(() -> {
                if (err != null) {
                    op.args().dispose();
                    op.result().resolve(new ErrorHook(Futures.unwrap(err)));
                    state.busy = false;
                    next();
                } else {
                    start(op);
                }
            }));
        } else {
            start(op);
        }
    }

    private void start(Op op) {
        if (state.failure != null) {
            op.args().dispose();
            op.result().resolve(new ErrorHook(state.failure));
            state.busy = false;
            next();
            return;
        }
        CompletionStage<Void> done;
        if (op.method().equals("write")) {
            List<Object> args = op.args().listValue();
            Object chunk = args.isEmpty() ? Undefined.INSTANCE : args.get(0);
            done = invoke(() -> state.sink.write(chunk));
        } else {
            done = invoke(state.sink::close);
        }
        settle(done, op.args(), op.result(), true);
    }

    private static CompletionStage<Void> invoke(java.util.function.Supplier<CompletionStage<Void>> op) {
        try {
            CompletionStage<Void> stage = op.get();
            return stage != null ? stage : CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Answers the peer when the sink's future completes; chunk stubs live until then. */
    private void settle(CompletionStage<Void> done, Payload args, LocalPromiseHook result, boolean queued) {
        done.whenComplete((v, err) -> state.lane.run(() -> {
            args.dispose();
            if (err != null) {
                Throwable cause = Futures.unwrap(err);
                if (state.failure == null) {
                    state.failure = cause;
                }
                result.resolve(new ErrorHook(cause));
            } else {
                result.resolve(new PayloadHook(Payload.ofReturn(Undefined.INSTANCE)));
            }
            if (queued) {
                state.busy = false;
                next();
            }
        }));
    }

    @Override
    public Hook get(List<Object> path) {
        return new ErrorHook(new RpcException("Error", "Cannot access properties on a WritableStream stub"));
    }

    @Override
    public Hook dup() {
        state.refcount++;
        return new SinkHook(state);
    }

    @Override
    public CompletableFuture<Object> pull() {
        return CompletableFuture.failedFuture(new RpcException("Error", "Cannot pull a WritableStream stub"));
    }

    @Override
    public void dispose() {
        if (disposed) {
            return;
        }
        disposed = true;
        if (--state.refcount == 0 && !state.ended) {
            state.ended = true;
            RpcException reason = new RpcException("Error", "WritableStream RPC stub was disposed without calling close()");
            LocalPromiseHook ignored = new LocalPromiseHook(state.lane);
            abortNow(Payload.ofReturn(List.of(reason)), ignored);
            ignored.dispose();
        }
    }

    @Override
    public void onBroken(Consumer<Throwable> callback) {
        // A stream reports failure through its calls, not as a broken capability.
    }
}
