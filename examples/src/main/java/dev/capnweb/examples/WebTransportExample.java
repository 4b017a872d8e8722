package dev.capnweb.examples;

import com.sun.net.httpserver.HttpServer;
import dev.capnweb.RpcSession;
import dev.capnweb.webtransport.BrowserAdapter;
import dev.capnweb.webtransport.DevelopmentCertificate;
import dev.capnweb.webtransport.WebTransportRpc;
import dev.capnweb.webtransport.WebTransportServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The calculator ({@link ExampleApi}) over WebTransport: a Java client, and a browser page running
 * the TypeScript capnweb client through this project's browser adapter. Run it with
 * {@code examples/webtransport/run} (installs the page's pinned capnweb with npm, then runs this).
 *
 * <p>Arguments: the folder holding {@code index.html} and {@code node_modules}; then
 * {@code --serve} to keep serving the page for a browser you open yourself (otherwise, if a
 * {@code chromium} is installed, the page is run once in headless Chromium and what it reports is
 * printed).
 */
public final class WebTransportExample {
    private WebTransportExample() {
    }

    /**
     * Serves the page: {@code /} the page, {@code /capnweb.js} the real capnweb package's browser
     * build, {@code /capnweb-webtransport.js} the adapter; {@code POST /report} takes what the page logged.
     *
     * @param folder  the folder with {@code index.html} and {@code node_modules/capnweb}
     * @param port    the TCP port, 0 for any
     * @param reports told each page report
     * @return the running server, on 127.0.0.1
     */
    public static HttpServer servePage(Path folder, int port, Consumer<String> reports) throws IOException {
        Path capnweb = folder.resolve("node_modules/capnweb/dist/index.js");
        if (!Files.isRegularFile(capnweb)) {
            throw new IOException("Missing " + capnweb + ": run npm ci in " + folder + " (examples/webtransport/run does)");
        }
        Map<String, byte[]> files = Map.of(
                "/", Files.readAllBytes(folder.resolve("index.html")),
                "/capnweb.js", Files.readAllBytes(capnweb),
                "/" + BrowserAdapter.FILE_NAME, BrowserAdapter.script().getBytes(StandardCharsets.UTF_8));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/report") && exchange.getRequestMethod().equals("POST")) {
                reports.accept(new String(exchange.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
                return;
            }
            byte[] body = files.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", path.equals("/") ? "text/html; charset=utf-8" : "text/javascript");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    /** The Java client: the same calls the page makes. @param uri the WebTransport endpoint @param cert its certificate */
    public static void runJavaClient(URI uri, DevelopmentCertificate cert) {
        try (RpcSession session = WebTransportRpc.client().trustCertificateHash(cert.sha256()).connect(uri)) {
            CalculatorClient.exercise(session.main(), "Java over WebTransport");
        }
    }

    /**
     * Opens the page in headless Chromium until it reports.
     *
     * @return false when no Chromium is installed
     */
    static boolean openHeadless(String pageUrl, CompletableFuture<String> report) throws IOException, InterruptedException {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            return false;
        }
        Path profile = Files.createTempDirectory("capnweb-example-chromium");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", pageUrl)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            report.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            report.complete("(the page did not report within 30 s)");
        } finally {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            deleteQuietly(profile);
        }
        return true;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // A temporary profile left behind is harmless.
        }
    }

    /** @param args the page folder, then optionally {@code --serve} */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "examples/webtransport");
        boolean serve = List.of(args).contains("--serve");
        DevelopmentCertificate cert = DevelopmentCertificate.generate();
        try (WebTransportServer server = WebTransportServer.builder()
                .bind("127.0.0.1", serve ? 4433 : 0)
                .certificate(cert)
                .path("/calc", connection -> new ExampleApi())
                .start()) {
            CompletableFuture<String> report = new CompletableFuture<>();
            HttpServer pages = servePage(folder, serve ? 8080 : 0, text -> {
                if (serve) {
                    System.out.println("The page reported:\n" + text.strip());
                }
                report.complete(text);
            });
            try {
                URI endpoint = server.uri("/calc");
                String page = "http://127.0.0.1:" + pages.getAddress().getPort() + "/?url="
                        + URLEncoder.encode(endpoint.toString(), StandardCharsets.UTF_8) + "&hash=" + cert.sha256Hex();
                System.out.println("WebTransport endpoint " + endpoint + " (certificate SHA-256 " + cert.sha256Hex() + ")");
                System.out.println();
                System.out.println("== Java client");
                runJavaClient(endpoint, cert);
                if (serve) {
                    System.out.println();
                    System.out.println("Open this page in Chrome or Edge (Ctrl-C to stop): " + page);
                    server.join();
                    return;
                }
                System.out.println();
                System.out.println("== The browser page, in headless Chromium (" + page + ")");
                if (openHeadless(page, report)) {
                    System.out.println(report.join().strip());
                } else {
                    System.out.println("(no chromium installed: run with --serve and open the page in a browser)");
                }
            } finally {
                pages.stop(0);
            }
        }
    }
}
