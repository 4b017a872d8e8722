package dev.capnweb.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Starts the interop peers (Node scripts, the java-test-server script) as real processes. */
final class Processes {
    /** The interop module's folder, where package.json and the scripts are. */
    static final Path DIR = Path.of(System.getProperty("user.dir"));

    private Processes() {
    }

    /** A server process that printed {@code LISTENING <port>}. */
    record Server(Process process, int port) implements AutoCloseable {
        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code command} and waits up to 60 s for its {@code LISTENING <port>} line. */
    static Server startServer(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).directory(DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("LISTENING ")) {
                        port.complete(Integer.parseInt(line.substring("LISTENING ".length()).trim()));
                    }
                }
                port.completeExceptionally(new IllegalStateException(command + " ended without printing LISTENING"));
            } catch (IOException | RuntimeException e) {
                port.completeExceptionally(e);
            }
        }, "interop-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new Server(p, port.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("could not start " + command + ": " + e, e);
        }
    }

    /** A finished command: exit code and its standard output, line by line. */
    record Result(int exitCode, List<String> lines) {
    }

    /** Runs {@code command} to the end (at most 120 s). */
    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within 120 s");
        }
        return new Result(p.exitValue(), lines);
    }
}
