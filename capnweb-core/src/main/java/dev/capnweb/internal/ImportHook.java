package dev.capnweb.internal;

import dev.capnweb.RpcException;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A local reference to a remote import. Operations from outside the owning session's lane (a
 * stub of session A used while serving session B) hop onto that lane.
 */
class ImportHook extends Hook {
    private final boolean promise;
    private volatile ImportEntry entry;

    /** @return whether this stands for a promise (a call result), not a plain stub */
    boolean isPromise() {
        return promise;
    }

    ImportHook(ImportEntry entry, boolean promise) {
        this.promise = promise;
        this.entry = entry;
        entry.localRefcount.incrementAndGet();
    }

    /** @return the entry, or null once disposed */
    ImportEntry entry() {
        return entry;
    }

    @Override
    public SerialLane lane() {
        ImportEntry e = entry;
        return e == null ? null : e.session.lane();
    }

    private ImportEntry liveEntry() {
        ImportEntry e = entry;
        if (e == null) {
            throw new RpcException("Error", "Attempted to use RPC stub after it has been disposed.");
        }
        return e;
    }

    private Hook onOwnLane(ImportEntry e, java.util.function.Supplier<Hook> op) {
        if (e.session.lane().inLane()) {
            return op.get();
        }
        LocalPromiseHook result = new LocalPromiseHook(e.session.lane());
        e.session.lane().execute(() -> result.resolve(op.get()));
        return result;
    }

    @Override
    public Hook call(List<Object> path, Payload args) {
        ImportEntry e;
        try {
            e = liveEntry();
        } catch (RpcException ex) {
            args.dispose();
            return new ErrorHook(ex);
        }
        return onOwnLane(e, () -> e.resolution() != null
                ? e.resolution().call(path, args)
                : e.session.sendCall(e.id, path, args));
    }

    @Override
    public Hook get(List<Object> path) {
        ImportEntry e;
        try {
            e = liveEntry();
        } catch (RpcException ex) {
            return new ErrorHook(ex);
        }
        return onOwnLane(e, () -> e.resolution() != null
                ? e.resolution().get(path)
                : e.session.sendCall(e.id, path, null));
    }

    @Override
    public Hook dup() {
        ImportEntry e;
        try {
            e = liveEntry();
        } catch (RpcException ex) {
            return new ErrorHook(ex);
        }
        return new ImportHook(e, false);
    }

    @Override
    public CompletableFuture<Object> pull() {
        ImportEntry e;
        try {
            e = liveEntry();
        } catch (RpcException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        if (!promise && e.resolution() == null) {
            return CompletableFuture.failedFuture(
                    new RpcException("Error", "Can't pull this hook because it's not a promise hook."));
        }
        if (!e.session.lane().inLane()) {
            CompletableFuture<Object> result = new CompletableFuture<>();
            e.session.lane().execute(() -> pull().whenComplete((v, err) -> {
                if (err != null) {
                    result.completeExceptionally(Futures.unwrap(err));
                } else {
                    result.complete(v);
                }
            }));
            return result;
        }
        return e.resolution() != null ? e.resolution().pull() : e.awaitResolution();
    }

    @Override
    public void dispose() {
        ImportEntry e = entry;
        if (e == null) {
            return;
        }
        entry = null;
        e.session.lane().run(() -> {
            if (e.localRefcount.decrementAndGet() == 0) {
                e.dispose();
            }
        });
    }

    @Override
    public void onBroken(Consumer<Throwable> callback) {
        ImportEntry e = entry;
        if (e != null) {
            e.session.lane().run(() -> e.onBroken(callback));
        }
    }

    /** The peer's main object: disposing it ends the session, as in the reference. */
    static final class Main extends ImportHook {
        Main(ImportEntry entry) {
            super(entry, false);
        }

        @Override
        public void dispose() {
            ImportEntry e = entry();
            if (e != null) {
                e.session.shutdown();
            }
        }
    }
}
