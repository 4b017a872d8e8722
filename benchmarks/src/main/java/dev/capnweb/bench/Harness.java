package dev.capnweb.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Runs every end-to-end workload against capnweb-java's test server and the reference's Node
 * server, in turn, several times (with the echo ceilings and, for single-call batches,
 * {@link DirectExecutorServer}), then the JMH micro benchmarks, and writes
 * {@code benchmarks/RESULTS.md} and {@code benchmarks/chart.png}. The servers run pinned to CPU 1;
 * start this JVM pinned to CPU 0 (benchmarks/run does).
 *
 * <p>A {@link CoreCanary} runs beside the servers throughout, so the report can say which windows
 * ran on a core shared with a busy hyperthread outside the VM.
 *
 * <p>Arguments: {@code runs=3 seconds=5 warmup=20 micro=true out=benchmarks}. The warm-up is long
 * because a JVM pinned to one CPU compiles its hot code on that same CPU: measured with JIT logs,
 * the C2 compiles of the WebSocket path finished between 8 and more than 15 s after start.
 */
public final class Harness {
    static final int CONNECTIONS = 4;
    static final int IN_FLIGHT = 64;
    static final int BATCH_CONNECTIONS = 4;
    static final int[] DEPTHS = {1, 4, 16, 64};
    static final int IDLE_SESSIONS = 2000;
    static final Duration CHAIN_WARMUP = Duration.ofSeconds(4);
    /** The name of {@link DirectExecutorServer} in the measurements. */
    static final String DIRECT = "Java, direct executor";

    private final Path root;
    private final int runs;
    private final Duration window;
    private final Duration warmup;
    /** workload → server → one value per run. */
    private final Map<String, Map<String, List<Workloads.Throughput>>> throughput = new LinkedHashMap<>();
    private final Map<String, Map<String, List<double[]>>> chains = new LinkedHashMap<>();
    private final Map<String, List<Workloads.Idle>> idle = new LinkedHashMap<>();
    /** workload → server → the core canary's mean CPU nanos per sample during each run's window. */
    private final Map<String, Map<String, List<Double>>> canaryNanos = new LinkedHashMap<>();
    private CoreCanary canary;
    private double canaryUsual = Double.NaN;

    private Harness(Path root, int runs, Duration window, Duration warmup) {
        this.root = root;
        this.runs = runs;
        this.window = window;
        this.warmup = warmup;
    }

