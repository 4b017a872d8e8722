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
    /** Told when the count reaches zero, before the target closes; may be null. */
    private final Runnable onLastRelease;
    private boolean disposed;

    TargetHook(Object target) {
        this(target, new AtomicInteger(1), null);
    }

    /** @param onLastRelease told when the last of this hook and its duplicates is disposed */
    TargetHook(Object target, Runnable onLastRelease) {
        this(target, new AtomicInteger(1), onLastRelease);
    }

    private TargetHook(Object target, AtomicInteger refcount, Runnable onLastRelease) {
        this.target = target;
        this.refcount = refcount;
        this.onLastRelease = onLastRelease;
    }

    /** @return the local object this hook calls */
    Object target() {
        return target;
    }

    /** @return a duplicate, or null if every reference is already gone (the target closed) */
    TargetHook dupIfLive() {
        int n;
        do {
            n = refcount.get();
            if (n == 0) {
                return null;
            }
        } while (!refcount.compareAndSet(n, n + 1));
        return new TargetHook(target, refcount, onLastRelease);
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
        return new TargetHook(target, refcount, onLastRelease);
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
        if (refcount.decrementAndGet() == 0) {
            if (onLastRelease != null) {
                onLastRelease.run();
            }
            if (target instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
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
