package dev.capnweb.internal;

import dev.capnweb.RpcException;
import dev.capnweb.StreamSink;
import dev.capnweb.Undefined;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes to a stream the peer holds: a WritableStream it exported to us, or the pipe we opened to
 * send it a ReadableStream or a Blob. Each call goes out as a {@code stream} message; a
 * {@link FlowController} keeps the unacknowledged bytes within the window, and writes made while
 * the window is full wait here, in order. This object owns the import and releases it once the
 * stream has ended (after the peer acknowledged {@code close} or {@code abort}, or after a failure).
 */
final class RemoteWritable implements StreamSink<Object> {
    private record Waiting(Object chunk, CompletableFuture<Void> done) {
    }

    private final SessionCore session;
    private final ImportHook hook;
    private final long id;
    private final FlowController window = FlowController.onSystemClock();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** The write whose future completes when the window opens again. */
    private CompletableFuture<Void> blocked;
    private Throwable failure;
    /** {@code close} or {@code abort} was called: no more writes. */
    private boolean ending;
    /** A close waiting behind writes the window holds back. */
    private CompletableFuture<Void> pendingClose;
    /** {@code close} or {@code abort} went out: the import is released on its answer. */
    private boolean endSent;
    private boolean released;

    RemoteWritable(SessionCore session, ImportHook hook) {
        this.session = session;
        this.hook = hook;
        this.id = hook.entry().id;
    }

    @Override
    public CompletableFuture<Void> write(Object chunk) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.lane().run(() -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else if (ending) {
                done.completeExceptionally(new IllegalStateException("write() after close() or abort() on a stream"));
            } else if (blocked != null || !waiting.isEmpty()) {
                waiting.add(new Waiting(chunk, done));
            } else {
                send(chunk, done);
            }
        });
        return done;
    }

    private void send(Object chunk, CompletableFuture<Void> done) {
        SessionCore.StreamCall call;
        try {
            call = session.sendStream(id, "write", java.util.Collections.singletonList(chunk));
        } catch (RuntimeException e) {
            failed(e);
            done.completeExceptionally(e);
            return;
        }
        FlowController.Token token = window.onSend(call.size());
        call.ack().whenComplete((v, err) -> session.lane().run(() -> {
            if (err != null) {
                window.onError(token);
                failed(Futures.unwrap(err));
            } else if (window.onAck(token) && blocked != null) {
                CompletableFuture<Void> unblocked = blocked;
                blocked = null;
                unblocked.complete(null);
                sendWaiting();
            }
        }));
        if (token.windowFullAtSend()) {
            blocked = done;
        } else {
            done.complete(null);
        }
    }

    private void sendWaiting() {
        while (blocked == null && failure == null) {
            Waiting w = waiting.poll();
            if (w == null) {
                break;
            }
            send(w.chunk(), w.done());
        }
        if (blocked == null && waiting.isEmpty() && pendingClose != null && failure == null) {
            CompletableFuture<Void> done = pendingClose;
            pendingClose = null;
            end("close", List.of(), done);
        }
    }

    @Override
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.lane().run(() -> {
            if (failure != null) {
                release();
                done.completeExceptionally(failure);
            } else if (ending) {
                done.completeExceptionally(new IllegalStateException("close() after close() or abort() on a stream"));
            } else {
                ending = true;
                if (waiting.isEmpty()) {
                    end("close", List.of(), done);
                } else {
                    // Writes held back by the window go first.
                    pendingClose = done;
                }
            }
        });
        return done;
    }

    @Override
    public CompletableFuture<Void> abort(Throwable reason) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.lane().run(() -> {
            if (failure != null || endSent) {
                done.complete(null);
                return;
            }
            ending = true;
            Throwable error = reason != null ? reason : new RpcException("Error", "WritableStream was aborted");
            endSent = true;
            failed(error);
            end("abort", List.of(reason == null ? Undefined.INSTANCE : reason), done);
        });
        return done;
    }

    /** Sends {@code close} or {@code abort}; the import goes once the peer answers. */
    private void end(String method, List<Object> args, CompletableFuture<Void> done) {
        endSent = true;
        SessionCore.StreamCall call;
        try {
            call = session.sendStream(id, method, args);
        } catch (RuntimeException e) {
            release();
            done.completeExceptionally(failure != null ? failure : e);
            return;
        }
        call.ack().whenComplete((v, err) -> session.lane().run(() -> {
            release();
            if (err != null && method.equals("close")) {
                // A failed write explains a failed close better than the close's own error.
                done.completeExceptionally(failure != null ? failure : Futures.unwrap(err));
            } else {
                done.complete(null);
            }
        }));
    }

    /** The stream failed: every waiting and later call fails with the first error. */
    private void failed(Throwable error) {
        if (failure != null) {
            return;
        }
        failure = error;
        if (blocked != null) {
            blocked.completeExceptionally(error);
            blocked = null;
        }
        for (Waiting w; (w = waiting.poll()) != null; ) {
            w.done().completeExceptionally(error);
        }
        if (pendingClose != null) {
            pendingClose.completeExceptionally(error);
            pendingClose = null;
        }
        if (!endSent) {
            release();
        }
    }

    private void release() {
        if (!released) {
            released = true;
            hook.dispose();
        }
    }

    /** @return the import ID the stream's messages name */
    long importId() {
        return id;
    }

    /** Gives the stream up before anything was written (the message naming it was never sent). */
    void abandon() {
        session.lane().run(() -> {
            ending = true;
            failed(new RpcException("Error", "The message carrying this stream was not sent."));
        });
    }

    /** @return bytes sent and not yet acknowledged (for tests) */
    double bytesInFlight() {
        return window.bytesInFlight();
    }

    /** @return the current window (for tests) */
    double window() {
        return window.window();
    }
}
