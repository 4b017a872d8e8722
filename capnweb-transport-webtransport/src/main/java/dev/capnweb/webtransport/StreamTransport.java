package dev.capnweb.webtransport;

import dev.capnweb.RpcException;
import dev.capnweb.SessionOptions;
import dev.capnweb.spi.RpcTransport;
import dev.capnweb.spi.Backpressure;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One session over one WebTransport bidirectional stream, framed as lines (see the module
 * README). Reading takes a thread of {@code executor} for the session's life (the QUIC library's
 * streams block); writing happens on the executor too, in order, so the session never blocks
 * on QUIC flow control. An abort sends what is queued (the {@code abort} message last) and ends
 * the stream; the WebTransport session is closed (code {@value #ABORT_CODE}) once the peer has
 * ended its side too, or after {@link #CLOSE_GRACE}. Closing at once would race the abort
 * message: the close travels on another QUIC stream and makes the peer drop unread data.
 *
 * <p>Bytes queued for writing, and messages the session has not handled yet, count in a
 * {@link Backpressure}: while it pauses reading, the reading thread waits before taking the next
 * message, so QUIC's flow control pushes back on the peer; a peer that stays over
 * {@link SessionOptions#maxQueuedSendBytes()} for {@link SessionOptions#sendStallTimeout()} has
 * its WebTransport session closed at once.
 */
final class StreamTransport implements RpcTransport {
    /** The application error code an abort closes the WebTransport session with (as WebSocket's 3000). */
    static final long ABORT_CODE = 3000;
    /** How long an abort waits for the peer to end its side before closing the session anyway. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /**
     * Kwik 0.10.8 can lose the send request of a stream write: the request is queued before its
     * counter is raised, so when the sender thread runs it in between, the sender sees no request
     * pending but skips rescheduling the rest of the buffer, which then waits forever (seen in
     * about a third of 20 KB writes on this machine). A write that fits in one QUIC frame needs no
     * rescheduling, so messages are written in slices well under a frame.
     */
    static final int KWIK_WRITE_SLICE = 512;
    /** Flupke refuses close messages over 1024 bytes. */
    private static final int MAX_REASON_BYTES = 1024;

    /** Closes the WebTransport session (and a client's connection). */
    interface Closer {
        void close(long code, String reason);
    }

    private final LineReader reader;
    private final OutputStream out;
    private final Closer closer;
    private final Executor executor;
    private final Object lock = new Object();
    private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
    private boolean writing;
    private boolean closed;
    /** Why the peer was dropped, if it was: what a send meanwhile fails with, so the session ends with it. */
    private RpcException dropped;
    private String closeReason;
    private Receiver receiver;
    private boolean ended;
    /** How the stream ended before the session started. */
    private RpcException endedEarly;
    private final CountDownLatch readerDone = new CountDownLatch(1);
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private final Backpressure backlog;

    StreamTransport(LineReader reader, OutputStream out, Closer closer, Executor executor, SessionOptions options) {
        this.reader = reader;
        this.out = out;
        this.closer = closer;
        this.executor = executor;
        this.backlog = Backpressure.of(options, new Backpressure.Listener() {
            @Override
            public void readingMayResume() {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }

            @Override
            public void stalled(RpcException reason) {
                dropStalled(reason);
            }
        });
    }

    @Override
    public void start(Receiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        synchronized (lock) {
            if (this.receiver != null) {
                throw new IllegalStateException("transport already started");
            }
            this.receiver = receiver;
            if (endedEarly != null) {
                readerDone.countDown();
                receiver.onClosed(endedEarly);
                return;
            }
        }
        executor.execute(this::readLoop);
    }

    private void readLoop() {
        try {
            String message;
            while (true) {
                awaitBacklog();
                message = reader.next();
                if (message == null) {
                    break;
                }
                receiver.onMessage(message, backlog.taken(message.length()));
            }
            ended(new RpcException("Error", "Peer closed the WebTransport stream."));
        } catch (LineReader.TooLong e) {
            ended(new RpcException("TypeError", e.getMessage()));
            drain();
        } catch (CharacterCodingException e) {
            ended(new RpcException("TypeError", "Received a WebTransport message that is not valid UTF-8."));
            drain();
        } catch (IOException | RuntimeException e) {
            ended(new RpcException("Error", "WebTransport connection failed: " + e.getMessage()));
        } finally {
            readerDone.countDown();
        }
    }

    /**
     * Waits while the peer has too much unread, or the session has too much not yet handled,
     * leaving the peer's next message in the stream.
     */
    private void awaitBacklog() throws IOException {
        synchronized (lock) {
            while (backlog.readingPaused() && !ended) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while the peer was not reading", e);
                }
            }
        }
    }

    /** The peer stayed over the bound: the session ends with {@code reason}, the WebTransport session closes now. */
    private void dropStalled(RpcException reason) {
        synchronized (lock) {
            outbox.clear();
            closed = true;
            dropped = reason;
            closeReason = null;
        }
        ended(reason);
        try {
            closer.close(ABORT_CODE, truncate(reason.getMessage()));
        } finally {
            closedFuture.complete(null);
        }
    }

    /** After a framing error: discard what comes until the peer ends its side (or the close cuts it). */
    private void drain() {
        try {
            while (reader.skip()) {
                // Discarded.
            }
        } catch (IOException | RuntimeException ignored) {
            // The session is closing; the peer's side is over either way.
        }
    }

    /** The peer closed the WebTransport session. */
    void peerClosed(long code, String reason) {
        readerDone.countDown();
        ended(new RpcException("Error", "Peer closed WebTransport session: " + code + " " + (reason == null ? "" : reason)));
    }

    private void ended(RpcException reason) {
        Receiver r;
        synchronized (lock) {
            if (ended) {
                return;
            }
            ended = true;
            lock.notifyAll();
            r = receiver;
            if (r == null) {
                endedEarly = reason;
                return;
            }
        }
        r.onClosed(reason);
    }

    @Override
    public void send(String message) {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (lock) {
            if (closed) {
                throw dropped != null ? dropped : new RpcException("Error", "WebTransport session is closed.");
            }
            outbox.add(bytes);
            backlog.add(bytes.length);
            if (writing) {
                return;
            }
            writing = true;
        }
        executor.execute(this::writeLoop);
    }

    private void writeLoop() {
        while (true) {
            byte[] next;
            String reasonToClose = null;
            synchronized (lock) {
                next = outbox.poll();
                if (next == null) {
                    writing = false;
                    if (closed && closeReason != null) {
                        reasonToClose = closeReason;
                        closeReason = null;
                    } else {
                        return;
                    }
                }
            }
            if (next == null) {
                finish(reasonToClose);
                return;
            }
            try {
                for (int off = 0; off < next.length; off += KWIK_WRITE_SLICE) {
                    out.write(next, off, Math.min(KWIK_WRITE_SLICE, next.length - off));
                }
                out.flush();
                backlog.remove(next.length);
            } catch (IOException | RuntimeException e) {
                String reason;
                synchronized (lock) {
                    outbox.clear();
                    closed = true;
                    reason = closeReason == null ? "write failed" : closeReason;
                }
                ended(new RpcException("Error", "WebTransport connection failed: " + e.getMessage()));
                finish(reason);
                return;
            }
        }
    }

    @Override
    public void abort(Throwable reason) {
        String text = reason == null || reason.getMessage() == null ? String.valueOf(reason) : reason.getMessage();
        boolean startWriter;
        synchronized (lock) {
            ended = true;
            lock.notifyAll();
            if (closed) {
                return;
            }
            closed = true;
            closeReason = text;
            startWriter = !writing;
            writing = true;
        }
        if (startWriter) {
            executor.execute(this::writeLoop);
        }
    }

    private void finish(String reason) {
        try {
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // The session close below ends the stream anyway.
        }
        try {
            readerDone.await(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            closer.close(ABORT_CODE, truncate(reason == null ? "" : reason));
        } finally {
            closedFuture.complete(null);
        }
    }

    /** @return completes once the WebTransport session has been closed after an abort */
    CompletableFuture<Void> closed() {
        return closedFuture;
    }

    static String truncate(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return text;
        }
        int end = MAX_REASON_BYTES;
        while (end > 0 && (bytes[end] & 0xc0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
