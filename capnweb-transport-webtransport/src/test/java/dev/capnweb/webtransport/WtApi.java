package dev.capnweb.webtransport;

import dev.capnweb.RpcException;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The main object the WebTransport tests serve, one per session, watching its own release. */
public final class WtApi extends RpcTarget implements AutoCloseable {
    final CountDownLatch closed = new CountDownLatch(1);
    final CountDownLatch hanging = new CountDownLatch(1);
    final AtomicInteger countersClosed = new AtomicInteger();
    /** Counts down when a counter made here is closed. */
    final CountDownLatch counterClosed = new CountDownLatch(1);
    private final String name;

    WtApi(String name) {
        this.name = name;
    }

    public String whoami() {
        return name;
    }

    public long square(long i) {
        return i * i;
    }

    public String echo(String s) {
        return s;
    }

    public Object throwError() {
        throw new RpcException("RangeError", "test error");
    }

    public Counter makeCounter(long start) {
        return new Counter(start, countersClosed, counterClosed);
    }

    /** Calls back into the client and adds one to its answer. */
    public CompletionStage<Long> callFunction(RpcStub fn, long x) {
        return fn.invoke(x).thenApply(v -> ((Number) v).longValue() + 1);
    }

    /** Calls the client's own main object (peer to peer). */
    public CompletionStage<Object> askClient(RpcStub client, String question) {
        return client.call("answer", question);
    }

    public CompletableFuture<Object> hang() {
        hanging.countDown();
        return new CompletableFuture<>();
    }

    @Override
    public void close() {
        closed.countDown();
    }

    /** A counter that counts its closes. */
    public static final class Counter extends RpcTarget implements AutoCloseable {
        private long value;
        private final AtomicInteger closes;
        private final CountDownLatch closed;

        Counter(long value, AtomicInteger closes, CountDownLatch closed) {
            this.value = value;
            this.closes = closes;
            this.closed = closed;
        }

        public synchronized long increment(long amount) {
            value += amount;
            return value;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            closed.countDown();
        }
    }
}
