package dev.capnweb.spi;

import dev.capnweb.RpcException;
import dev.capnweb.SessionOptions;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes a transport has queued for its peer but not yet written, for transports to apply
 * {@link SessionOptions#maxQueuedSendBytes()} and {@link SessionOptions#sendStallTimeout()}.
 *
 * <p>A transport reports what it queues ({@link #add}) and what its connection wrote
 * ({@link #remove}), or, when it can only look, how much is still queued ({@link #update}). When
 * the backlog goes over the bound, the transport is told ({@link Listener#backlogChanged}) and
 * stops taking in the peer's messages, so that the session stops making answers; when it is
 * back under, it is told again and reads on. If the backlog stays over the bound for the stall
 * timeout, the transport is told to drop the peer ({@link Listener#stalled}).
 *
 * <p>Thread-safe. Adding and removing cost one atomic addition each; only crossing the bound
 * takes a lock. The stall timer runs on the JDK's shared delay scheduler, so a backlog adds no
 * thread of its own.
 */
public final class SendBacklog {
    /** What a transport does as its peer falls behind and catches up. */
    public interface Listener {
        /**
         * The backlog crossed the bound, one way or the other: {@link #isOver()} tells which.
         * Called outside any lock of the backlog's, possibly on the thread that wrote the bytes.
         */
        void backlogChanged();

        /**
         * The backlog stayed over the bound for the stall timeout: end the session with
         * {@code reason} and drop the connection (a peer that does not read cannot be expected
         * to read a close frame either).
         *
         * @param reason names the queued bytes and the timeout
         */
        void stalled(RpcException reason);
    }

    /**
     * The most messages a transport hands its session before the session has handled them: a
     * transport stops reading at this many, so that the answers already under way when the
     * backlog goes over its bound are few, however much larger than their calls they are.
     */
    public static final int MAX_UNHANDLED_MESSAGES = 16;

    private final long limit;
    private final Duration stallTimeout;
    private final Executor timerExecutor;
    private final Listener listener;
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean over;
    /** When the backlog last went over the bound (System.nanoTime). */
    private long overSince;
    /** At most one stall timer is armed at a time, however often the backlog crosses the bound. */
    private boolean timerArmed;
    private boolean closed;

    /**
     * @param limit         the bound in bytes
     * @param stallTimeout  how long the backlog may stay over it
     * @param timerExecutor runs the listener's {@code stalled} call
     * @param listener      the transport
     */
    public SendBacklog(long limit, Duration stallTimeout, Executor timerExecutor, Listener listener) {
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
     * @return a backlog for one session's transport
     */
    public static SendBacklog of(SessionOptions options, Listener listener) {
        return new SendBacklog(options.maxQueuedSendBytes(), options.sendStallTimeout(), options.executor(), listener);
    }

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

    /** @return whether the backlog is over the bound, so the peer's messages should wait */
    public boolean isOver() {
        return over;
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
        }
        listener.backlogChanged();
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