    /** @param args {@code key=value} options, see the class comment */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                System.err.println("Arguments are key=value (runs=, seconds=, warmup=, micro=), not: " + a);
                System.exit(2);
            }
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Path root = Path.of(opts.getOrDefault("root", ".")).toAbsolutePath().normalize();
        Harness h = new Harness(root, Integer.parseInt(opts.getOrDefault("runs", "3")),
                Duration.ofSeconds(Long.parseLong(opts.getOrDefault("seconds", "5"))),
                Duration.ofSeconds(Long.parseLong(opts.getOrDefault("warmup", "20"))));
        Instant started = Instant.now();
        try (CoreCanary canary = CoreCanary.start(root, 1)) {
            h.canary = canary;
            for (int run = 1; run <= h.runs; run++) {
                System.out.println("== run " + run + " of " + h.runs);
                h.runServer("Java", List.of("bash", "interop/java-test-server", "0"), root, true);
                h.runServer("Node", List.of("node", "js/server.mjs", "0"), root.resolve("interop"), false);
                h.runEcho("Java", List.of("java", "-cp", System.getProperty("java.class.path"), EchoServer.class.getName(), "0"), root);
                h.runEcho("Node", List.of("node", "js/echo-server.mjs", "0"), root.resolve("interop"));
                h.runDirect(List.of("java", "-cp", System.getProperty("java.class.path"), DirectExecutorServer.class.getName(), "0"), root);
            }
            h.canaryUsual = canary.usual();
        }
        List<dev.capnweb.bench.micro.MicroBenchmarks.Result> micro = List.of();
        if (Boolean.parseBoolean(opts.getOrDefault("micro", "true"))) {
            System.out.println("== JMH micro benchmarks");
            micro = dev.capnweb.bench.micro.MicroBenchmarks.run(Duration.ofSeconds(2));
        }
        Path out = root.resolve(opts.getOrDefault("out", "benchmarks"));
        Report report = new Report(h, micro, Duration.between(started, Instant.now()), String.join(" ", args));
        Files.writeString(out.resolve("RESULTS.md"), report.markdown(), StandardCharsets.UTF_8);
        Chart.write(out.resolve("chart.png"), report.chartBars());
        System.out.println(report.markdown());
    }

    private void add(String workload, String server, Workloads.Throughput t) {
        throughput.computeIfAbsent(workload, k -> new LinkedHashMap<>()).computeIfAbsent(server, k -> new ArrayList<>()).add(t);
        double canaryWindow = canary.meanOverLast(window);
        canaryNanos.computeIfAbsent(workload, k -> new LinkedHashMap<>()).computeIfAbsent(server, k -> new ArrayList<>()).add(canaryWindow);
        System.out.printf(Locale.ROOT, "  %-28s %-5s %,12.0f/s  p50 %,8.0f us  p99 %,8.0f us  server %.2f cores  client %.2f cores  canary %.2f ms%n",
                workload, server, t.perSecond(), t.p50Micros(), t.p99Micros(), t.serverCores(), t.clientCpuSeconds() / t.seconds(), canaryWindow / 1e6);
    }

    private void runServer(String name, List<String> command, Path dir, boolean java) throws Exception {
        try (ServerProcess server = ServerProcess.start(name, 1, dir, command)) {
            add("WebSocket calls", name, Workloads.webSocketCalls(server, "/", CONNECTIONS, IN_FLIGHT, warmup, window));
            add("HTTP batch, 1 call", name, Workloads.httpBatch(server, "/", BATCH_CONNECTIONS, 1, warmup, window));
            Workloads.Throughput hundred = Workloads.httpBatch(server, "/", BATCH_CONNECTIONS, 100, warmup, window);
            add("HTTP batch, 100 calls", name, hundred);
            for (int d : DEPTHS) {
                double[] latency = Workloads.chain(server, "/", d, 300, CHAIN_WARMUP);
                chains.computeIfAbsent("d=" + d, k -> new LinkedHashMap<>()).computeIfAbsent(name, k -> new ArrayList<>()).add(latency);
                System.out.printf(Locale.ROOT, "  chain d=%-3d %-5s p50 %,8.0f us  p99 %,8.0f us%n", d, name, latency[0], latency[1]);
            }
            Workloads.Idle i = Workloads.idleSessions(server, "/", IDLE_SESSIONS, java);
            idle.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
            System.out.printf(Locale.ROOT, "  idle sessions %-5s RSS %.1f KiB/session  heap %.1f KiB/session%n", name,
                    i.rssPerSession() / 1024, i.heapPerSession() / 1024);
        }
    }

    private void runEcho(String name, List<String> command, Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.start(name + " echo", 1, dir, command)) {
            add("WebSocket echo (ceiling)", name, Workloads.webSocketEcho(server, "/", CONNECTIONS, IN_FLIGHT, warmup, window));
            add("HTTP echo of a 1-call batch (ceiling)", name, Workloads.httpBatch(server, "/", BATCH_CONNECTIONS, 1, warmup, window));
        }
    }

    /** Single-call batches only: the one workload where the executor's handoff is most of the difference. */
    private void runDirect(List<String> command, Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.start(DIRECT, 1, dir, command)) {
            add("HTTP batch, 1 call", DIRECT, Workloads.httpBatch(server, "/", BATCH_CONNECTIONS, 1, warmup, window));
        }
    }

    Map<String, Map<String, List<Workloads.Throughput>>> throughput() {
        return throughput;
    }

    /** @return workload → server → how much slower the core canary ran in each run's window than usual */
    Map<String, Map<String, List<Double>>> coreSlowdown() {
        Map<String, Map<String, List<Double>>> out = new LinkedHashMap<>();
        canaryNanos.forEach((workload, servers) -> servers.forEach((server, nanos) -> out.computeIfAbsent(workload, k -> new LinkedHashMap<>())
                .put(server, nanos.stream().map(n -> n / canaryUsual).toList())));
        return out;
    }

    Map<String, Map<String, List<double[]>>> chains() {
        return chains;
    }

    Map<String, List<Workloads.Idle>> idle() {
        return idle;
    }

    int runs() {
        return runs;
    }

    Duration window() {
        return window;
    }

    Duration warmup() {
        return warmup;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static <T> List<Double> values(List<T> list, ToDoubleFunction<T> f) {
        List<Double> out = new ArrayList<>();
        for (T t : list) {
            out.add(f.applyAsDouble(t));
        }
        return out;
    }

    static String machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            return cpu + ", " + Runtime.getRuntime().availableProcessors() + " CPUs visible to the load generator ("
                    + Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count()
                    + " on the machine), " + (Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "")) + " kB RAM";
        } catch (IOException e) {
            return "?";
        }
    }
}
