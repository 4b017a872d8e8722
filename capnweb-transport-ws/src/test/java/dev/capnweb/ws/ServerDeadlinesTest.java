package dev.capnweb.ws;

import dev.capnweb.testsupport.Await;
import dev.capnweb.testsupport.Trickle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Slow peers are cut off at CapnWebServer's deadlines, idle sockets at the idle timeout, and threads come back. */
@Timeout(60)
class ServerDeadlinesTest {
    static final String UPGRADE = "GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    static final String BATCH_BODY = "[\"push\",[\"pipeline\",0,[\"square\"],[3]]]\n[\"pull\",1]";

    private static CapnWebServer.Builder server() {
        return CapnWebServer.builder().path("/api", info -> TestApi.make("deadlines"));
    }

    @Test
    void aPeerTricklingItsHeadersGets408AtTheDeadline() throws Exception {
        try (CapnWebServer server = server().requestHeaderTimeout(Duration.ofMillis(500)).start();
             Socket socket = new Socket("127.0.0.1", server.port())) {
            long start = System.nanoTime();
            String answer = Trickle.send(socket, UPGRADE, 100, Duration.ofSeconds(10));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(answer).startsWith("HTTP/1.1 408 ");
            assertThat(millis).isBetween(400L, 5000L);
            assertThat(server.openWebSocketSessions()).isZero();
        }
    }

    @Test
    void withTlsTheHandshakeCountsTowardsTheHeaderDeadline(@TempDir Path dir) throws Exception {
        Path keyStore = TestTls.keyStore(dir);
        try (CapnWebServer server = server().tls(keyStore, TestTls.PASSWORD)
                .requestHeaderTimeout(Duration.ofMillis(500)).start();
             Socket socket = new Socket("127.0.0.1", server.port())) {
            // A TLS ClientHello's first bytes, trickled and never finished.
            long start = System.nanoTime();
            String answer = Trickle.send(socket, "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003",
                    150, Duration.ofSeconds(10));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(answer).as("no HTTP answer inside an unfinished TLS handshake").doesNotContain("HTTP/1.1");
            assertThat(millis).isBetween(400L, 5000L);
        }
    }

    @Test
    void theHeaderDeadlineAppliesToEachRequestOnAKeepAliveConnection() throws Exception {
        try (CapnWebServer server = server().requestHeaderTimeout(Duration.ofMillis(500)).start();
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            byte[] body = BATCH_BODY.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String first = Trickle.readUntil(socket.getInputStream(), "[\"resolve\",1,9]");
            assertThat(first).startsWith("HTTP/1.1 200 ");
            // Idle longer than the deadline between requests is the idle timeout's business, not this one's.
            Thread.sleep(700);
            String answer = Trickle.send(socket, "POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\n", 100, Duration.ofSeconds(10));
            assertThat(answer).startsWith("HTTP/1.1 408 ");
        }
    }

    @Test
    void aPeerTricklingABatchBodyGets408AtTheDeadline() throws Exception {
        try (CapnWebServer server = server().requestBodyTimeout(Duration.ofMillis(500)).start();
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            byte[] body = BATCH_BODY.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int made = TestApi.MADE.size();
            long start = System.nanoTime();
            String answer = Trickle.send(socket, BATCH_BODY, 100, Duration.ofSeconds(10));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Connection: close");
            assertThat(millis).isBetween(400L, 5000L);
            assertThat(TestApi.MADE.size()).as("no session was started").isEqualTo(made);
        }
    }

    @Test
    void anIdleWebSocketIsAbortedWithASayingReasonAtItsIdleTimeout() throws Exception {
        try (CapnWebServer server = server().webSocketIdleTimeout(Duration.ofMillis(400)).start();
             RawWebSocket ws = new RawWebSocket(server.webSocketUri("/api"))) {
            long start = System.nanoTime();
            ws.assertIdleAbort("WebSocket idle timeout: no traffic for 400 ms.");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300L);
            Await.until(() -> server.openWebSocketSessions() == 0, "the idle session released");
        }
    }

    @Test
    void trafficKeepsAWebSocketOpenPastItsIdleTimeout() throws Exception {
        try (CapnWebServer server = server().webSocketIdleTimeout(Duration.ofMillis(600)).start();
             RawWebSocket ws = new RawWebSocket(server.webSocketUri("/api"))) {
            ws.callsApart(Duration.ofMillis(200));
            assertThat(ws.closeCode).isNotDone();
        }
    }

    @Test
    void networkThreadsReturnToTheirBaselineAfterAFlood() throws Exception {
        try (CapnWebServer server = server().threadIdleTimeout(Duration.ofMillis(300)).start()) {
            int baseline = serverThreads();
            ExecutorService clients = Executors.newFixedThreadPool(64);
            try {
                List<Future<?>> shots = new ArrayList<>();
                for (int i = 0; i < 1500; i++) {
                    boolean ws = i % 2 == 0;
                    shots.add(clients.submit(() -> {
                        oneShot(server.port(), ws);
                        return null;
                    }));
                }
                for (Future<?> shot : shots) {
                    shot.get(30, TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
            }
            int peak = serverThreads();
            assertThat(peak).as("the flood grew the pool").isGreaterThan(baseline + 10);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (serverThreads() > baseline && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(serverThreads()).as("threads after the flood (peak " + peak + ")").isLessThanOrEqualTo(baseline);
        }
    }

    private static int serverThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("capnweb-server-")).count();
    }

    private static void oneShot(int port, boolean webSocket) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            if (webSocket) {
                out.write(UPGRADE.getBytes(StandardCharsets.US_ASCII));
            } else {
                byte[] body = BATCH_BODY.getBytes(StandardCharsets.UTF_8);
                out.write(("POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
            }
            out.flush();
            InputStream in = s.getInputStream();
            in.read(new byte[4096]);
        }
    }
}
