package dev.capnweb.bench.micro;

import dev.capnweb.RpcPromise;
import dev.capnweb.RpcSession;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;
import dev.capnweb.spi.InMemoryTransport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * A complete call through two sessions in one process: a client session and a server session
 * joined by {@link InMemoryTransport#pair()}, the client calling {@code square(7)} on the
 * server's main object and waiting for the answer.
 *
 * <p>Each call goes through everything a networked call does except the network: the client
 * prints the {@code push} and {@code pull}, the server reads them, dispatches to the
 * {@link RpcTarget} method by reflection on its serial lane, prints the {@code resolve}, the
 * client reads it, completes the promise and sends the {@code release}. So this is the
 * library's own per-call overhead (codec, tables, lanes, thread hand-offs), the floor under the
 * latency of any transport.
 *
 * <ul>
 *   <li>{@link #call()}: one call at a time, join before the next: round-trip latency
 *       (score = calls/s).</li>
 *   <li>{@link #call16InFlight()}: 16 calls sent before any is awaited, then all joined: how much
 *       pipelining several calls over one session gains. The op count is 16 per invocation
 *       ({@link OperationsPerInvocation}), so the score is <b>calls/s</b> too and directly
 *       comparable with {@link #call()}.</li>
 * </ul>
 * The sessions live for the whole trial; {@link #tearDown()} checks both are back to their idle
 * tables (nothing leaked per call) and closes them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RoundTripBenchmark {
    static final int IN_FLIGHT = 16;

    /** The server's main object. */
    public static class Api extends RpcTarget {
        /** @param i a number @return its square */
        public long square(long i) {
            return i * i;
        }
    }

    RpcSession server;
    RpcSession client;
    RpcStub api;
    private final RpcPromise[] inFlight = new RpcPromise[IN_FLIGHT];

    @Setup(Level.Trial)
    public void setup() {
        InMemoryTransport[] pair = InMemoryTransport.pair();
        server = RpcSession.create(pair[1], new Api());
        client = RpcSession.create(pair[0]);
        api = client.main();
        Object v = api.call("square", 7).join();
        if (!Long.valueOf(49).equals(v)) {
            throw new IllegalStateException("square(7) returned " + v);
        }
    }

    /** One call, awaited. */
    @Benchmark
    public Object call() {
        return api.call("square", 7).join();
    }

    /** Sixteen calls in flight, then all awaited; the score counts calls. */
    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public long call16InFlight() {
        for (int i = 0; i < IN_FLIGHT; i++) {
            inFlight[i] = api.call("square", i);
        }
        long sum = 0;
        for (int i = 0; i < IN_FLIGHT; i++) {
            sum += (Long) inFlight[i].join();
            inFlight[i] = null;
        }
        return sum;
    }

    @TearDown(Level.Iteration)
    public void checkIdle() {
        Idle.check("RoundTripBenchmark", client, server);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            Idle.check("RoundTripBenchmark", client, server);
        } finally {
            client.close();
            server.close();
        }
    }
}
