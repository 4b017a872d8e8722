package dev.capnweb.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A hook for a failure: every operation on it yields the same error. */
final class ErrorHook extends Hook {
    private final Throwable error;

    ErrorHook(Throwable error) {
        this.error = error;
    }

    @Override
    public SerialLane lane() {
        return null;
    }

    @Override
    public Hook call(List<Object> path, Payload args) {
        args.dispose();
        return this;
    }

    @Override
    public Hook get(List<Object> path) {
        return this;
    }

    @Override
    public Hook dup() {
        return this;
    }

    @Override
    public CompletableFuture<Object> pull() {
        return CompletableFuture.failedFuture(error);
    }

    @Override
    public void dispose() {
    }

    @Override
    public void onBroken(Consumer<Throwable> callback) {
        try {
            callback.accept(error);
        } catch (RuntimeException ignored) {
            // A callback's failure is its own; it must not break the caller.
        }
    }
}
