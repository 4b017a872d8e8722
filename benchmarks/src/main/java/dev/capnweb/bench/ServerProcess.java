package dev.capnweb.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A server under test, started as its own process (pinned to a CPU with {@code taskset} where
 * available), with its CPU time and memory read from {@code /proc}.
 */
final class ServerProcess implements AutoCloseable {
    /** Clock ticks per second of {@code /proc/PID/stat} times (USER_HZ, 100 on Linux). */
    static final double TICKS_PER_SECOND = 100.0;

    final String name;
    final Process process;
    final int port;

    private ServerProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /**
     * @param name    shown in the report
     * @param cpu     the CPU to pin to, or -1 for none
     * @param dir     working directory
     * @param command the command; it must print {@code LISTENING <port>} when ready
     */
    static ServerProcess start(String name, int cpu, Path dir, List<String> command) throws IOException {
        return start(name, cpu, dir, command, line -> { });
    }

    /** As {@link #start(String, int, Path, List)}, and hands every line the process prints to {@code onLine}. */
    static ServerProcess start(String name, int cpu, Path dir, List<String> command, Consumer<String> onLine) throws IOException {
        List<String> full = new ArrayList<>();
        if (cpu >= 0 && Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            full.addAll(List.of("taskset", "-c", Integer.toString(cpu)));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    onLine.accept(line);
                    if (line.startsWith("LISTENING ")) {
                        port.complete(Integer.parseInt(line.substring(10).trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IOException(name + " exited before listening"));
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(name, p, port.get(120, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("could not start " + name + ": " + e, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** @return user + system CPU ticks the process used so far */
    long cpuTicks() {
        return cpuTicks(pid());
    }

    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command: state is field 3; utime and stime are fields 14 and 15.
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** @return resident set size in bytes */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** @return the Java heap in use after a full GC (jcmd), or -1 when not a JVM */
    long javaHeapAfterGc() {
        try {
            run("jcmd", Long.toString(pid()), "GC.run");
            String info = run("jcmd", Long.toString(pid()), "GC.heap_info");
            // G1: " garbage-first heap   total 262144K, used 21034K [..."; Serial (one CPU):
            // " def new generation   total 4928K, used 1000K [..." and " tenured generation ...".
            long sum = 0;
            boolean found = false;
            for (String line : info.split("\n")) {
                int used = line.indexOf("used ");
                if (line.contains("total") && used > 0 && !line.contains("Metaspace") && !line.contains("class space")) {
                    sum += Long.parseLong(line.substring(used + 5).replaceAll("[^0-9].*", "")) * 1024;
                    found = true;
                }
            }
            if (found) {
                return sum;
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            return -1;
        }
        return -1;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
