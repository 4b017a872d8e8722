package dev.capnweb.ws;

import dev.capnweb.spi.Backpressure;
import org.java_websocket.WebSocketImpl;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The send backlog of a Java-WebSocket connection, which reports no written bytes: it is read off
 * the connection's queue of unwritten frames. Sends are only counted until they could add up to
 * the bound; then the queue is measured, and while it is over the bound it is measured again
 * every {@link #POLL_MILLIS} ms until the peer has read enough or the backlog gives up on it.
 */
final class OutQueueMeter {
    static final long POLL_MILLIS = 10;

    private final Backpressure backlog;
    private final Supplier<WebSocketImpl> connection;
    private final Executor executor;
    /** The queue's size when last measured. */
    private long measured;
    /** Bytes sent since then. */
    private long sentSince;
    private boolean polling;

    /**
     * @param backlog    the transport's backlog
     * @param connection the connection, once there is one (a client's is made when it connects)
     * @param executor   where polls run
     */
    OutQueueMeter(Backpressure backlog, Supplier<WebSocketImpl> connection, Executor executor) {
        this.backlog = backlog;
        this.connection = connection;
        this.executor = executor;
    }

    /**
     * @param bytes a frame's payload just handed to Java-WebSocket. Called under the transport's
     *              lock; the backlog is updated outside this meter's, since crossing the bound
     *              takes the transport's lock (lock order: transport, then meter).
     */
    void sent(int bytes) {
        long queued;
        synchronized (this) {
            sentSince += bytes;
            if (measured + sentSince <= backlog.limit()) {
                return;
            }
            queued = measure();
        }
        backlog.update(queued);
        startPolling();
    }

    /** @return the bytes queued now, remembered as the last measurement */
    private long measure() {
        WebSocketImpl conn = connection.get();
        long queued = 0;
        if (conn != null) {
            // Java-WebSocket leaves a partly written frame at the head of the queue, its position moved on.
            for (ByteBuffer frame : conn.outQueue) {
                queued += frame.remaining();
            }
        }
        measured = queued;
        sentSince = 0;
        return queued;
    }

    private void startPolling() {
        synchronized (this) {
            if (polling || !backlog.isOver()) {
                return;
            }
            polling = true;
        }
        schedulePoll();
    }

    private void schedulePoll() {
        CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS, executor).execute(this::poll);
    }

    private void poll() {
        long queued;
        synchronized (this) {
            queued = measure();
        }
        backlog.update(queued);
        synchronized (this) {
            if (!backlog.isOver()) {
                polling = false;
                return;
            }
        }
        schedulePoll();
    }
}
