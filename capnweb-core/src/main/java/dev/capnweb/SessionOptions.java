package dev.capnweb;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Options of a session, immutable, built with {@link #builder()}.
 *
 * <p>Receiver limits are checked on everything the peer sends and abort the session with the
 * reference's error when exceeded:
 * <ul>
 *   <li>{@code maxMessageSize}: 33,554,432 UTF-16 code units by default (the reference's), checked
 *       before parsing: {@code TypeError: Incoming message exceeds maximum size of N UTF-16 code units.}</li>
 *   <li>{@code maxDepth}: 256 nesting levels: {@code TypeError: Deserialization exceeded maximum allowed message depth of N.}</li>
 *   <li>{@code maxBigIntDigits}: 16,384 characters, a sign included:
 *       {@code TypeError: Deserialized bigint exceeds maximum length of N digits.}</li>
 * </ul>
 * Beyond the reference, what a peer can make this side hold is bounded (README, "Limits and
 * defaults"):
 * <ul>
 *   <li>{@code maxImports} and {@code maxExports}: 65,536 live entries each; a message that would
 *       grow a table past its cap aborts the session with {@code Error: import table is full (N
 *       entries)} or {@code Error: export table is full (N entries)}.</li>
 *   <li>{@code maxRetainedBytes}: 64 MiB per session of what the peer's messages leave in the tables
 *       (pushes not yet pulled or released, stream writes not yet read, stubs it exported), each
 *       entry counted as {@link MemoryBudget#ENTRY_COST} plus the length of its message.</li>
 *   <li>{@code memoryBudget}: the same, across every session that shares the budget; by default
 *       one JVM-wide budget of a quarter of the heap ({@link MemoryBudget#shared()}).</li>
 *   <li>{@code maxQueuedSendBytes} and {@code sendStallTimeout}: 4 MiB and 30 s. When the bytes a
 *       transport has queued for the peer but not yet written exceed the bound, the session stops
 *       taking in the peer's messages until the peer has read enough; a peer that stays over the
 *       bound for the timeout is dropped, and the session ends with
 *       {@code Error: Peer is not reading: ...}.</li>
 * </ul>
 */
public final class SessionOptions {
    private static final ExecutorService SHARED_POOL = Executors.newCachedThreadPool(new LaneThreads());

    private final int maxMessageSize;
    private final int maxDepth;
    private final int maxBigIntDigits;
    private final int maxImports;
    private final int maxExports;
    private final long maxRetainedBytes;
    private final MemoryBudget memoryBudget;
    private final int maxQueuedSendBytes;
    private final Duration sendStallTimeout;
    private final Function<Throwable, Throwable> onSendError;
    private final Executor executor;

    private SessionOptions(Builder b) {
        this.maxMessageSize = b.maxMessageSize;
        this.maxDepth = b.maxDepth;
        this.maxBigIntDigits = b.maxBigIntDigits;
        this.maxImports = b.maxImports;
        this.maxExports = b.maxExports;
        this.maxRetainedBytes = b.maxRetainedBytes;
        this.memoryBudget = b.memoryBudget;
        this.maxQueuedSendBytes = b.maxQueuedSendBytes;
        this.sendStallTimeout = b.sendStallTimeout;
        this.onSendError = b.onSendError;
        this.executor = b.executor;
    }

    /** @return the defaults */
    public static SessionOptions defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxMessageSize = maxMessageSize;
        b.maxDepth = maxDepth;
        b.maxBigIntDigits = maxBigIntDigits;
        b.maxImports = maxImports;
        b.maxExports = maxExports;
        b.maxRetainedBytes = maxRetainedBytes;
        b.memoryBudget = memoryBudget;
        b.maxQueuedSendBytes = maxQueuedSendBytes;
        b.sendStallTimeout = sendStallTimeout;
        b.onSendError = onSendError;
        b.executor = executor;
        return b;
    }

    /** @return maximum incoming message length in UTF-16 code units */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** @return maximum nesting depth of an incoming expression */
    public int maxDepth() {
        return maxDepth;
    }

    /** @return maximum length of an incoming bigint, sign included */
    public int maxBigIntDigits() {
        return maxBigIntDigits;
    }

    /** @return maximum live entries in the import table */
    public int maxImports() {
        return maxImports;
    }

    /** @return maximum live entries in the export table */
    public int maxExports() {
        return maxExports;
    }

    /** @return the most bytes the peer's live table entries may account for in one session */
    public long maxRetainedBytes() {
        return maxRetainedBytes;
    }

    /** @return the budget shared with other sessions */
    public MemoryBudget memoryBudget() {
        return memoryBudget;
    }

    /** @return the bytes a transport may queue for the peer before the session stops reading it */
    public int maxQueuedSendBytes() {
        return maxQueuedSendBytes;
    }

    /** @return how long the peer may stay over {@link #maxQueuedSendBytes()} before it is dropped */
    public Duration sendStallTimeout() {
        return sendStallTimeout;
    }

    /** @return the error hook, or null */
    public Function<Throwable, Throwable> onSendError() {
        return onSendError;
    }

    /** @return where session lanes run */
    public Executor executor() {
        return executor;
    }

    /** Builds {@link SessionOptions}. */
    public static final class Builder {
        private int maxMessageSize = 32 * 1024 * 1024;
        private int maxDepth = 256;
        private int maxBigIntDigits = 16384;
        private int maxImports = 1 << 16;
        private int maxExports = 1 << 16;
        private long maxRetainedBytes = 64L * 1024 * 1024;
        private MemoryBudget memoryBudget = MemoryBudget.shared();
        private int maxQueuedSendBytes = 4 * 1024 * 1024;
        private Duration sendStallTimeout = Duration.ofSeconds(30);
        private Function<Throwable, Throwable> onSendError;
        private Executor executor = SHARED_POOL;

        private Builder() {
        }

        /** @param units maximum incoming message length in UTF-16 code units @return this */
        public Builder maxMessageSize(int units) {
            this.maxMessageSize = positive(units, "maxMessageSize");
            return this;
        }

        /** @param depth maximum nesting depth of incoming expressions @return this */
        public Builder maxDepth(int depth) {
            this.maxDepth = positive(depth, "maxDepth");
            return this;
        }

        /** @param digits maximum length of an incoming bigint, sign included @return this */
        public Builder maxBigIntDigits(int digits) {
            this.maxBigIntDigits = positive(digits, "maxBigIntDigits");
            return this;
        }

        /** @param entries maximum live import-table entries (the main import counts) @return this */
        public Builder maxImports(int entries) {
            this.maxImports = positive(entries, "maxImports");
            return this;
        }

        /** @param entries maximum live export-table entries (the main export counts) @return this */
        public Builder maxExports(int entries) {
            this.maxExports = positive(entries, "maxExports");
            return this;
        }

        /**
         * @param bytes the most bytes the peer's live table entries may account for in one
         *              session: each push, stream write or stub the peer made, until released,
         *              counts {@link MemoryBudget#ENTRY_COST} plus the length of its message; a
         *              message that would go past it aborts the session. Default 64 MiB, twice
         *              the default {@code maxMessageSize}; keep it above {@code maxMessageSize}
         * @return this
         */
        public Builder maxRetainedBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxRetainedBytes must be positive: " + bytes);
            }
            this.maxRetainedBytes = bytes;
            return this;
        }

        /**
         * @param budget shared by every session given it, e.g. all of one server's: when the
         *               peers of those sessions together would go past it, the session whose
         *               message did not fit aborts and servers refuse new sessions; default
         *               {@link MemoryBudget#shared()}, one for the JVM
         * @return this
         */
        public Builder memoryBudget(MemoryBudget budget) {
            this.memoryBudget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * @param bytes the most bytes a transport may hold queued for the peer but not yet
         *              written; past it the session stops taking in the peer's messages (so it
         *              makes no more answers) until the peer has read enough. One message larger
         *              than this still goes out whole. Default 4 MiB
         * @return this
         */
        public Builder maxQueuedSendBytes(int bytes) {
            this.maxQueuedSendBytes = positive(bytes, "maxQueuedSendBytes");
            return this;
        }

        /**
         * @param timeout how long the peer may stay over {@link #maxQueuedSendBytes} without
         *                reading before its connection is dropped and the session ends with
         *                {@code Error: Peer is not reading: ...}; default 30 seconds
         * @return this
         */
        public Builder sendStallTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("sendStallTimeout must be positive: " + timeout);
            }
            this.sendStallTimeout = timeout;
            return this;
        }

        /**
         * Called for every error about to be sent to the peer (thrown by a target, returned as a
         * value, or an abort reason), for logging or redaction. If it returns an error, that
         * error is sent instead <b>with its stack trace</b>; if it returns {@code null}, the
         * original is sent without a stack. Without a hook, stacks are never sent.
         *
         * @param hook the hook, or null for none
         * @return this
         */
        public Builder onSendError(Function<Throwable, Throwable> hook) {
            this.onSendError = hook;
            return this;
        }

        /**
         * Where session lanes run. Each session runs on at most one thread of it at a time.
         * The default is a shared pool of daemon threads; on Java 21+ a virtual-thread executor
         * works well. A direct executor ({@code Runnable::run}) runs sessions on the transport's
         * own threads, with no handoff; only for methods that never block, since a blocked
         * method then holds up every connection that thread serves.
         *
         * @param executor the executor
         * @return this
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** @return the options */
        public SessionOptions build() {
            return new SessionOptions(this);
        }

        private static int positive(int v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + v);
            }
            return v;
        }
    }

    private static final class LaneThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "capnweb-lane-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
