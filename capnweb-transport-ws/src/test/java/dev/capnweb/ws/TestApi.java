package dev.capnweb.ws;

import dev.capnweb.RpcException;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The main object the WebSocket tests serve: one per session, so a test can watch what the
 * server held for its session being released ({@link #closed}, {@link #countersClosed}).
 */
public final class TestApi extends RpcTarget implements AutoCloseable {
    /** Every instance made by {@link #factory()}, in order. */
    static final Queue<TestApi> MADE = new ConcurrentLinkedQueue<>();

    /** Counts down when the session ends and this main object is released. */
    final CountDownLatch closed = new CountDownLatch(1);
    /** Counts down when {@link #hang()} was entered. */
    final CountDownLatch hanging = new CountDownLatch(1);
    final AtomicInteger countersClosed = new AtomicInteger();
    /** Counts down when {@link #pause()} was entered. */
    final CountDownLatch paused = new CountDownLatch(1);
    /** {@link #pause()} returns once this counts down (or after 10 s). */
    final CountDownLatch resume = new CountDownLatch(1);
    private final String name;

    TestApi(String name) {
        this.name = name;
    }

    /** @return a new instance, recorded in {@link #MADE} */
    static TestApi make(String name) {
        TestApi api = new TestApi(name);
        MADE.add(api);
        return api;
    }

    public String whoami() {
        return name;
    }

    public long square(long i) {
        return i * i;
    }

    public long add(long a, long b) {
        return a + b;
    }

    public Object echo(Object value) {
        return value;
    }

    public Object throwError() {
        throw new RpcException("RangeError", "test error");
    }

    public Counter makeCounter(long start) {
        return new Counter(start, countersClosed);
    }

    /** Calls back into the client: {@code fn(x)}, and returns what it answered plus one. */
    public CompletionStage<Long> callFunction(RpcStub fn, long x) {
        return fn.invoke(x).thenApply(v -> ((Number) v).longValue() + 1);
    }

    /** Never answers. */
    public CompletableFuture<Object> hang() {
        hanging.countDown();
        return new CompletableFuture<>();
    }

    /** Blocks the thread it runs on until the test lets it go: a slow method, for tests only. */
    public String pause() throws InterruptedException {
        paused.countDown();
        return resume.await(10, TimeUnit.SECONDS) ? "resumed" : "timed out";
    }

    @Override
    public void close() {
        closed.countDown();
    }

    /** A counter with a close hook, as the reference's test Counter. */
    public static final class Counter extends RpcTarget implements AutoCloseable {
        private long value;
        private final AtomicInteger closes;

        Counter(long value, AtomicInteger closes) {
            this.value = value;
            this.closes = closes;
        }

        public synchronized long increment(long amount) {
            value += amount;
            return value;
        }

        public synchronized long getValue() {
            return value;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
