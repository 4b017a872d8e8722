package dev.capnweb.ws;

import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import dev.capnweb.testsupport.Await;
import dev.capnweb.testsupport.CountingTarget;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that sends calls and never reads their answers: the server stops taking its messages
 * once its backlog is over the bound, keeps serving other sessions, and drops the peer when it
 * stays over the bound for the stall timeout (issue: send-side backpressure).
 */
class SlowReaderTest {
    private static final int BOUND = 64 * 1024;
    private static final int ANSWER = 10_000;
    private static final int CALLS = 20_000;

    private static SessionOptions options(CompletableFuture<Throwable> abortReason) {
        return SessionOptions.builder()
                .maxQueuedSendBytes(BOUND)
                .sendStallTimeout(Duration.ofSeconds(1))
                .onSendError(error -> {
                    if (String.valueOf(error.getMessage()).startsWith("Peer is not reading")) {
                        abortReason.complete(error);
                    }
                    return null;
                })
                .build();
    }

    /** Two frames a call: a push of {@code text(ANSWER)} and the pull of its result. */
    private static String call(int i) {
        return i % 2 == 0 ? "[\"push\",[\"pipeline\",0,[\"text\"],[" + ANSWER + "]]]" : "[\"pull\"," + (i / 2 + 1) + "]";
    }

    @Test
    void jettyServerStopsReadingAndDropsThePeer() throws Exception {
        AtomicInteger made = new AtomicInteger();
        CompletableFuture<Throwable> reason = new CompletableFuture<>();
        try (CapnWebServer server = CapnWebServer.builder()
                .path("/api", info -> new CountingTarget(made))
                .options(options(reason))
                .start()) {
            URI uri = server.webSocketUri("/api");
            proveBounded(uri, made, reason, () -> server.openWebSocketSessions());
        }
    }

    @Test
    void standaloneServerHoldsBoundedInputAndDropsThePeer() throws Exception {
        AtomicInteger made = new AtomicInteger();
        CompletableFuture<Throwable> reason = new CompletableFuture<>();
        try (StandaloneWebSocketServer server = StandaloneWebSocketServer.builder()
                .main(info -> new CountingTarget(made))
                .options(options(reason))
                .start()) {
            proveBounded(server.uri("/api"), made, reason, server::openSessions);
        }
    }

    private static void proveBounded(URI uri, AtomicInteger made, CompletableFuture<Throwable> reason,
                                     java.util.function.IntSupplier openSessions) throws Exception {
        try (StalledPeer peer = new StalledPeer(uri)) {
            peer.writeInBackground(2 * CALLS, SlowReaderTest::call);
            // Meanwhile another client is answered as usual.
            try (RpcSession healthy = WebSocketRpc.connect(uri)) {
                assertThat(healthy.main().call("square", 7).join(Long.class)).isEqualTo(49L);

                Throwable why = reason.get(20, TimeUnit.SECONDS);
                assertThat(why).hasMessageContaining("Peer is not reading")
                        .hasMessageContaining("maxQueuedSendBytes");
                peer.writerDone.get(20, TimeUnit.SECONDS);
                // Without backpressure every call the peer sent would have been answered. With it,
                // only what fits in the bound and the kernel's socket buffers (a few MiB at most).
                assertThat(made.get()).isLessThan(CALLS / 4);
                assertThat(healthy.main().call("square", 8).join(Long.class)).isEqualTo(64L);
                Await.until(() -> openSessions.getAsInt() == 1, "only the healthy session left");
            }
        }
        Await.until(() -> openSessions.getAsInt() == 0, "every session released");
    }
}
