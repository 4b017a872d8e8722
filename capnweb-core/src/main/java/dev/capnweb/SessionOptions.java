package dev.capnweb;

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
 * Beyond the reference, the import and export tables are capped (1,048,576 live entries each by
 * default) so a peer cannot make this side hold unbounded memory: a message that would grow a
 * table past its cap aborts the session with {@code Error: import table is full (N entries)} or
 * {@code Error: export table is full (N entries)}.
 */
public final class SessionOptions {
    private static final ExecutorService SHARED_POOL = Executors.newCachedThreadPool(new LaneThreads());

    private final int maxMessageSize;
    private final int maxDepth;
    private final int maxBigIntDigits;
    private final int maxImports;
    private final int maxExports;
    private final Function<Throwable, Throwable> onSendError;
    private final Executor executor;

    private SessionOptions(Builder b) {
        this.maxMessageSize = b.maxMessageSize;
        this.maxDepth = b.maxDepth;
        this.maxBigIntDigits = b.maxBigIntDigits;
        this.maxImports = b.maxImports;
        this.maxExports = b.maxExports;
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
        private int maxImports = 1 << 20;
        private int maxExports = 1 << 20;
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
