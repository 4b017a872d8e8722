package dev.capnweb.ws;

import dev.capnweb.RpcException;
import dev.capnweb.SessionOptions;
import dev.capnweb.spi.RpcTransport;
import dev.capnweb.spi.Backpressure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One session over one WebSocket, whichever library holds the socket: one message per text
 * frame; a binary frame aborts the session; a close or an error breaks it with the reference's
 * wording; an abort closes with code 3000 and the reason. Subclasses adapt a library's socket
 * by implementing {@link #sendText} and {@link #closeSocket} and calling the {@code on…} methods
 * from its callbacks.
 *
 * <p>Backpressure: subclasses report what they queue and what the socket wrote to
 * {@link #backlog}, and every message reaches the session counted by it. While it
 * {@linkplain Backpressure#readingPaused() pauses reading} (too much unwritten, or not yet handled
 * by the session), received messages are held here instead of reaching the session, so it makes no more answers and takes in no more
 * work. A subclass that can also stop reading the socket does so ({@link #pausesReading()}, and
 * {@link #readingResumed()} tells it when to go on), so at most one message is held. A library
 * that cannot stop reading keeps taking frames in, so the messages held are bounded by the same
 * number of UTF-16 units (one message is always taken whole), past which the peer is dropped as
 * if it had stalled. A peer that stays over the bound for {@link SessionOptions#sendStallTimeout()}
 * is dropped ({@link #dropSocket()}) and the session ends with the backlog's error.
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
    /** Why the peer was dropped, if it was: what a send meanwhile fails with, so the session ends with it. */
    private RpcException dropped;
    /** Received while the backlog was over its bound, in order; null when none. */
    private ArrayDeque<String> held;
    /** UTF-16 units in {@link #held}. */
    private long heldUnits;
    /** What the socket has not yet written, and what the session has not yet handled. */
    final Backpressure backlog;

    /**
     * @param open    whether the socket is already open (a server), or still connecting (a client)
     * @param options the session's options, for the backlog's bound and timeout
     */
    WebSocketTransport(boolean open, SessionOptions options) {
        outbox = open ? null : new ArrayList<>();
        backlog = Backpressure.of(options, new Backpressure.Listener() {
            @Override
            public void readingMayResume() {
                resumeIfClear();
            }

            @Override
            public void stalled(RpcException reason) {
                drop(reason);
            }
        });
    }

    /** Queues one text frame for writing, without blocking. Called in order, under a lock. */
    abstract void sendText(String text);

    /** Starts the closing handshake. Called at most once. */
    abstract void closeSocket(int code, String reason);

    /** Closes the connection at once, without a closing handshake and discarding what is queued. */
    abstract void dropSocket();

    /** Hands one message to the session, counted until the session has handled it. */
    private void deliver(String text) {
        receiver.onMessage(text, backlog.taken(text.length()));
    }

    private void resumeIfClear() {
        if (!backlog.readingPaused()) {
            releaseHeld();
            readingResumed();
        }
    }

    /** @return whether this subclass stops reading the socket while the backlog is over its bound */
    boolean pausesReading() {
        return false;
    }

    /** The backlog is back under its bound: a subclass that stopped reading the socket reads on. */
    void readingResumed() {
    }

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
        RpcException tooMuch = null;
        synchronized (lock) {
            if (deaf) {
                return;
            }
            if (receiver == null) {
                early.add(text);
            } else if (held != null || backlog.readingPaused()) {
                if (held == null) {
                    held = new ArrayDeque<>();
                }
                held.add(text);
                heldUnits += text.length();
                // One message is always held whole; more are bounded, unless the socket stops too.
                if (!pausesReading() && held.size() > 1 && heldUnits > backlog.limit()) {
                    tooMuch = backlog.isOver()
                            ? new RpcException("Error", "Peer is not reading: it sent " + heldUnits
                                    + " UTF-16 units more while " + backlog.bytes() + " bytes were queued for it, over the "
                                    + backlog.limit() + "-byte bound (maxQueuedSendBytes).")
                            : new RpcException("Error", "Peer is sending faster than the session handles its messages: "
                                    + heldUnits + " UTF-16 units held, over the " + backlog.limit()
                                    + "-byte bound (maxQueuedSendBytes).");
                }
            } else {
                deliver(text);
            }
        }
        if (tooMuch != null) {
            drop(tooMuch);
        }
    }

    /** Hands the session what was held while the backlog was over, unless it went over again. */
    private void releaseHeld() {
        synchronized (lock) {
            while (held != null && !deaf && !backlog.readingPaused()) {
                String next = held.poll();
                if (next == null) {
                    held = null;
                    heldUnits = 0;
                    return;
                }
                heldUnits -= next.length();
                deliver(next);
            }
        }
    }

    /** The peer fell too far behind: drop the socket, then end the session with {@code reason}. */
    private void drop(RpcException reason) {
        synchronized (lock) {
            closed = true;
            dropped = reason;
            held = null;
        }
        // The session learns the reason first: dropping the socket reports a close of its own.
        end(reason, true);
        dropSocket();
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
        if (socketGone) {
            backlog.close();
        }
        Receiver r;
        synchronized (lock) {
            if (deaf) {
                return;
            }
            deaf = true;
            held = null;
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
                throw dropped != null ? dropped : new RpcException("Error", "WebSocket is closed.");
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
            held = null;
            if (closed) {
                return;
            }
            closed = true;
            outbox = null;
        }
        // The backlog stays watched: a peer that does not read our close frame is still dropped.
        closeSocket(WebSocketCloses.ABORT_CODE, WebSocketCloses.reasonFor(reason));
    }
}
