package dev.capnweb;

import dev.capnweb.internal.Hook;
import dev.capnweb.internal.LocalHooks;
import dev.capnweb.internal.SerialLane;
import dev.capnweb.internal.dispatch.Dispatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The result of a call (or a property of a stub) that may not be there yet.
 *
 * <p>It is a stub: calls and property reads on it are sent at once, pipelined on the pending
 * result, so a chain of dependent calls costs one round trip. It is also a
 * {@link CompletionStage} of the value: the first time anything subscribes to it ({@link #join()},
 * {@code thenApply}, {@link #toCompletableFuture()}...) the session asks the peer for the value
 * (a {@code pull}); a promise used only for pipelining is never pulled.
 *
 * <p>Values arrive as described in the {@code dev.capnweb} package documentation. Stubs inside a
 * delivered value belong to this promise: {@link #close()} releases them all (or close them one
 * by one). Completion callbacks run on the session's lane: they must not block; a blocking wait
 * ({@link #join()}, {@code get()}) from the lane fails at once with an {@link IllegalStateException}
 * saying so, instead of deadlocking.
 */
public final class RpcPromise extends RpcStub implements CompletionStage<Object> {
    private final List<Object> path;
    private final boolean ownsHook;
    private volatile CompletableFuture<Object> future;

    RpcPromise(Hook hook, List<Object> path, boolean ownsHook) {
        super(hook);
        this.path = path;
        this.ownsHook = ownsHook;
    }

    /**
     * A promise for a local future, usable like a remote one: calls made before it completes are
     * queued and delivered in order to what it completes with (a value, a stub, a target).
     *
     * @param future the future
     * @return a promise that owns what the future completes with
     */
    public static RpcPromise of(CompletionStage<?> future) {
        Objects.requireNonNull(future, "future");
        Hook pending = LocalHooks.pending();
        future.whenComplete((v, err) -> LocalHooks.complete(pending, v, err));
        return new RpcPromise(pending, List.of(), true);
    }

    List<Object> path() {
        return path;
    }

    @Override
    List<Object> mapPath() {
        return path;
    }

    @Override
    public RpcPromise call(String method, Object... args) {
        Objects.requireNonNull(method, "method");
        return callPath(append(method), args);
    }

    @Override
    public RpcPromise invoke(Object... args) {
        return callPath(path, args);
    }

    @Override
    public RpcPromise get(String property) {
        Objects.requireNonNull(property, "property");
        return new RpcPromise(hook, append(property), false);
    }

    @Override
    public RpcPromise get(int index) {
        return new RpcPromise(hook, append((long) index), false);
    }

    private List<Object> append(Object element) {
        List<Object> p = new ArrayList<>(path.size() + 1);
        p.addAll(path);
        p.add(element);
        return List.copyOf(p);
    }

    /**
     * A new, independent reference. For a pending remote promise this sends a message, as in the
     * reference; the copy is a stub (it cannot itself be awaited).
     */
    @Override
    public RpcStub dup() {
        return new RpcStub(apply(h -> h.get(path)));
    }

    /** Releases the promise and the stubs of its value; a property promise owns nothing. */
    @Override
    public void close() {
        if (ownsHook) {
            super.close();
        }
    }

    /**
     * Waits for the value.
     *
     * @return the value
     * @throws RpcException          the error the peer sent (or a local one, e.g. the session ended)
     * @throws IllegalStateException when called on the session's own lane
     */
    public Object join() {
        CompletableFuture<Object> f = future();
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * Waits for the value and converts it, e.g. to {@code Integer}, a record or a POJO (through
     * Jackson, with no polymorphic typing).
     *
     * @param type the Java type
     * @param <T>  the type
     * @return the converted value
     * @throws RpcException on a remote error, or a {@code TypeError} when the value does not convert
     */
    public <T> T join(Class<T> type) {
        return Dispatcher.convert(join(), type);
    }

    /**
     * The value, converted, as a future.
     *
     * @param type the Java type
     * @param <T>  the type
     * @return a future of the converted value
     */
    public <T> CompletableFuture<T> as(Class<T> type) {
        return future().thenApply(v -> Dispatcher.convert(v, type));
    }

    /** @return the future of the value; subscribing to it pulls the value */
    @Override
    public CompletableFuture<Object> toCompletableFuture() {
        return future();
    }

    private CompletableFuture<Object> future() {
        CompletableFuture<Object> f = future;
        if (f != null) {
            return f;
        }
        synchronized (this) {
            if (future == null) {
                Hook h = hook;
                SerialLane lane = h.lane();
                LaneFuture<Object> created = new LaneFuture<>(lane);
                future = created;
                Runnable pull = () -> {
                    Hook target = path.isEmpty() ? h : LocalHooks.safely(x -> x.get(path), h);
                    target.pull().whenComplete((v, err) -> {
                        if (err != null) {
                            created.completeExceptionally(err instanceof CompletionException ce && ce.getCause() != null
                                    ? ce.getCause() : err);
                        } else {
                            created.complete(v);
                        }
                    });
                };
                if (lane == null || lane.inLane()) {
                    pull.run();
                } else {
                    lane.execute(pull);
                }
            }
            return future;
        }
    }

    @Override
    public <U> CompletionStage<U> thenApply(Function<? super Object, ? extends U> fn) {
        return future().thenApply(fn);
    }

    @Override
    public <U> CompletionStage<U> thenApplyAsync(Function<? super Object, ? extends U> fn) {
        return future().thenApplyAsync(fn);
    }

    @Override
    public <U> CompletionStage<U> thenApplyAsync(Function<? super Object, ? extends U> fn, Executor executor) {
        return future().thenApplyAsync(fn, executor);
    }

    @Override
    public CompletionStage<Void> thenAccept(Consumer<? super Object> action) {
        return future().thenAccept(action);
    }

    @Override
    public CompletionStage<Void> thenAcceptAsync(Consumer<? super Object> action) {
        return future().thenAcceptAsync(action);
    }

    @Override
    public CompletionStage<Void> thenAcceptAsync(Consumer<? super Object> action, Executor executor) {
        return future().thenAcceptAsync(action, executor);
    }

    @Override
    public CompletionStage<Void> thenRun(Runnable action) {
        return future().thenRun(action);
    }

    @Override
    public CompletionStage<Void> thenRunAsync(Runnable action) {
        return future().thenRunAsync(action);
    }

    @Override
    public CompletionStage<Void> thenRunAsync(Runnable action, Executor executor) {
        return future().thenRunAsync(action, executor);
    }

    @Override
    public <U, V> CompletionStage<V> thenCombine(CompletionStage<? extends U> other, BiFunction<? super Object, ? super U, ? extends V> fn) {
        return future().thenCombine(other, fn);
    }

    @Override
    public <U, V> CompletionStage<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super Object, ? super U, ? extends V> fn) {
        return future().thenCombineAsync(other, fn);
    }

    @Override
    public <U, V> CompletionStage<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super Object, ? super U, ? extends V> fn, Executor executor) {
        return future().thenCombineAsync(other, fn, executor);
    }

    @Override
    public <U> CompletionStage<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super Object, ? super U> action) {
        return future().thenAcceptBoth(other, action);
    }

    @Override
    public <U> CompletionStage<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super Object, ? super U> action) {
        return future().thenAcceptBothAsync(other, action);
    }

    @Override
    public <U> CompletionStage<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super Object, ? super U> action, Executor executor) {
        return future().thenAcceptBothAsync(other, action, executor);
    }

    @Override
    public CompletionStage<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        return future().runAfterBoth(other, action);
    }

    @Override
    public CompletionStage<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
        return future().runAfterBothAsync(other, action);
    }

    @Override
    public CompletionStage<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        return future().runAfterBothAsync(other, action, executor);
    }

    @Override
    public <U> CompletionStage<U> applyToEither(CompletionStage<? extends Object> other, Function<? super Object, U> fn) {
        return future().applyToEither(other, fn);
    }

    @Override
    public <U> CompletionStage<U> applyToEitherAsync(CompletionStage<? extends Object> other, Function<? super Object, U> fn) {
        return future().applyToEitherAsync(other, fn);
    }

    @Override
    public <U> CompletionStage<U> applyToEitherAsync(CompletionStage<? extends Object> other, Function<? super Object, U> fn, Executor executor) {
        return future().applyToEitherAsync(other, fn, executor);
    }

    @Override
    public CompletionStage<Void> acceptEither(CompletionStage<? extends Object> other, Consumer<? super Object> action) {
        return future().acceptEither(other, action);
    }

    @Override
    public CompletionStage<Void> acceptEitherAsync(CompletionStage<? extends Object> other, Consumer<? super Object> action) {
        return future().acceptEitherAsync(other, action);
    }

    @Override
    public CompletionStage<Void> acceptEitherAsync(CompletionStage<? extends Object> other, Consumer<? super Object> action, Executor executor) {
        return future().acceptEitherAsync(other, action, executor);
    }

    @Override
    public CompletionStage<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        return future().runAfterEither(other, action);
    }

    @Override
    public CompletionStage<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
        return future().runAfterEitherAsync(other, action);
    }

    @Override
    public CompletionStage<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        return future().runAfterEitherAsync(other, action, executor);
    }

    @Override
    public <U> CompletionStage<U> thenCompose(Function<? super Object, ? extends CompletionStage<U>> fn) {
        return future().thenCompose(fn);
    }

    @Override
    public <U> CompletionStage<U> thenComposeAsync(Function<? super Object, ? extends CompletionStage<U>> fn) {
        return future().thenComposeAsync(fn);
    }

    @Override
    public <U> CompletionStage<U> thenComposeAsync(Function<? super Object, ? extends CompletionStage<U>> fn, Executor executor) {
        return future().thenComposeAsync(fn, executor);
    }

    @Override
    public <U> CompletionStage<U> handle(BiFunction<? super Object, Throwable, ? extends U> fn) {
        return future().handle(fn);
    }

    @Override
    public <U> CompletionStage<U> handleAsync(BiFunction<? super Object, Throwable, ? extends U> fn) {
        return future().handleAsync(fn);
    }

    @Override
    public <U> CompletionStage<U> handleAsync(BiFunction<? super Object, Throwable, ? extends U> fn, Executor executor) {
        return future().handleAsync(fn, executor);
    }

    @Override
    public CompletionStage<Object> whenComplete(BiConsumer<? super Object, ? super Throwable> action) {
        return future().whenComplete(action);
    }

    @Override
    public CompletionStage<Object> whenCompleteAsync(BiConsumer<? super Object, ? super Throwable> action) {
        return future().whenCompleteAsync(action);
    }

    @Override
    public CompletionStage<Object> whenCompleteAsync(BiConsumer<? super Object, ? super Throwable> action, Executor executor) {
        return future().whenCompleteAsync(action, executor);
    }

    @Override
    public CompletionStage<Object> exceptionally(Function<Throwable, ? extends Object> fn) {
        return future().exceptionally(fn);
    }

    @Override
    public String toString() {
        return "[object RpcPromise]";
    }
}
