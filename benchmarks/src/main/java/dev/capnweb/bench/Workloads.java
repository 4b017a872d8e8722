package dev.capnweb.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load, spoken on the wire with pre-built frames so the generator costs little CPU and loads
 * every server the same way. Each workload runs a warm-up, then counts only what completes
 * inside the measured window, and reads the server's CPU time at the window's edges.
 */
final class Workloads {
    private static final byte[] PUSH_SQUARE = "[\"push\",[\"pipeline\",0,[\"square\"],[7]]]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PULL = "[\"pull\",".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RELEASE = "[\"release\",".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ONE_CLOSE = ",1]".getBytes(StandardCharsets.US_ASCII);

    private Workloads() {
    }

    /** What a throughput workload measured. */
    record Throughput(double perSecond, double p50Micros, double p99Micros, double serverCpuSeconds,
                      double clientCpuSeconds, double seconds) {
        /** @return operations per second of server CPU */
        double perServerCpuSecond() {
            return serverCpuSeconds <= 0 ? 0 : perSecond * seconds / serverCpuSeconds;
        }

        /** @return the server's CPU use as a fraction of one core */
        double serverCores() {
            return serverCpuSeconds / seconds;
        }
    }

    /** Shared by the load threads: which phase the run is in, and what completed while measuring. */
    private static final class Window {
        volatile boolean measuring;
        volatile boolean stopping;
        final AtomicLong completed = new AtomicLong();
        final List<long[]> latencies = new ArrayList<>();
    }

    private interface Loop {
        void run(Window w, long[] latencies, int[] latencyCount) throws IOException;
    }

    private static Throughput measure(ServerProcess server, int threads, Duration warmup, Duration window, double perCompletion,
                                      Loop loop) throws Exception {
        Window w = new Window();
        CountDownLatch done = new CountDownLatch(threads);
        List<Throwable> failures = new ArrayList<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] lat = new long[4_000_000 / threads];
            int[] count = {0};
            synchronized (w.latencies) {
                w.latencies.add(lat);
            }
            Thread thread = new Thread(() -> {
                try {
                    loop.run(w, lat, count);
                } catch (Throwable e) {
                    if (!w.stopping) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                } finally {
                    if (count[0] < lat.length) {
                        lat[count[0]] = -1;
                    }
                    done.countDown();
                }
            }, "load-" + t);
            thread.setDaemon(true);
            thread.start();
            started.add(thread);
        }
        Thread.sleep(warmup.toMillis());
        long server0 = server.cpuTicks();
        long client0 = ServerProcess.cpuTicks(ProcessHandle.current().pid());
        long t0 = System.nanoTime();
        w.measuring = true;
        Thread.sleep(window.toMillis());
        w.measuring = false;
        long t1 = System.nanoTime();
        long server1 = server.cpuTicks();
        long client1 = ServerProcess.cpuTicks(ProcessHandle.current().pid());
        long completed = w.completed.get();
        w.stopping = true;
        for (Thread t : started) {
            t.interrupt();
        }
        done.await();
        if (!failures.isEmpty()) {
            throw new IOException("load failed against " + server.name + ": " + failures.get(0), failures.get(0));
        }
        double seconds = (t1 - t0) / 1e9;
        long[] all = w.latencies.stream().flatMapToLong(a -> Arrays.stream(a).takeWhile(x -> x >= 0).filter(x -> x > 0))
                .sorted().toArray();
        return new Throughput(completed * perCompletion / seconds, percentile(all, 0.50) / 1e3, percentile(all, 0.99) / 1e3,
                (server1 - server0) / ServerProcess.TICKS_PER_SECOND, (client1 - client0) / ServerProcess.TICKS_PER_SECOND, seconds);
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    /**
     * {@code connections} WebSockets, each keeping {@code inFlight} {@code square} calls going: for
     * each answer, the client releases it and starts another (push, pull, release per call).
     */
    static Throughput webSocketCalls(ServerProcess server, String path, int connections, int inFlight, Duration warmup,
                                     Duration window) throws Exception {
        return measure(server, connections, warmup, window, 1, (w, lat, count) -> {
            try (RawWebSocket ws = RawWebSocket.connect(server.port, path)) {
                long[] sentAt = new long[1 << 16];
                int mask = sentAt.length - 1;
                long next = 1;
                for (int i = 0; i < inFlight; i++, next++) {
                    ws.add(PUSH_SQUARE);
                    ws.add(PULL, next, CLOSE);
                    sentAt[(int) (next & mask)] = System.nanoTime();
                }
                ws.flush();
                while (!w.stopping) {
                    int n = ws.read();
                    long id = ws.resolveId(n);
                    if (id < 0) {
                        continue;
                    }
                    long now = System.nanoTime();
                    if (w.measuring) {
                        w.completed.incrementAndGet();
                        if (count[0] < lat.length - 1) {
                            lat[count[0]++] = now - sentAt[(int) (id & mask)];
                        }
                    }
                    ws.add(RELEASE, id, ONE_CLOSE);
                    ws.add(PUSH_SQUARE);
                    ws.add(PULL, next, CLOSE);
                    sentAt[(int) (next & mask)] = now;
                    next++;
                    if (!ws.hasBufferedInput()) {
                        ws.flush();
                    }
                }
            }
        });
    }

