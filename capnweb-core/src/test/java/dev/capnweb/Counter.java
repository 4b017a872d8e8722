package dev.capnweb;

import java.util.concurrent.atomic.AtomicInteger;

/** The reference's test Counter (reference-behaviour.md §8.0), plus a per-instance close count for disposal tests. */
public class Counter extends RpcTarget implements AutoCloseable {
    private final AtomicInteger closes;
    private long i;

    public Counter(long i) {
        this(i, new AtomicInteger());
    }

    /** @param closes counts this counter's closes (shared by the counters one TestTarget makes) */
    public Counter(long i, AtomicInteger closes) {
        this.i = i;
        this.closes = closes;
    }

    /** @return how many times close() ran (not reachable over RPC: no getter name) */
    int closeCount() {
        return closes.get();
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
        closes.incrementAndGet();
    }
}
