package dev.capnweb.bench;

import dev.capnweb.bench.micro.MicroBenchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the harness's measurements into RESULTS.md and the chart's bars. */
final class Report {
    /** A canary slowdown from which a window counts as run on a shared core. */
    private static final double SHARED_CORE = 1.15;

    private final Harness h;
    /** workload → server → the core canary's slowdown in each run's window. */
    private final Map<String, Map<String, List<Double>>> slowdown;
    private final List<MicroBenchmarks.Result> micro;
    private final Duration took;
    private final String args;

    Report(Harness h, List<MicroBenchmarks.Result> micro, Duration took, String args) {
        this.h = h;
        this.slowdown = h.coreSlowdown();
        this.micro = micro;
        this.took = took;
        this.args = args;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%,.1f", v);
    }

    /** @return "median (min–max)" */
    private static String spread(List<Double> v) {
        double min = v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return f(Harness.median(v)) + " (" + f(min) + "–" + f(max) + ")";
    }

    private double median(String workload, String server, java.util.function.ToDoubleFunction<Workloads.Throughput> f) {
        return Harness.median(Harness.values(h.throughput().get(workload).get(server), f));
    }

    /** @return the runs of that workload and server whose window ran on an unshared core */
    private List<Workloads.Throughput> unshared(String workload, String server) {
        List<Workloads.Throughput> all = h.throughput().get(workload).get(server);
        List<Double> runs = slowdown.get(workload).get(server);
        List<Workloads.Throughput> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (runs.get(i) < SHARED_CORE) {
                out.add(all.get(i));
            }
        }
        return out;
    }

    private static String ratio(List<Workloads.Throughput> java, List<Workloads.Throughput> node,
                                java.util.function.ToDoubleFunction<Workloads.Throughput> f) {
        if (java.isEmpty() || node.isEmpty()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "**%.2f×**", Harness.median(Harness.values(java, f)) / Harness.median(Harness.values(node, f)));
    }

    /** One bar group of the chart: a workload, Java/Node raw and per server CPU-second. */
    record Bar(String label, double rawRatio, double cpuRatio) {
    }

    List<Bar> chartBars() {
        List<Bar> bars = new ArrayList<>();
        for (String w : h.throughput().keySet()) {
            bars.add(new Bar(w, median(w, "Java", Workloads.Throughput::perSecond) / median(w, "Node", Workloads.Throughput::perSecond),
                    median(w, "Java", Workloads.Throughput::perServerCpuSecond) / median(w, "Node", Workloads.Throughput::perServerCpuSecond)));
        }
        return bars;
    }

    private static String node() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Measured ").append(LocalDate.now()).append(" by `benchmarks/run` (harness arguments: `").append(args.isEmpty() ? "defaults" : args)
                .append("`), in one run of ").append(took.toMinutes()).append(" min ").append(took.toSecondsPart()).append(" s.\n\n");
        md.append("- Machine: ").append(Harness.machine()).append(".\n");
        md.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
                .append(" (servers and load generator, default options). Node: ").append(node()).append(", capnweb 0.12.0 (interop/'s lockfile).\n");
        md.append("- Each server runs alone, pinned to CPU 1 (`taskset -c 1`); the load generator is pinned to CPU 0. ")
                .append(h.runs()).append(" runs; each workload: ").append(h.warmup().toSeconds()).append(" s warm-up, then ").append(h.window().toSeconds())
                .append(" s measured. Values are the median of the runs, with (min–max).\n");
        md.append("- Servers: Java = `interop/java-test-server` (CapnWebServer on Jetty 12, the test API); Node = `interop/js/server.mjs` ")
                .append("(the reference's `newWebSocketRpcSession` and `nodeHttpBatchRpcResponse` on node:http + ws, the same test API). ")
                .append("Echo ceilings: `EchoServer` (Jetty 12, one non-blocking handler and the same WebSocket stack as CapnWebServer, answers to one read written together) and `interop/js/echo-server.mjs` (node:http + ws).\n");
        md.append("- Load: raw WebSocket and HTTP/1.1 written by hand (pre-built frames, no JSON library), so it loads both servers the same way. ")
                .append("\"per server CPU-s\" divides the work by the server's CPU time over the window (`/proc/PID/stat`): it stays fair when a side saturates its core.\n\n");

        md.append("## Throughput\n\n");
        md.append("| workload | Java /s | Node /s | Java ÷ Node | Java per server CPU-s | Node per server CPU-s | Java ÷ Node per CPU-s | server cores Java / Node | load-gen cores | p50 / p99 µs Java | p50 / p99 µs Node |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Map<String, List<Workloads.Throughput>>> e : h.throughput().entrySet()) {
            String w = e.getKey();
            List<Workloads.Throughput> j = e.getValue().get("Java");
            List<Workloads.Throughput> n = e.getValue().get("Node");
            double rawRatio = median(w, "Java", Workloads.Throughput::perSecond) / median(w, "Node", Workloads.Throughput::perSecond);
            double cpuRatio = median(w, "Java", Workloads.Throughput::perServerCpuSecond) / median(w, "Node", Workloads.Throughput::perServerCpuSecond);
            md.append("| ").append(w).append(w.startsWith("HTTP") ? " (requests)" : w.contains("echo") ? " (messages)" : " (calls)")
                    .append(" | ").append(spread(Harness.values(j, Workloads.Throughput::perSecond)))
                    .append(" | ").append(spread(Harness.values(n, Workloads.Throughput::perSecond)))
                    .append(" | **").append(String.format(Locale.ROOT, "%.2f×", rawRatio)).append("**")
                    .append(" | ").append(spread(Harness.values(j, Workloads.Throughput::perServerCpuSecond)))
                    .append(" | ").append(spread(Harness.values(n, Workloads.Throughput::perServerCpuSecond)))
                    .append(" | **").append(String.format(Locale.ROOT, "%.2f×", cpuRatio)).append("**")
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f / %.2f", median(w, "Java", Workloads.Throughput::serverCores),
                            median(w, "Node", Workloads.Throughput::serverCores)))
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f / %.2f", median(w, "Java", t -> t.clientCpuSeconds() / t.seconds()),
                            median(w, "Node", t -> t.clientCpuSeconds() / t.seconds())))
                    .append(" | ").append(f(median(w, "Java", Workloads.Throughput::p50Micros))).append(" / ")
                    .append(f(median(w, "Java", Workloads.Throughput::p99Micros)))
                    .append(" | ").append(f(median(w, "Node", Workloads.Throughput::p50Micros))).append(" / ")
                    .append(f(median(w, "Node", Workloads.Throughput::p99Micros))).append(" |\n");
        }
        md.append("\nWebSocket: ").append(Harness.CONNECTIONS).append(" connections × ").append(Harness.IN_FLIGHT)
                .append(" `square` calls in flight; each call is push + pull + release, answered by one resolve. ")
                .append("HTTP batch: ").append(Harness.BATCH_CONNECTIONS).append(" keep-alive connections posting back to back; ")
                .append("a 100-call batch is 100 pushes and 100 pulls (multiply requests by 100 for calls). ")
                .append("WebSocket echo: the same push frames, one echoed frame per frame sent, same concurrency. ")
                .append("HTTP echo: the 1-call batch's request, answered with its own body.\n\n");
        String single = "HTTP batch, 1 call";
        md.append("Java, direct executor (`DirectExecutorServer`: the same server with `SessionOptions.executor(Runnable::run)`, ")
                .append("so a batch is served on the Jetty thread that read it, with no handoff; only for methods that never block), ")
                .append("single-call batches: ").append(spread(Harness.values(h.throughput().get(single).get(Harness.DIRECT), Workloads.Throughput::perSecond)))
                .append(" requests/s, ").append(String.format(Locale.ROOT, "%.2f×", median(single, Harness.DIRECT, Workloads.Throughput::perSecond)
                        / median(single, "Node", Workloads.Throughput::perSecond))).append(" Node; per server CPU-s ")
                .append(f(median(single, Harness.DIRECT, Workloads.Throughput::perServerCpuSecond))).append(", ")
                .append(String.format(Locale.ROOT, "%.2f×", median(single, Harness.DIRECT, Workloads.Throughput::perServerCpuSecond)
                        / median(single, "Node", Workloads.Throughput::perServerCpuSecond))).append(" Node.\n\n");

        md.append("### Only the windows on an unshared core\n\n");
        md.append("The same medians over only the runs whose window ran on a core of its own (see \"The servers' core during each window\" below; ")
                .append("n = how many of the runs).\n\n");
        md.append("| workload | Java /s (n) | Node /s (n) | Java ÷ Node | Java ÷ Node per CPU-s |\n|---|---|---|---|---|\n");
        for (String w : h.throughput().keySet()) {
            for (String javaServer : w.equals(single) ? List.of("Java", Harness.DIRECT) : List.of("Java")) {
                List<Workloads.Throughput> j = unshared(w, javaServer);
                List<Workloads.Throughput> n = unshared(w, "Node");
                md.append("| ").append(w).append(javaServer.equals("Java") ? "" : " (Java with a direct executor)")
                        .append(" | ").append(j.isEmpty() ? "n/a" : f(Harness.median(Harness.values(j, Workloads.Throughput::perSecond)))).append(" (").append(j.size()).append(')')
                        .append(" | ").append(n.isEmpty() ? "n/a" : f(Harness.median(Harness.values(n, Workloads.Throughput::perSecond)))).append(" (").append(n.size()).append(')')
                        .append(" | ").append(ratio(j, n, Workloads.Throughput::perSecond))
                        .append(" | ").append(ratio(j, n, Workloads.Throughput::perServerCpuSecond)).append(" |\n");
            }
        }
        md.append('\n');

        md.append("## How close RPC gets to the transport's ceiling\n\n");
        md.append("| transport | server | RPC /s | echo /s | echo ÷ RPC | RPC per server CPU-s | echo per server CPU-s | echo ÷ RPC per CPU-s |\n|---|---|---|---|---|---|---|---|\n");
        for (String[] pair : new String[][] {{"WebSocket", "WebSocket calls", "WebSocket echo (ceiling)"},
                {"HTTP, 1-call batch", "HTTP batch, 1 call", "HTTP echo of a 1-call batch (ceiling)"}}) {
            for (String s : pair[0].startsWith("HTTP") ? List.of("Java", Harness.DIRECT, "Node") : List.of("Java", "Node")) {
                String echoServer = s.equals(Harness.DIRECT) ? "Java" : s;
                double rpc = median(pair[1], s, Workloads.Throughput::perSecond);
                double echo = median(pair[2], echoServer, Workloads.Throughput::perSecond);
                double rpcCpu = median(pair[1], s, Workloads.Throughput::perServerCpuSecond);
                double echoCpu = median(pair[2], echoServer, Workloads.Throughput::perServerCpuSecond);
                md.append("| ").append(pair[0]).append(" | ").append(s).append(" | ").append(f(rpc)).append(" | ").append(f(echo)).append(" | ")
                        .append(String.format(Locale.ROOT, "%.2f×", echo / rpc)).append(" | ").append(f(rpcCpu)).append(" | ")
                        .append(f(echoCpu)).append(" | ").append(String.format(Locale.ROOT, "%.2f×", echoCpu / rpcCpu)).append(" |\n");
            }
        }
        md.append("\nWebSocket: an RPC call moves three client frames and one server frame; an echo moves one each way. ")
                .append("Counted in frames moved (four per call, two per echo), echo ÷ RPC is ");
        for (String s : List.of("Java", "Node")) {
            double framesRatio = median("WebSocket echo (ceiling)", s, Workloads.Throughput::perSecond) * 2
                    / (median("WebSocket calls", s, Workloads.Throughput::perSecond) * 4);
            md.append(String.format(Locale.ROOT, "%.2f× for %s", framesRatio, s)).append(s.equals("Java") ? " and " : ". ");
        }
        md.append("HTTP: the echo answers the 1-call batch's body with itself, on the same server stack, so it is what HTTP handling alone costs.\n\n");

        md.append("## The servers' core during each window\n\n");
        md.append("This machine is a VM. At times, for 10 to 20 s, the core under CPU 1 is shared with a busy hyperthread outside it; ")
                .append("the servers' code then runs about 1.6 times slower, and nothing inside the VM shows it. `CoreCanary`, pinned to CPU 1 beside the servers, ")
                .append("times a fixed piece of register-only arithmetic in CPU time every 500 ms; only a competing hyperthread slows it. ")
                .append("Below: its mean time in each run's window ÷ its usual time (the 5th percentile of all its samples), run by run; ")
                .append(String.format(Locale.ROOT, "**bold** at %.2f or more, a shared core.%n%n", SHARED_CORE));
        md.append("| workload | server | canary slowdown per run |\n|---|---|---|\n");
        int shared = 0;
        int windows = 0;
        for (Map.Entry<String, Map<String, List<Double>>> e : slowdown.entrySet()) {
            for (Map.Entry<String, List<Double>> s : e.getValue().entrySet()) {
                List<String> cells = new ArrayList<>();
                for (double x : s.getValue()) {
                    String v = String.format(Locale.ROOT, "%.2f", x);
                    cells.add(x >= SHARED_CORE ? "**" + v + "**" : v);
                    shared += x >= SHARED_CORE ? 1 : 0;
                    windows++;
                }
                md.append("| ").append(e.getKey()).append(" | ").append(s.getKey()).append(" | ").append(String.join(" · ", cells)).append(" |\n");
            }
        }
        md.append("\n").append(shared).append(" of ").append(windows).append(" windows ran on a shared core.\n\n");

        md.append("## Pipelining: a chain of d dependent calls sent at once\n\n");
        md.append("Call k takes call k−1's unresolved result as its argument (`[\"pipeline\", id]`); only the last is pulled. ")
                .append("One connection, 300 chains per depth, measured after " + Harness.CHAIN_WARMUP.toSeconds() + " s of chains back to back (the JIT of both sides settles); microseconds from the first frame to the last answer.\n\n");
        md.append("| d | Java p50 | Java p99 | Node p50 | Node p99 |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, Map<String, List<double[]>>> e : h.chains().entrySet()) {
            md.append("| ").append(e.getKey().substring(2));
            for (String s : List.of("Java", "Node")) {
                List<double[]> v = e.getValue().get(s);
                md.append(" | ").append(spread(Harness.values(v, a -> a[0]))).append(" | ").append(spread(Harness.values(v, a -> a[1])));
            }
            md.append(" |\n");
        }

        md.append("\n## Memory per idle WebSocket session\n\n");
        md.append(Harness.IDLE_SESSIONS).append(" sessions opened, each made live by one call and its release, then left idle. ")
                .append("Java heap is measured after a full GC (`jcmd GC.run`, `GC.heap_info`); RSS is the process's resident size.\n\n");
        md.append("| server | heap per session (KiB) | RSS per session (KiB) |\n|---|---|---|\n");
        for (Map.Entry<String, List<Workloads.Idle>> e : h.idle().entrySet()) {
            List<Double> heap = Harness.values(e.getValue(), i -> i.heapPerSession() / 1024);
            md.append("| ").append(e.getKey()).append(" | ").append(heap.get(0) < 0 ? "n/a" : spread(heap)).append(" | ")
                    .append(spread(Harness.values(e.getValue(), i -> i.rssPerSession() / 1024))).append(" |\n");
        }

        if (!micro.isEmpty()) {
            md.append("\n## JMH micro benchmarks (Java only)\n\n");
            md.append("One fork, 2 × 2 s warm-up, 3 × 2 s measured (`dev.capnweb.bench.micro`).\n\n");
            md.append("| benchmark | score | ± error | unit |\n|---|---|---|---|\n");
            for (MicroBenchmarks.Result r : micro) {
                md.append("| ").append(r.name()).append(" | ").append(f(r.score())).append(" | ").append(f(r.error())).append(" | ")
                        .append(r.unit()).append(" |\n");
            }
        }
        md.append("\n![Java ÷ Node per workload](chart.png)\n");
        return md.toString();
    }
}
