package dev.capnweb.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A local promise for a hook that is not known yet: the result of a call made from outside the
 * session's lane, of a method that returned a {@code CompletionStage}, or of
 * {@code RpcPromise.of}. Operations made before it resolves are queued and replayed in order.
 */
final class LocalPromiseHook extends Hook {
    private final SerialLane lane;
    private Hook resolution;
    private List<Consumer<Hook>> waiting = new ArrayList<>();
    private boolean disposed;

    LocalPromiseHook(SerialLane lane) {
        this.lane = lane;
    }

    @Override
    public SerialLane lane() {
        return lane;
    }

    /** @return what a resolved promise stands for, following chains; {@code hook} itself otherwise */
    static Hook settled(Hook hook) {
        while (hook instanceof LocalPromiseHook p) {
            Hook next;
            synchronized (p) {
                next = p.resolution;
            }
            if (next == null) {
                return hook;
            }
            hook = next;
        }
        return hook;
    }

    /** Sets the hook this promise stands for; replays queued operations. A second call is ignored. */
    void resolve(Hook hook) {
        List<Consumer<Hook>> queued;
        boolean disposeNow;
        synchronized (this) {
            if (resolution != null) {
                hook.dispose();
                return;
            }
            resolution = hook;
            queued = waiting;
            waiting = null;
            disposeNow = disposed;
        }
        for (Consumer<Hook> op : queued) {
            op.accept(hook);
        }
        if (disposeNow) {
            hook.dispose();
        }
    }

    /** Runs {@code op} on the resolution now if there is one, else when it comes. */
    private void whenResolved(Consumer<Hook> op) {
        Hook now;
        synchronized (this) {
            now = resolution;
            if (now == null) {
                waiting.add(op);
                return;
            }
        }
        op.accept(now);
    }

    private Hook derived(java.util.function.Function<Hook, Hook> op) {
        synchronized (this) {
            if (resolution == null) {
                LocalPromiseHook child = new LocalPromiseHook(lane);
                waiting.add(h -> child.resolve(safely(op, h)));
                return child;
            }
        }
        return op.apply(resolution);
    }

    private static Hook safely(java.util.function.Function<Hook, Hook> op, Hook h) {
        try {
            return op.apply(h);
        } catch (RuntimeException e) {
            return new ErrorHook(e);
        }
    }

    @Override
    public Hook call(List<Object> path, Payload args) {
        return derived(h -> h.call(path, args));
    }

    @Override
    public Hook get(List<Object> path) {
        return derived(h -> h.get(path));
    }

    @Override
    public Hook dup() {
        return derived(Hook::dup);
    }

    @Override
    public CompletableFuture<Object> pull() {
        return pullResolution(false);
    }

    @Override
    public CompletableFuture<Object> pullForLocalUse() {
        return pullResolution(true);
    }

    private CompletableFuture<Object> pullResolution(boolean local) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        whenResolved(h -> (local ? h.pullForLocalUse() : h.pull()).whenComplete((v, err) -> {
            if (err != null) {
                result.completeExceptionally(Futures.unwrap(err));
            } else {
                result.complete(v);
            }
        }));
        return result;
    }

    @Override
    public void dispose() {
        Hook now;
        synchronized (this) {
            if (disposed) {
                return;
            }
            disposed = true;
            now = resolution;
        }
        if (now != null) {
            now.dispose();
        }
    }

    @Override
    public void onBroken(Consumer<Throwable> callback) {
        whenResolved(h -> h.onBroken(callback));
    }
}
