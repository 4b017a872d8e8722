package dev.capnweb.bench.micro;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the JMH micro benchmarks of this package ({@link CodecBenchmark},
 * {@link RoundTripBenchmark}, {@link ExportReleaseBenchmark}) programmatically, in one forked JVM,
 * and returns their scores.
 *
 * <p>Run from the benchmarks module after {@code mvn package}:
 * <pre>
 * java -cp target/classes:$(cat target/runtime-classpath.txt) dev.capnweb.bench.micro.MicroBenchmarks
 * </pre>
 * JMH starts the fork with this JVM's {@code java.class.path}, so start it with the full class
 * path, as above (benchmarks/run does).
 */
public final class MicroBenchmarks {
    /**
     * The benchmark classes run, by simple name (names, not class literals, so that this class
     * loads even when the launching class path lacks the benchmarks' dependencies).
     */
    static final List<String> BENCHMARKS = List.of("CodecBenchmark", "RoundTripBenchmark", "ExportReleaseBenchmark");

    private MicroBenchmarks() {
    }

    /**
     * One benchmark's primary result.
     *
     * @param name  the benchmark method's label, e.g. {@code CodecBenchmark.readSmallCall}, plus
     *              {@code [param=value,...]} if it has parameters
     * @param score the mean score
     * @param error the 99.9% confidence half-width (NaN when too few iterations to tell)
     * @param unit  the unit, e.g. {@code ops/s}
     */
    public record Result(String name, double score, double error, String unit) {
    }

    /**
     * Runs every benchmark: one fork, 2 warm-up and 3 measurement iterations of
     * {@code perIteration} each, throughput in operations per second.
     *
     * @param perIteration the length of each warm-up and measurement iteration
     * @return the results, in the order of the benchmark classes, then method name
     * @throws IllegalStateException if a benchmark fails (JMH's {@code shouldFailOnError})
     */
    public static List<Result> run(Duration perIteration) {
        TimeValue time = TimeValue.milliseconds(Math.max(1, perIteration.toMillis()));
        StringBuilder include = new StringBuilder("^").append(MicroBenchmarks.class.getPackageName().replace(".", "\\."))
                .append("\\.(");
        for (int i = 0; i < BENCHMARKS.size(); i++) {
            include.append(i == 0 ? "" : "|").append(BENCHMARKS.get(i));
        }
        include.append(")\\.");
        Options options = new OptionsBuilder()
                .include(include.toString())
                .forks(1)
                .warmupIterations(2)
                .measurementIterations(3)
                .warmupTime(time)
                .measurementTime(time)
                .mode(org.openjdk.jmh.annotations.Mode.Throughput)
                .timeUnit(TimeUnit.SECONDS)
                .shouldFailOnError(true)
                .jvmArgs("-Xmx1g")
                .build();
        Collection<RunResult> runResults;
        try {
            runResults = new Runner(options).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("micro benchmarks failed: " + e.getMessage(), e);
        }
        List<Result> results = new ArrayList<>();
        for (RunResult r : runResults) {
            results.add(toResult(r));
        }
        results.sort(Comparator.comparingInt((Result r) -> classOrder(r.name())).thenComparing(Result::name));
        return results;
    }

    private static Result toResult(RunResult r) {
        BenchmarkParams params = r.getParams();
        String benchmark = params.getBenchmark();
        String simpleClass = benchmark.substring(0, benchmark.lastIndexOf('.'));
        simpleClass = simpleClass.substring(simpleClass.lastIndexOf('.') + 1);
        String name = simpleClass + "." + benchmark.substring(benchmark.lastIndexOf('.') + 1);
        Collection<String> keys = params.getParamsKeys();
        if (!keys.isEmpty()) {
            StringBuilder sb = new StringBuilder(name).append('[');
            boolean first = true;
            for (String k : keys) {
                sb.append(first ? "" : ",").append(k).append('=').append(params.getParam(k));
                first = false;
            }
            name = sb.append(']').toString();
        }
        org.openjdk.jmh.results.Result<?> primary = r.getPrimaryResult();
        return new Result(name, primary.getScore(), primary.getScoreError(), primary.getScoreUnit());
    }

    private static int classOrder(String name) {
        for (int i = 0; i < BENCHMARKS.size(); i++) {
            if (name.startsWith(BENCHMARKS.get(i) + ".")) {
                return i;
            }
        }
        return BENCHMARKS.size();
    }

    /**
     * Runs every benchmark with 1 s iterations and prints a table.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        long start = System.nanoTime();
        List<Result> results = run(Duration.ofSeconds(1));
        long seconds = Math.round((System.nanoTime() - start) / 1e9);
        System.out.println();
        System.out.println(table(results));
        System.out.println("Total run time: " + seconds + " s");
    }

    /**
     * @param results the results
     * @return a fixed-width table, one row per benchmark
     */
    public static String table(List<Result> results) {
        int width = "Benchmark".length();
        for (Result r : results) {
            width = Math.max(width, r.name().length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %16s  %14s  %s%n", "Benchmark", "Score", "Error (99.9%)", "Units"));
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %16.1f  %14s  %s%n", r.name(), r.score(),
                    Double.isNaN(r.error()) ? "n/a" : String.format(Locale.ROOT, "± %.1f", r.error()), r.unit()));
        }
        return sb.toString();
    }
}
