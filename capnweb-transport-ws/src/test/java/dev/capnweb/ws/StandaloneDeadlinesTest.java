package dev.capnweb.ws;

import dev.capnweb.testsupport.Await;
import dev.capnweb.testsupport.Trickle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** StandaloneWebSocketServer cuts off a peer trickling its handshake and ends idle sessions. */
@Timeout(60)
class StandaloneDeadlinesTest {
    private static StandaloneWebSocketServer.Builder server() {
        return StandaloneWebSocketServer.builder().main(info -> TestApi.make("standalone-deadlines"));
    }

    @Test
    void aPeerTricklingItsHandshakeGets408AtTheDeadline() throws Exception {
        try (StandaloneWebSocketServer server = server().requestHeaderTimeout(Duration.ofMillis(500)).start();
             Socket socket = new Socket("127.0.0.1", server.port())) {
            long start = System.nanoTime();
            String answer = Trickle.send(socket, ServerDeadlinesTest.UPGRADE, 100, Duration.ofSeconds(10));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(answer).startsWith("HTTP/1.1 408 ");
            assertThat(millis).isBetween(400L, 5000L);
            assertThat(server.openSessions()).isZero();
        }
    }

    @Test
    void anIdleSessionIsAbortedWithASayingReasonAtItsIdleTimeout() throws Exception {
        try (StandaloneWebSocketServer server = server().idleTimeout(Duration.ofMillis(400)).start();
             RawWebSocket ws = new RawWebSocket(server.uri("/"))) {
            long start = System.nanoTime();
            ws.assertIdleAbort("WebSocket idle timeout: no traffic for 400 ms.");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300L);
            Await.until(() -> server.openSessions() == 0, "the idle session released");
        }
    }

    @Test
    void messagesKeepASessionOpenPastItsIdleTimeout() throws Exception {
        try (StandaloneWebSocketServer server = server().idleTimeout(Duration.ofMillis(600)).start();
             RawWebSocket ws = new RawWebSocket(server.uri("/"))) {
            ws.callsApart(Duration.ofMillis(200));
            assertThat(ws.closeCode).isNotDone();
        }
    }
}
