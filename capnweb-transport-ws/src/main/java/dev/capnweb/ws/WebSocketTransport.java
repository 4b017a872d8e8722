package dev.capnweb.ws;

import dev.capnweb.RpcException;
import dev.capnweb.spi.RpcTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One session over one WebSocket, whichever library holds the socket: one message per text
 * frame; a binary frame aborts the session; a close or an error breaks it with the reference's
 * wording; an abort closes with code 3000 and the reason. Subclasses adapt a library's socket
 * by implementing {@link #sendText} and {@link #closeSocket} and calling the {@code on…} methods
 * from its callbacks.
 */
abstract class WebSocketTransport implements RpcTransport {
    private final Object lock = new Object();
    private Receiver receiver;
    /** Received before the session started; null once started. */
    private List<String> early = new ArrayList<>();
    /** How the socket ended before the session started. */
    private Throwable endedEarly;
    /** Sent before the socket opened (a client still connecting); null once open. */
    private List<String> outbox;
    /** No more frames are taken in (after a binary frame, a close or an error). */
    private boolean deaf;
    /** The socket is closed or closing; nothing more goes out. */
    private boolean closed;

    /** @param open whether the socket is already open (a server), or still connecting (a client) */
    WebSocketTransport(boolean open) {
        outbox = open ? null : new ArrayList<>();
    }

    /** Queues one text frame for writing, without blocking. Called in order, under a lock. */
    abstract void sendText(String text);

    /** Starts the closing handshake. Called at most once. */
    abstract void closeSocket(int code, String reason);

    // ---- the library's callbacks ----

    /** The client's socket opened: what the session sent meanwhile goes now. */
    final void onOpen() {
        // Under the lock, so that a message the session sends meanwhile cannot overtake these.
        synchronized (lock) {
            List<String> queued = outbox;
            outbox = null;
            if (closed || queued == null) {
                return;
            }
            for (String m : queued) {
                sendText(m);
            }
        }
    }

    /** @param text one text message */
    final void onText(String text) {
        // Under the lock, so that a message cannot overtake those start() is handing over.
        // Receivers only queue the message, so the lock is held briefly.
        synchronized (lock) {
            if (deaf) {
                return;
            }
            if (receiver == null) {
                early.add(text);
            } else {
                receiver.onMessage(text);
            }
        }
    }

    /** A binary message arrived: the session aborts (and says so to the peer). */
    final void onBinary() {
        end(WebSocketCloses.binaryFrame(), false);
    }

    /** A message exceeded the size limit while it was being received. */
    final void onTooLarge(int maxMessageSize) {
        end(WebSocketCloses.tooLarge(maxMessageSize), false);
    }

    /** The socket closed, from either side. */
    final void onClose(int code, String reason) {
        end(WebSocketCloses.peerClosed(code, reason), true);
    }

    /** The socket failed; it may still be open, so the session's abort will close it. */
    final void onError() {
        end(WebSocketCloses.connectionFailed(), false);
    }

    private void end(RpcException error, boolean socketGone) {
        Receiver r;
        synchronized (lock) {
            if (deaf) {
                return;
            }
            deaf = true;
            if (socketGone) {
                closed = true;
            }
            r = receiver;
            if (r == null) {
                endedEarly = error;
                return;
            }
        }
        r.onClosed(error);
    }

    // ---- the session's side ----

    @Override
    public final void start(Receiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        synchronized (lock) {
            if (this.receiver != null) {
                throw new IllegalStateException("transport already started");
            }
            this.receiver = receiver;
            for (String m : early) {
                receiver.onMessage(m);
            }
            early = null;
            if (endedEarly != null) {
                receiver.onClosed(endedEarly);
            }
        }
    }

    @Override
    public final void send(String message) {
        synchronized (lock) {
            if (closed) {
                throw new RpcException("Error", "WebSocket is closed.");
            }
            if (outbox != null) {
                outbox.add(message);
            } else {
                sendText(message);
            }
        }
    }

    @Override
    public final void abort(Throwable reason) {
        synchronized (lock) {
            deaf = true;
            if (closed) {
                return;
            }
            closed = true;
            outbox = null;
        }
        closeSocket(WebSocketCloses.ABORT_CODE, WebSocketCloses.reasonFor(reason));
    }
}
