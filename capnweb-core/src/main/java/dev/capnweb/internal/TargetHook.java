package dev.capnweb.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.capnweb.RpcException;
import dev.capnweb.internal.dispatch.Dispatcher;

/**
 * A local {@code RpcTarget} or function. Duplicates share one count; when the last is disposed,
 * the target's {@code close()} runs if it is {@link AutoCloseable}.
 */
final class TargetHook extends Hook {
    private final Object target;
    private final AtomicInteger refcount;
    private boolean disposed;

    TargetHook(Object target) {
        this(target, new AtomicInteger(1));
    }

    private TargetHook(Object target, AtomicInteger refcount) {
        this.target = target;
        this.refcount = refcount;
    }

    @Override
    public SerialLane lane() {
        return null;
    }

    @Override
    public Hook call(List<Object> path, Payload args) {
        return LocalCalls.call(target, path, args);
    }

    @Override
    public Hook get(List<Object> path) {
        return LocalCalls.get(target, path);
    }

    @Override
    public Hook dup() {
        refcount.incrementAndGet();
        return new TargetHook(target, refcount);
    }

    @Override
    public CompletableFuture<Object> pull() {
        return CompletableFuture.failedFuture(new RpcException("Error", "Tried to resolve a non-promise stub."));
    }

    @Override
    public synchronized void dispose() {
        if (disposed) {
            return;
        }
        disposed = true;
        if (refcount.decrementAndGet() == 0 && target instanceof AutoCloseable closeable) {
            closeQuietly(closeable);
        }
    }

    @Override
    public void onBroken(Consumer<Throwable> callback) {
        // A local target never breaks.
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception | LinkageError e) {
            // The target's own failure to clean up must not disturb the session.
        }
    }

    static boolean isCapability(Object value) {
        return value instanceof dev.capnweb.RpcTarget || Dispatcher.isFunction(value);
    }
}
