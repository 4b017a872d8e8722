package dev.capnweb.interop.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol (CDP), for tests that need a real browser.
 *
 * <p>{@link #launch} starts the browser with a fresh profile and connects to its DevTools websocket with
 * {@link java.net.http.WebSocket}; one page target is created and attached in flat-session mode. The browser's
 * own output and the page's console messages are kept so that failures can show them. Not thread-safe: use one
 * instance from one test thread, and always {@link #close()} it.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_OUTPUT_LINES = 200;

    private final Process process;
    private final Path userDataDir;
    private final Deque<String> output = new ArrayDeque<>();
    private final List<String> console = new CopyOnWriteArrayList<>();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Object sendLock = new Object();
    private WebSocket socket;
    private String sessionId;

    private HeadlessChromium(Process process, Path userDataDir) {
        this.process = process;
        this.userDataDir = userDataDir;
    }

    /**
     * Starts {@code /usr/bin/chromium} (or the {@code CHROMIUM} environment variable) headless, connects to it
     * and opens one blank page.
     *
     * @param extraFlags further command-line flags, added after the standard ones
     * @return the connected browser; close it when done
     * @throws IOException if the process cannot be started or its DevTools endpoint does not appear in 20 s
     */
    public static HeadlessChromium launch(List<String> extraFlags) throws IOException {
        String binary = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(binary))) {
            throw new IOException("No Chromium at " + binary + ": the browser tests need Debian's chromium package "
                    + "(apt-get install chromium; .ci/run installs it), or CHROMIUM=<path to a Chromium binary>");
        }
        Path dir = Files.createTempDirectory("headless-chromium-");
        List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--mute-audio", "--user-data-dir=" + dir, "--remote-debugging-port=0"));
        command.addAll(extraFlags);
        command.add("about:blank");
        HeadlessChromium browser = new HeadlessChromium(new ProcessBuilder(command).redirectErrorStream(true).start(), dir);
        try {
            browser.startDraining();
            browser.connect(browser.awaitDevToolsEndpoint(Duration.ofSeconds(20)));
            return browser;
        } catch (IOException | RuntimeException e) {
            browser.close();
            throw new IOException("could not start " + command + ": " + e + "\nchromium output:\n" + browser.output(), e);
        }
    }

    /**
     * Navigates the page to {@code url}, then evaluates {@code expression} about every 100 ms until it yields a
     * value other than {@code null}/{@code undefined} (promises are awaited).
     *
     * @param url the page to load
     * @param expression JavaScript, e.g. {@code window.results ? JSON.stringify(window.results) : undefined}
     * @param timeout how long to keep trying
     * @return the value: a string result as is, anything else as JSON text
     * @throws AssertionError if no value arrived in time, with the last error, the console and chromium's output
     */
    public String evaluateAfterLoad(String url, String expression, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode nav;
        try {
            nav = call("Page.navigate", Map.of("url", url), sessionId, COMMAND_TIMEOUT);
        } catch (IllegalStateException e) {
            throw failure(e.getMessage());
        }
        if (nav.hasNonNull("errorText")) {
            throw failure("navigation to " + url + " failed: " + nav.get("errorText").asString());
        }
        String lastError = "no value yet";
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                // at least 1 s per attempt, so the last attempt near the deadline is not cut short
                Duration wait = Duration.ofNanos(Math.min(Math.max(left, 1_000_000_000L), COMMAND_TIMEOUT.toNanos()));
                JsonNode reply = call("Runtime.evaluate",
                        Map.of("expression", expression, "returnByValue", true, "awaitPromise", true), sessionId, wait);
                if (reply.has("exceptionDetails")) {
                    lastError = "exception: " + describe(reply.get("exceptionDetails"));
                } else {
                    JsonNode value = reply.path("result").get("value");
                    if (value != null && !value.isNull()) {
                        return value.isString() ? value.asString() : value.toString();
                    }
                }
            } catch (IllegalStateException e) {
                lastError = e.getMessage(); // e.g. the execution context was replaced while navigating
            }
            if (System.nanoTime() - deadline >= 0) {
                throw failure("no value for " + expression + " at " + url + " within " + timeout + "; last: " + lastError);
            }
            sleep(100);
        }
    }

    /** The page's console messages (first argument of each call) and uncaught exceptions, in order. */
    public List<String> console() {
        return List.copyOf(console);
    }

    /** The last lines (at most 200) chromium wrote to stdout/stderr, for failure messages. */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Closes the browser, ends its process and deletes its temporary profile; never throws. */
    @Override
    public void close() {
        if (socket == null) {
            process.destroy();
        } else {
            try {
                call("Browser.close", Map.of(), null, Duration.ofSeconds(2));
            } catch (RuntimeException ignored) {
                // the browser may already be gone
            }
            socket.abort();
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(userDataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    private void startDraining() {
        Thread drain = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        if (output.size() == MAX_OUTPUT_LINES) {
                            output.removeFirst();
                        }
                        output.addLast(line);
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "chromium-output");
        drain.setDaemon(true);
        drain.start();
    }

    /** Polls {@code DevToolsActivePort} (port, then browser websocket path) until it is complete. */
    private URI awaitDevToolsEndpoint(Duration timeout) throws IOException {
        Path file = userDataDir.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.size() >= 2 && !lines.get(1).isBlank()) {
                    return URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
                }
            }
            if (!process.isAlive()) {
                throw new IOException("chromium exited with code " + process.exitValue());
            }
            sleep(50);
        }
        throw new IOException("no " + file + " after " + timeout);
    }

    private void connect(URI endpoint) throws IOException {
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10)).buildAsync(endpoint, new Listener()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("could not connect to " + endpoint, e);
        }
        String targetId = call("Target.createTarget", Map.of("url", "about:blank"), null, COMMAND_TIMEOUT)
                .get("targetId").asString();
        sessionId = call("Target.attachToTarget", Map.of("targetId", targetId, "flatten", true), null, COMMAND_TIMEOUT)
                .get("sessionId").asString();
        call("Runtime.enable", Map.of(), sessionId, COMMAND_TIMEOUT);
    }

    /** Sends one command and waits for its reply's {@code result}; CDP errors become IllegalStateException. */
    private JsonNode call(String method, Map<String, Object> params, String session, Duration timeout) {
        long id = nextId.getAndIncrement();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            synchronized (sendLock) { // java.net.http.WebSocket allows one outstanding send at a time
                socket.sendText(JSON.writeValueAsString(message), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(method + " failed: " + cause, cause);
        } finally {
            pending.remove(id);
        }
    }

    private void onMessage(String text) {
        JsonNode msg = JSON.readTree(text);
        if (msg.has("id")) {
            CompletableFuture<JsonNode> reply = pending.get(msg.get("id").asLong());
            if (reply != null && msg.has("error")) {
                reply.completeExceptionally(new IllegalStateException(msg.get("error").toString()));
            } else if (reply != null) {
                reply.complete(msg.path("result"));
            }
            return;
        }
        String method = msg.path("method").asString("");
        if (method.equals("Runtime.consoleAPICalled")) {
            JsonNode first = msg.path("params").path("args").path(0);
            JsonNode value = first.get("value");
            console.add(value == null ? first.path("description").asString(first.toString())
                    : value.isString() ? value.asString() : value.toString());
        } else if (method.equals("Runtime.exceptionThrown")) {
            console.add("uncaught: " + describe(msg.path("params").path("exceptionDetails")));
        }
    }

    private static String describe(JsonNode exceptionDetails) {
        JsonNode description = exceptionDetails.path("exception").get("description");
        return description != null ? description.asString() : exceptionDetails.path("text").asString("");
    }

    private AssertionError failure(String message) {
        return new AssertionError(message + "\nconsole: " + console + "\nchromium output:\n" + output());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Reassembles fragmented text frames and hands whole messages to {@link #onMessage}. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                try {
                    onMessage(buffer.toString());
                } catch (RuntimeException e) {
                    console.add("bad CDP message: " + e);
                }
                buffer.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            onError(ws, new IOException("DevTools websocket closed: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }
}
