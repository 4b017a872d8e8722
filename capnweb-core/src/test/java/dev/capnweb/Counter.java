package dev.capnweb;

import java.util.concurrent.atomic.AtomicInteger;

/** The reference's test Counter (reference-behaviour.md §8.0), plus a close count for disposal tests. */
public class Counter extends RpcTarget implements AutoCloseable {
    static final AtomicInteger CLOSED = new AtomicInteger();
    private long i;

    public Counter(long i) {
        this.i = i;
    }

    /** {@code increment(amount = 1)}: a missing argument arrives as null. */
    public long increment(Long amount) {
        i += amount == null ? 1 : amount;
        return i;
    }

    public long getValue() {
        return i;
    }

    @Override
    public void close() {
        CLOSED.incrementAndGet();
    }
}
