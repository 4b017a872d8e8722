package dev.capnweb.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells whether the servers' CPU ran at its usual speed during a measured window. On this kind of
 * machine (a VM) the core under CPU 1 is at times shared with a busy hyperthread outside the VM,
 * for 10 to 20 s at a time; the server's code then runs about 1.6 times slower and nothing inside
 * the VM shows it (no steal time, no change in frequency).
 *
 * <p>The canary is its own process, pinned to the servers' CPU, that every 500 ms times a fixed
 * amount of register-only arithmetic with many independent operations in CPU time (not wall
 * time, so the server sharing the CPU does not count). Such code slows down only when another
 * hyperthread competes for the core's execution units. It costs about 0.4% of that CPU.
 */
final class CoreCanary implements AutoCloseable {
    private static final long PERIOD_MILLIS = 500;
    private static final int ITERATIONS = 2_000_000;
    /** Samples of the first seconds, while the canary's own loop is compiled, are left out. */
    private static final long SETTLE_MILLIS = 5_000;

    /** Where the work's result goes, so the JIT cannot drop the work. */
    private static volatile long sink;

    private final ServerProcess process;
    /** {epoch millis, CPU nanos} per sample, in order. */
    private final List<long[]> samples = new ArrayList<>();
    private final long started = System.currentTimeMillis();

    private CoreCanary(Path dir, int cpu) throws IOException {
        process = ServerProcess.start("core canary", cpu, dir,
                List.of("java", "-cp", System.getProperty("java.class.path"), CoreCanary.class.getName()), this::onLine);
    }

    /** @return a canary running on that CPU until closed */
    static CoreCanary start(Path dir, int cpu) throws IOException {
        return new CoreCanary(dir, cpu);
    }

    private void onLine(String line) {
        if (!line.startsWith("SAMPLE ")) {
            return;
        }
        String[] f = line.split(" ");
        long[] sample = {Long.parseLong(f[1]), Long.parseLong(f[2])};
        if (sample[0] - started >= SETTLE_MILLIS) {
            synchronized (samples) {
                samples.add(sample);
            }
        }
    }

    /** @return the canary's mean CPU nanos per sample over the window just ended, or NaN */
    double meanOverLast(Duration window) {
        long from = System.currentTimeMillis() - window.toMillis();
        double sum = 0;
        int n = 0;
        synchronized (samples) {
            for (long[] s : samples) {
                if (s[0] >= from) {
                    sum += s[1];
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** @return the canary's usual time per sample: the 5th percentile of all samples so far */
    double usual() {
        List<Long> nanos = new ArrayList<>();
        synchronized (samples) {
            for (long[] s : samples) {
                nanos.add(s[1]);
            }
        }
        nanos.sort(Long::compare);
        return nanos.isEmpty() ? Double.NaN : nanos.get(nanos.size() / 20);
    }

    @Override
    public void close() {
        process.close();
    }

    /** The canary process: prints {@code SAMPLE <epoch millis> <CPU nanos>} every 500 ms. */
    public static void main(String[] args) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("LISTENING 0");
        System.out.flush();
        while (true) {
            Thread.sleep(PERIOD_MILLIS);
            long wall = System.currentTimeMillis();
            long t0 = threads.getCurrentThreadCpuTime();
            sink = work(sink);
            long t1 = threads.getCurrentThreadCpuTime();
            System.out.println("SAMPLE " + wall + " " + (t1 - t0));
            System.out.flush();
        }
    }

    /** Eight chains that depend on each other only within an iteration: the core's width, not its latency, sets the pace. */
    private static long work(long seed) {
        long a = seed, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8;
        for (int i = 0; i < ITERATIONS; i++) {
            a += i;
            b ^= a;
            c += b >>> 1;
            d ^= c << 1;
            e += i ^ d;
            f ^= e >>> 3;
            g += f;
            h ^= g + i;
        }
        return a + b + c + d + e + f + g + h;
    }
}
