package dev.capnweb.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A WebSocket peer that speaks raw frames (the JDK's client), to check exact wire reactions. */
final class RawWebSocket implements WebSocket.Listener, AutoCloseable {
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    final CompletableFuture<ByteBuffer> pong = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    final WebSocket socket;

    RawWebSocket(URI uri) {
        this(HttpClient.newHttpClient(), uri);
    }

    /** @param client shared by many sockets, for tests that open thousands */
    RawWebSocket(HttpClient client, URI uri) {
        socket = client.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, this)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    void send(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** @return the next text message; fails after 10 s */
    String next() throws InterruptedException {
        String m = texts.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 10 s");
        }
        return m;
    }

    /**
     * The server ended this session for being idle: its abort message, then a close with code
     * 3000 and the same reason.
     */
    void assertIdleAbort(String reason) throws Exception {
        assertThat(next()).isEqualTo("[\"abort\",[\"error\",\"Error\",\"" + reason + "\"]]");
        assertThat(closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(3000);
        assertThat(closeReason.get(10, TimeUnit.SECONDS)).isEqualTo(reason);
    }

    /** Eight calls, {@code gap} apart, each answered: traffic that keeps a session from going idle. */
    void callsApart(Duration gap) throws Exception {
        for (int i = 1; i <= 8; i++) {
            send("[\"push\",[\"pipeline\",0,[\"square\"],[" + i + "]]]");
            send("[\"pull\"," + i + "]");
            assertThat(next()).isEqualTo("[\"resolve\"," + i + "," + (i * i) + "]");
            // The gap is what is tested: the session must stay open across it.
            Thread.sleep(gap.toMillis());
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            texts.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        pong.complete(ByteBuffer.allocate(message.remaining()).put(message).flip());
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        closeReason.complete(reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
        closeReason.completeExceptionally(error);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
