package dev.capnweb.interop.browser;

import com.sun.net.httpserver.HttpServer;
import dev.capnweb.interop.InteropTestTarget;
import dev.capnweb.webtransport.BrowserAdapter;
import dev.capnweb.webtransport.DevelopmentCertificate;
import dev.capnweb.webtransport.WebTransportServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real capnweb 0.12.0 TypeScript client, in headless Chromium, over WebTransport to the Java
 * server: a page served from 127.0.0.1 loads the package's own {@code dist/index.js} and this
 * project's browser adapter, trusts the development certificate by its hash, and makes calls,
 * pipelined calls, a call the server answers by calling back into the page, a call that fails,
 * and a {@code .map()}. The test reads the page's results over the Chrome DevTools Protocol.
 */
class BrowserWebTransportTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theTypeScriptClientInChromiumTalksToTheJavaServer() throws Exception {
        DevelopmentCertificate cert = DevelopmentCertificate.generate();
        AtomicInteger sessions = new AtomicInteger();
        HttpServer pages = pageServer();
        try (WebTransportServer server = WebTransportServer.builder()
                .bind("127.0.0.1", 0)
                .certificate(cert)
                .path("/rpc", info -> {
                    sessions.incrementAndGet();
                    return new InteropTestTarget();
                })
                .start();
             HeadlessChromium chromium = HeadlessChromium.launch(List.of())) {
            String page = "http://127.0.0.1:" + pages.getAddress().getPort() + "/?url="
                    + URLEncoder.encode(server.uri("/rpc").toString(), StandardCharsets.UTF_8) + "&hash=" + cert.sha256Hex();
            String json = chromium.evaluateAfterLoad(page, "window.results ? JSON.stringify(window.results) : undefined",
                    Duration.ofSeconds(30));
            JsonNode results = JSON.readTree(json);
            assertThat(results.has("failure")).as("page failed: %s%nconsole: %s", results.get("failure"), chromium.console())
                    .isFalse();
            assertThat(results.get("square").asLong()).isEqualTo(49);
            assertThat(results.get("pipelined").asLong()).isEqualTo(25);
            assertThat(results.get("callback").get("result").asLong()).isEqualTo(42);
            assertThat(results.get("callbackArgs").toString()).isEqualTo("[21]");
            assertThat(results.get("error").get("name").asString()).isEqualTo("RangeError");
            assertThat(results.get("error").get("message").asString()).isEqualTo("test error");
            assertThat(results.get("map").toString()).isEqualTo("[0,1,1,4,9,25]");
            assertThat(results.get("unicode").asString()).isEqualTo("h\u00e9llo \u4e16\u754c \ud83d\ude00 \"q\"\n");
            assertThat(sessions.get()).as("WebTransport sessions the Java server opened").isEqualTo(1);
        } finally {
            pages.stop(0);
        }
    }

    /** Serves the page, the real capnweb package's browser build and the adapter, on 127.0.0.1. */
    private static HttpServer pageServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        byte[] page;
        try (InputStream in = BrowserWebTransportTest.class.getResourceAsStream("/browser/webtransport-test.html")) {
            page = in.readAllBytes();
        }
        byte[] capnweb = Files.readAllBytes(Path.of("node_modules", "capnweb", "dist", "index.js"));
        byte[] adapter = BrowserAdapter.script().getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            switch (path) {
                case "/":
                    body = page;
                    type = "text/html; charset=utf-8";
                    break;
                case "/capnweb.js":
                    body = capnweb;
                    type = "text/javascript; charset=utf-8";
                    break;
                case "/" + BrowserAdapter.FILE_NAME:
                    body = adapter;
                    type = "text/javascript; charset=utf-8";
                    break;
                default:
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