    /** The transport's ceiling: the same push frames echoed by a plain WebSocket server, same concurrency. */
    static Throughput webSocketEcho(ServerProcess server, String path, int connections, int inFlight, Duration warmup,
                                    Duration window) throws Exception {
        return measure(server, connections, warmup, window, 1, (w, lat, count) -> {
            try (RawWebSocket ws = RawWebSocket.connect(server.port, path)) {
                long[] sentAt = new long[inFlight];
                int slot = 0;
                for (int i = 0; i < inFlight; i++) {
                    ws.add(PUSH_SQUARE);
                    sentAt[i] = System.nanoTime();
                }
                ws.flush();
                while (!w.stopping) {
                    ws.read();
                    long now = System.nanoTime();
                    if (w.measuring) {
                        w.completed.incrementAndGet();
                        if (count[0] < lat.length - 1) {
                            lat[count[0]++] = now - sentAt[slot];
                        }
                    }
                    sentAt[slot] = now;
                    slot = (slot + 1) % inFlight;
                    ws.add(PUSH_SQUARE);
                    if (!ws.hasBufferedInput()) {
                        ws.flush();
                    }
                }
            }
        });
    }

    /** @return an HTTP batch body with {@code calls} square calls, each pulled */
    static String batchBody(int calls) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= calls; i++) {
            sb.append("[\"push\",[\"pipeline\",0,[\"square\"],[").append(i).append("]]]\n");
        }
        for (int i = 1; i <= calls; i++) {
            sb.append("[\"pull\",").append(i).append(']').append(i < calls ? "\n" : "");
        }
        return sb.toString();
    }

    /**
     * {@code connections} keep-alive connections posting batches of {@code calls} calls back to back.
     *
     * @return requests per second (multiply by {@code calls} for calls)
     */
    static Throughput httpBatch(ServerProcess server, String path, int connections, int calls, Duration warmup,
                                Duration window) throws Exception {
        String body = batchBody(calls);
        return measure(server, connections, warmup, window, 1, (w, lat, count) -> {
            try (RawHttp http = new RawHttp(server.port, path, body)) {
                while (!w.stopping) {
                    long start = System.nanoTime();
                    int status = http.exchange();
                    if (status != 200) {
                        throw new IOException("HTTP " + status);
                    }
                    if (w.measuring) {
                        w.completed.incrementAndGet();
                        if (count[0] < lat.length - 1) {
                            lat[count[0]++] = System.nanoTime() - start;
                        }
                    }
                }
            }
        });
    }

    /**
     * Latency of a chain of {@code depth} dependent calls sent at once, each on the previous
     * result, with only the last one pulled: one round trip however deep the chain is.
     *
     * <p>Chains run back to back for {@code warmup} before {@code repetitions} are measured: right
     * after another workload, both JVMs (the load generator's too, on its one CPU) spend a few
     * seconds compiling the new code path, which showed as 1–8 ms stalls in about 5% of chains.
     *
     * @return median and 99th percentile in microseconds over {@code repetitions}
     */
    static double[] chain(ServerProcess server, String path, int depth, int repetitions, Duration warmup) throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(server.port, path)) {
            long[] next = {1};
            long warmUntil = System.nanoTime() + warmup.toNanos();
            while (System.nanoTime() < warmUntil) {
                oneChain(ws, next, depth);
            }
            long[] times = new long[repetitions];
            for (int r = 0; r < repetitions; r++) {
                times[r] = oneChain(ws, next, depth);
            }
            Arrays.sort(times);
            return new double[] {percentile(times, 0.5) / 1e3, percentile(times, 0.99) / 1e3};
        }
    }

    /** Sends one chain from call {@code next[0]} on, waits for its answer, releases it. @return nanoseconds */
    private static long oneChain(RawWebSocket ws, long[] next, int depth) throws IOException {
        long first = next[0];
        long start = System.nanoTime();
        ws.add("[\"push\",[\"pipeline\",0,[\"returnNumber\"],[7]]]".getBytes(StandardCharsets.US_ASCII));
        for (int k = 1; k < depth; k++) {
            ws.add(("[\"push\",[\"pipeline\",0,[\"returnNumber\"],[[\"pipeline\"," + (first + k - 1) + "]]]]")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        long last = first + depth - 1;
        ws.add(PULL, last, CLOSE);
        ws.flush();
        while (ws.resolveId(ws.read()) != last) {
            // Only the last call is pulled; nothing else is answered.
        }
        long elapsed = System.nanoTime() - start;
        for (long id = first; id <= last; id++) {
            ws.add(RELEASE, id, ONE_CLOSE);
        }
        ws.flush();
        next[0] = last + 1;
        return elapsed;
    }

    /** What idle sessions cost the server. */
    record Idle(int sessions, long rssBefore, long rssAfter, long heapBefore, long heapAfter) {
        double rssPerSession() {
            return (rssAfter - rssBefore) / (double) sessions;
        }

        double heapPerSession() {
            return heapBefore < 0 || heapAfter < 0 ? -1 : (heapAfter - heapBefore) / (double) sessions;
        }
    }

    /** Opens {@code sessions} WebSocket sessions, each made live by one call, then leaves them idle. */
    static Idle idleSessions(ServerProcess server, String path, int sessions, boolean java) throws IOException {
        long heapBefore = java ? server.javaHeapAfterGc() : -1;
        long rssBefore = server.rssBytes();
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                RawWebSocket ws = RawWebSocket.connect(server.port, path);
                open.add(ws);
                ws.add(PUSH_SQUARE);
                ws.add(PULL, 1, CLOSE);
                ws.flush();
                while (ws.resolveId(ws.read()) != 1) {
                    // Wait for the answer: the session is set up on the server.
                }
                ws.add(RELEASE, 1, ONE_CLOSE);
                ws.flush();
            }
            // A last call on the last session: the releases before it were handled.
            RawWebSocket last = open.get(open.size() - 1);
            last.add(PUSH_SQUARE);
            last.add(PULL, 2, CLOSE);
            last.flush();
            while (last.resolveId(last.read()) != 2) {
                // Wait.
            }
            long heapAfter = java ? server.javaHeapAfterGc() : -1;
            long rssAfter = server.rssBytes();
            return new Idle(sessions, rssBefore, rssAfter, heapBefore, heapAfter);
        } finally {
            for (RawWebSocket ws : open) {
                ws.close();
            }
        }
    }
}
