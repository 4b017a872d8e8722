package dev.capnweb.interop.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves {@link HeadlessChromium} can load a local page and read its asynchronously computed results. */
class HeadlessChromiumTest {
    private static final String PAGE = """
            <!doctype html>
            <html><head><title>headless check</title></head><body>
            <script>
              setTimeout(() => {
                window.results = {sum: 2 + 3, ua: navigator.userAgent.includes("Chrome")};
                console.log("done");
              }, 50);
            </script>
            </body></html>
            """;

    @Test
    void readsResultsAndConsoleOfALocalPage() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try (HeadlessChromium chromium = HeadlessChromium.launch(List.of())) {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            String json = chromium.evaluateAfterLoad(url,
                    "window.results ? JSON.stringify(window.results) : undefined", Duration.ofSeconds(20));

            assertThat(json).contains("\"sum\":5").contains("\"ua\":true");
            assertThat(chromium.console()).as("console; chromium output:%n%s", chromium.output()).contains("done");
        } finally {
            server.stop(0);
        }
    }
}
