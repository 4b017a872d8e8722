package dev.capnweb.spi;

import dev.capnweb.RpcException;
import dev.capnweb.SessionOptions;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one transport holds for its peer, for transports to apply
 * {@link SessionOptions#maxQueuedSendBytes()} and {@link SessionOptions#sendStallTimeout()}: the
 * bytes queued for the peer but not yet written, and the messages taken in from it that the
 * session has not handled yet.
 *
 * <p>A transport reports what it queues ({@link #add}) and what its connection wrote
 * ({@link #remove}), or, when it can only look, how much is still queued ({@link #update}); and it
 * hands each received message to the session with the callback {@link #taken} returns. While
 * {@link #readingPaused()}, because too much is unwritten (the peer is not reading) or not yet
 * handled (the session is behind), the transport takes in no more of the peer's messages; it is
 * told when it may read again ({@link Listener#readingMayResume}). The limit on messages not yet
 * handled keeps the answers already under way few when the send bound is reached, however much
 * larger than their calls they are. If the unwritten bytes stay over the bound for the stall
 * timeout, the transport is told to drop the peer ({@link Listener#stalled}).
 *
 * <p>Thread-safe. Each count costs one atomic addition; only crossing a bound takes a lock or
 * calls the listener. The stall timer runs on the JDK's shared delay scheduler, at most one per
 * transport, so it adds no thread.
 */
public final class Backpressure {
    /** How many messages a transport hands its session before the session has handled them. */
    public static final int MAX_UNHANDLED_MESSAGES = 16;

    /** What a transport does as its peer, or its session, falls behind and catches up. */
    public interface Listener {
        /**
         * A bound was crossed downwards: reading may go on, unless {@link #readingPaused()} still
         * says otherwise. Called outside any lock of this object's, on the thread that wrote the
         * bytes or handled the message.
         */
        void readingMayResume();

        /**
         * The unwritten bytes stayed over the bound for the stall timeout: end the session with
         * {@code reason} and drop the connection (a peer that does not read cannot be expected to
         * read a close frame either).
         *
         * @param reason names the queued bytes and the timeout
         */
        void stalled(RpcException reason);
    }

    private final long limit;
    private final Duration stallTimeout;
    private final Executor timerExecutor;
    private final Listener listener;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong unhandledUnits = new AtomicLong();
    private final AtomicInteger unhandledMessages = new AtomicInteger();
    private volatile boolean over;
    /** When the bytes last went over the bound (System.nanoTime). */
    private long overSince;
    /** At most one stall timer is armed at a time, however often the bytes cross the bound. */
    private boolean timerArmed;
    private boolean closed;

    /**
     * @param limit         the bound in bytes (and in UTF-16 units of messages not yet handled)
     * @param stallTimeout  how long the unwritten bytes may stay over it
     * @param timerExecutor runs the listener's {@code stalled} call
     * @param listener      the transport
     */
    public Backpressure(long limit, Duration stallTimeout, Executor timerExecutor, Listener listener) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
        this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
        this.timerExecutor = Objects.requireNonNull(timerExecutor, "timerExecutor");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * @param options  the session's options: the bound, the timeout, and the executor the
     *                 stall is reported on
     * @param listener the transport
     * @return the backpressure of one session's transport
     */
    public static Backpressure of(SessionOptions options, Listener listener) {
        return new Backpressure(options.maxQueuedSendBytes(), options.sendStallTimeout(), options.executor(), listener);
    }

    // ---- the send side ----

    /** @param n bytes just queued for the peer */
    public void add(long n) {
        if (bytes.addAndGet(n) > limit && !over) {
            recheck();
        }
    }

    /** @param n bytes of the queue the connection has written */
    public void remove(long n) {
        if (bytes.addAndGet(-n) <= limit && over) {
            recheck();
        }
    }

    /** @param queued what the transport found still queued, for one that can only look */
    public void update(long queued) {
        bytes.set(queued);
        if ((queued > limit) != over) {
            recheck();
        }
    }

    /** @return the bytes queued now */
    public long bytes() {
        return bytes.get();
    }

    /** @return the bound */
    public long limit() {
        return limit;
    }

    /** @return whether the unwritten bytes are over the bound: the peer is not reading */
    public boolean isOver() {
        return over;
    }

    // ---- the receive side ----

    /**
     * Counts a message handed to the session.
     *
     * @param units the message's length in UTF-16 units
     * @return what the session runs once it has handled the message
     *         ({@link RpcTransport.Receiver#onMessage(String, Runnable)})
     */
    public Runnable taken(int units) {
        unhandledUnits.addAndGet(units);
        unhandledMessages.incrementAndGet();
        return () -> {
            long now = unhandledUnits.addAndGet(-units);
            boolean fewer = unhandledMessages.getAndDecrement() == MAX_UNHANDLED_MESSAGES;
            if ((fewer || (now <= limit && now + units > limit)) && !readingPaused()) {
                listener.readingMayResume();
            }
        };
    }

    /** @return whether the peer's messages should wait: too much unwritten, or too much not yet handled */
    public boolean readingPaused() {
        return over || unhandledUnits.get() > limit || unhandledMessages.get() >= MAX_UNHANDLED_MESSAGES;
    }

    /** The connection is gone: no more calls to the listener, no timer left armed. */
    public void close() {
        synchronized (this) {
            closed = true;
            over = false;
        }
    }

    private void recheck() {
        boolean arm = false;
        synchronized (this) {
            boolean now = bytes.get() > limit;
            if (closed || now == over) {
                return;
            }
            over = now;
            if (now) {
                overSince = System.nanoTime();
                arm = !timerArmed;
                timerArmed = true;
            }
        }
        if (arm) {
            armTimer(stallTimeout.toNanos());
        } else if (!readingPaused()) {
            listener.readingMayResume();
        }
    }

    private void armTimer(long nanos) {
        CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS, timerExecutor).execute(this::stallCheck);
    }

    private void stallCheck() {
        long queued;
        synchronized (this) {
            if (closed || !over) {
                timerArmed = false;
                return;
            }
            long left = overSince + stallTimeout.toNanos() - System.nanoTime();
            if (left > 0) {
                // Over again since the timer was armed, but not for the whole timeout yet.
                armTimer(left);
                return;
            }
            closed = true;
            queued = bytes.get();
        }
        listener.stalled(new RpcException("Error", "Peer is not reading: " + queued + " bytes queued for it, over the "
                + limit + "-byte bound (maxQueuedSendBytes) for " + describe(stallTimeout) + " (sendStallTimeout)."));
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
