package dev.capnweb.bench.micro;

import dev.capnweb.RpcFunction;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcSession;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;
import dev.capnweb.spi.InMemoryTransport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The life cycle of a capability passed by reference: export, use, release. Capabilities are
 * what distinguish Cap'n Web from plain JSON RPC, and every one passed costs an export-table
 * entry on the sender, an import-table entry on the receiver and a {@code release} message back;
 * a session that hands out per-request objects (sessions, iterators, counters, callbacks) pays
 * this once per object. Two directions:
 *
 * <ul>
 *   <li>{@link #makeAndReleaseTarget()}: the server returns a new {@link RpcTarget}
 *       ({@code makeCounter(1)}); the client receives a stub, then closes it (and the call's
 *       promise), which sends the {@code release}; the server's counter is closed when it
 *       arrives. Score = created-and-released targets/s.</li>
 *   <li>{@link #passCallback()}: the client passes a new local function as an argument
 *       ({@code subscribe(fn)}): it is exported with the call, and the server releases it when the
 *       call completes. Score = calls/s (compare with {@link RoundTripBenchmark#call()}, the same
 *       call without a capability).</li>
 * </ul>
 *
 * <p>The sessions are kept for the whole trial, so the benchmark would show a leak as growing
 * tables: after every iteration (outside measurement) {@link #checkIdle()} waits for both sessions
 * to be back to {@code SessionStats(1, 1)} and for every counter the server made to have been
 * closed, and fails the run otherwise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ExportReleaseBenchmark {
    /** The per-request object the server hands out; counts its closes. */
    public static class Counter extends RpcTarget implements AutoCloseable {
        private final AtomicLong closed;
        private long value;

        Counter(long value, AtomicLong closed) {
            this.value = value;
            this.closed = closed;
        }

        /** @param amount added @return the new value */
        public long increment(long amount) {
            value += amount;
            return value;
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    /** The server's main object. */
    public static class Api extends RpcTarget {
        final AtomicLong made = new AtomicLong();
        final AtomicLong closed = new AtomicLong();

        /** @param start the initial value @return a new counter, passed by reference */
        public Counter makeCounter(long start) {
            made.incrementAndGet();
            return new Counter(start, closed);
        }

        /** @param listener a callback passed by reference (not called) @return true */
        public boolean subscribe(RpcStub listener) {
            return listener != null;
        }
    }

    Api target;
    RpcSession server;
    RpcSession client;
    RpcStub api;
    long sequence;

    @Setup(Level.Trial)
    public void setup() {
        target = new Api();
        InMemoryTransport[] pair = InMemoryTransport.pair();
        server = RpcSession.create(pair[1], target);
        client = RpcSession.create(pair[0]);
        api = client.main();
        // The counter really is a stub: calling it reaches the server's object.
        RpcPromise made = api.call("makeCounter", 1);
        RpcStub counter = (RpcStub) made.join();
        Object v = counter.call("increment", 2).join();
        if (!Long.valueOf(3).equals(v)) {
            throw new IllegalStateException("counter.increment(2) returned " + v);
        }
        counter.close();
        made.close();
        checkIdle();
    }

    /** makeCounter(1), then the stub and the call's promise closed (one release). */
    @Benchmark
    public Object makeAndReleaseTarget() {
        RpcPromise made = api.call("makeCounter", 1);
        RpcStub counter = (RpcStub) made.join();
        counter.close();
        made.close();
        return counter;
    }

    /** subscribe(new function): exported with the call, released by the server when it completes. */
    @Benchmark
    public Object passCallback() {
        long n = ++sequence;
        RpcFunction listener = args -> n;
        return api.call("subscribe", listener).join();
    }

    /** Fails if anything the previous iteration passed is still held on either side. */
    @TearDown(Level.Iteration)
    public void checkIdle() {
        Idle.check("ExportReleaseBenchmark", client, server);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (target.closed.get() != target.made.get() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(200_000);
        }
        if (target.closed.get() != target.made.get()) {
            throw new IllegalStateException("ExportReleaseBenchmark: server made " + target.made.get()
                    + " counters but only " + target.closed.get() + " were closed (released)");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            checkIdle();
        } finally {
            client.close();
            server.close();
        }
    }
}
