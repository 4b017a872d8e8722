package dev.capnweb.fuzz;

import dev.capnweb.Publishers;
import dev.capnweb.RpcException;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The main object the robustness suite serves: numbers, strings, a returned capability, a
 * callback into the peer and streams both ways. It counts what it hands out and what was
 * released, so a test can check that a session that ended left nothing behind.
 */
public class FuzzTarget extends RpcTarget implements AutoCloseable {
    /** The largest list or stream a call may ask for: generated numbers can be huge. */
    static final int MAX_ITEMS = 64;

    private final AtomicInteger countersMade = new AtomicInteger();
    private final AtomicInteger countersClosed = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();

    /** @return {@code i * i} */
    public long square(long i) {
        return i * i;
    }

    /** @return {@code a + b} */
    public double add(double a, double b) {
        return a + b;
    }

    /** @return the two strings joined */
    public String concat(String a, String b) {
        return a + b;
    }

    /** @return its argument, whatever it is */
    public Object echo(Object value) {
        return value;
    }

    /** @return {@code [0, 1, ..., n-1]} */
    public List<Long> range(int n) {
        List<Long> out = new ArrayList<>();
        for (long i = 0; i < bounded(n); i++) {
            out.add(i);
        }
        return out;
    }

    /** @return a new counter: a capability the peer holds until it releases it */
    public Counter makeCounter(long start) {
        countersMade.incrementAndGet();
        return new Counter(start);
    }

    /** @return what the peer's function answers for {@code x} */
    public CompletionStage<Object> callBack(RpcStub fn, Object x) {
        return fn.invoke(x);
    }

    /** @return a stream of {@code n} chunks (numbers and strings) */
    public Flow.Publisher<Object> makeStream(int n) {
        List<Object> chunks = new ArrayList<>();
        for (int i = 0; i < bounded(n); i++) {
            chunks.add(i % 2 == 0 ? (Object) (long) i : "chunk " + i);
        }
        return Publishers.fromIterable(chunks);
    }

    /** @return every chunk of a stream the peer sent */
    public CompletionStage<List<Object>> readAll(Flow.Publisher<Object> stream) {
        return Publishers.collect(stream);
    }

    /** Always throws. */
    public Object fail() {
        throw new RpcException("RangeError", "fuzz target failure");
    }

    private static int bounded(int n) {
        if (n < 0 || n > MAX_ITEMS) {
            throw new RpcException("RangeError", "count out of range: " + n);
        }
        return n;
    }

    /** @return the counters made so far */
    public int countersMade() {
        return countersMade.get();
    }

    /** @return the counters released so far */
    public int countersClosed() {
        return countersClosed.get();
    }

    /** @return how many times this main object was released (1 once its session ended) */
    public int closes() {
        return closes.get();
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    /** A capability with state; released by its session when the peer lets go of it. */
    public final class Counter extends RpcTarget implements AutoCloseable {
        private long value;

        Counter(long value) {
            this.value = value;
        }

        /** @return the value after adding {@code amount} */
        public synchronized long increment(long amount) {
            value += amount;
            return value;
        }

        /** @return the value */
        public synchronized long getValue() {
            return value;
        }

        @Override
        public void close() {
            countersClosed.incrementAndGet();
        }
    }
}
