package dev.capnweb.internal;

import dev.capnweb.RpcException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One row of a session's import table: something the peer exported to us (a stub or a promise),
 * or the result of a call we pushed. Used on the session's lane, except the local count, which
 * other sessions proxying through this one may raise.
 */
final class ImportEntry {
    final SessionCore session;
    final long id;
    /** Live local hooks on this entry; the peer is told to release when it drops to zero. */
    final AtomicInteger localRefcount = new AtomicInteger();
    /** What we owe the peer in {@code release}: 1 per introduction, as the reference counts. */
    private int remoteRefcount = 1;
    private Hook resolution;
    private CompletableFuture<Void> pulled;
    private List<Integer> brokenRegistrations;

    ImportEntry(SessionCore session, long id, boolean alreadyPulling) {
        this.session = session;
        this.id = id;
        if (alreadyPulling) {
            pulled = new CompletableFuture<>();
        }
    }

    Hook resolution() {
        return resolution;
    }

    /** The peer resolved (or rejected) this import. */
    void resolve(Hook hook) {
        if (localRefcount.get() == 0) {
            hook.dispose();
            return;
        }
        resolution = hook;
        sendRelease();
        if (brokenRegistrations != null) {
            for (int index : brokenRegistrations) {
                session.moveBrokenCallback(index, hook);
            }
            brokenRegistrations = null;
        }
        if (pulled != null) {
            pulled.complete(null);
            pulled = null;
        }
    }

    CompletableFuture<Object> awaitResolution() {
        if (pulled == null) {
            RpcException refused = session.sendPull(id);
            if (refused != null) {
                abort(refused);
                return CompletableFuture.failedFuture(refused);
            }
            pulled = new CompletableFuture<>();
        }
        return pulled.thenCompose(ignored -> resolution.pull());
    }

    /** The last local hook went away. */
    void dispose() {
        if (resolution != null) {
            resolution.dispose();
        } else {
            abort(new RpcException("Error", "RPC was canceled because the RpcPromise was disposed."));
            sendRelease();
        }
    }

    /** Marks an unresolved import broken. */
    void abort(Throwable error) {
        if (resolution == null) {
            resolution = new ErrorHook(error);
            if (pulled != null) {
                pulled.completeExceptionally(error);
                pulled = null;
            }
            brokenRegistrations = null;
        }
    }

    void onBroken(Consumer<Throwable> callback) {
        if (resolution != null) {
            resolution.onBroken(callback);
        } else {
            if (brokenRegistrations == null) {
                brokenRegistrations = new ArrayList<>();
            }
            brokenRegistrations.add(session.addBrokenCallback(callback));
        }
    }

    private void sendRelease() {
        if (remoteRefcount > 0) {
            session.sendRelease(id, remoteRefcount);
            remoteRefcount = 0;
        }
    }
}
