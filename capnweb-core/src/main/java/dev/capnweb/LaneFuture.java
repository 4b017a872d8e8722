package dev.capnweb;

import dev.capnweb.internal.SerialLane;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future behind an {@link RpcPromise}: a {@code CompletableFuture} that refuses a blocking
 * wait from the session's own lane, where it could only deadlock, with a message saying what to
 * do instead. Stages derived from it check the same.
 */
final class LaneFuture<T> extends CompletableFuture<T> {
    private final SerialLane lane;

    LaneFuture(SerialLane lane) {
        this.lane = lane;
    }

    private void beforeWait() {
        if (isDone()) {
            // Nothing to wait for: reading a settled result is fine from any thread.
            return;
        }
        checkNotOnLane(lane);
        if (lane != null) {
            lane.beforeBlockingWait();
        }
    }

    static void checkNotOnLane(SerialLane lane) {
        if (lane != null && lane.inLane()) {
            throw new IllegalStateException("Blocking on an RpcPromise from a thread that is serving the same "
                    + "RPC session would deadlock: that thread is the one that must deliver the result. Compose "
                    + "instead (thenApply/thenCompose), or return a CompletionStage from the target method.");
        }
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        beforeWait();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        beforeWait();
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        beforeWait();
        return super.join();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new LaneFuture<>(lane);
    }
}
