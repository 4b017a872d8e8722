package dev.capnweb.ws;

import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A server that accepts the upgrade and then never reads: the Java-WebSocket client drops it at the stall timeout. */
class ClientBacklogTest {
    @Test
    void aClientDropsAServerThatDoesNotRead() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setReceiveBufferSize(4096);
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    Socket s = listener.accept();
                    upgrade(s);
                    return s;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            SessionOptions options = SessionOptions.builder().maxQueuedSendBytes(64 * 1024)
                    .sendStallTimeout(Duration.ofSeconds(1)).build();
            URI uri = URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/api");
            try (RpcSession session = WebSocketRpc.client().options(options).connect(uri);
                 Socket server = accepted.get(10, TimeUnit.SECONDS)) {
                CompletableFuture<Throwable> broken = new CompletableFuture<>();
                session.onBroken(broken::complete);
                String big = "x".repeat(10_000);
                for (int i = 0; i < 2_000 && !broken.isDone(); i++) {
                    session.main().call("echo", big);
                }
                assertThat(broken.get(20, TimeUnit.SECONDS)).hasMessageStartingWith("Peer is not reading")
                        .hasMessageContaining("maxQueuedSendBytes");
                assertThat(server.isClosed()).isFalse();
            }
        }
    }

    /** Reads the upgrade request and answers 101; reads nothing after it. */
    private static void upgrade(Socket socket) throws Exception {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("closed during the upgrade");
            }
            head.append((char) b);
        }
        String key = head.toString().lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                .findFirst().orElseThrow().substring("sec-websocket-key:".length()).trim();
        byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + Base64.getEncoder().encodeToString(digest) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
