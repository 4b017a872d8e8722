package dev.capnweb.ws;

import dev.capnweb.MemoryBudget;
import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import dev.capnweb.testsupport.BudgetHog;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** While the sessions' shared memory budget is used up, WebSocket servers refuse new sessions. */
class BudgetRefusalTest {
    private final MemoryBudget budget = MemoryBudget.ofBytes(2 * MemoryBudget.SLICE);
    private final SessionOptions options = SessionOptions.builder().memoryBudget(budget).build();

    @Test
    void theJettyServerAnswers503() {
        try (CapnWebServer server = CapnWebServer.builder().path("/api", info -> new TestApi("api")).options(options).start()) {
            RpcSession holder = BudgetHog.exhaust(options);
            Throwable refused = catchThrowable(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(server.webSocketUri("/api"), new WebSocket.Listener() { })
                    .get(10, TimeUnit.SECONDS));
            assertThat(refused).hasCauseInstanceOf(WebSocketHandshakeException.class);
            WebSocketHandshakeException handshake = (WebSocketHandshakeException) refused.getCause();
            assertThat(handshake.getResponse().statusCode()).isEqualTo(503);
            assertThat(handshake.getResponse().body()).isEqualTo(MemoryBudget.SESSION_REFUSED);

            holder.close();
            try (RpcSession session = WebSocketRpc.connect(server.webSocketUri("/api"))) {
                assertThat(session.main().call("square", 5).join(Long.class)).isEqualTo(25L);
            }
        }
    }

    @Test
    void theStandaloneServerClosesWith1013() throws Exception {
        try (StandaloneWebSocketServer server = StandaloneWebSocketServer.builder().main(info -> new TestApi("api"))
                .options(options).start()) {
            RpcSession holder = BudgetHog.exhaust(options);
            try (RawWebSocket raw = new RawWebSocket(server.uri("/api"))) {
                assertThat(raw.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1013);
                assertThat(raw.closeReason.get(10, TimeUnit.SECONDS)).isEqualTo(MemoryBudget.SESSION_REFUSED);
            }
            holder.close();
            try (RpcSession session = WebSocketRpc.connect(server.uri("/api"))) {
                assertThat(session.main().call("square", 5).join(Long.class)).isEqualTo(25L);
            }
        }
    }
}
