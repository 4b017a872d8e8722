package dev.capnweb.ws;

import dev.capnweb.RpcException;
import dev.capnweb.RpcFunction;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import dev.capnweb.SessionStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Java-WebSocket client ({@link WebSocketRpc}) and standalone server, over loopback sockets. */
class JavaWebSocketTest {
    private final Queue<TestApi> made = new ConcurrentLinkedQueue<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private StandaloneWebSocketServer start(StandaloneWebSocketServer.Builder builder) {
        StandaloneWebSocketServer server = builder.main(info -> {
            TestApi api = new TestApi(info.path());
            made.add(api);
            return api;
        }).start();
        toClose.add(server);
        return server;
    }

    private StandaloneWebSocketServer start() {
        return start(StandaloneWebSocketServer.builder());
    }

    private <T extends AutoCloseable> T closing(T resource) {
        toClose.add(0, resource);
        return resource;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
    }

    private TestApi made(int n) {
        await(() -> made.size() >= n);
        return made.stream().skip(n - 1).findFirst().orElseThrow();
    }

    private static void awaitLatch(CountDownLatch latch, String what) throws InterruptedException {
        assertThat(latch.await(10, TimeUnit.SECONDS)).as(what).isTrue();
    }

    @Test
    void callsPipeliningErrorsAndCallbacks() {
        StandaloneWebSocketServer server = start();
        RpcSession session = closing(WebSocketRpc.connect(server.uri("/rpc")));
        assertThat(session.main().call("whoami").join()).isEqualTo("/rpc");
        assertThat(session.main().call("square", 9).join()).isEqualTo(81L);

        RpcPromise counter = session.main().call("makeCounter", 2);
        assertThat(session.main().call("square", counter.call("increment", 3)).join()).isEqualTo(25L);

        RpcException e = catchThrowableOfType(RpcException.class, () -> session.main().call("throwError").join());
        assertThat(e.name()).isEqualTo("RangeError");
        assertThat(e.getMessage()).isEqualTo("test error");

        RpcFunction plusOne = args -> ((Number) args.get(0)).longValue() + 100;
        assertThat(session.main().call("callFunction", plusOne, 1).join()).isEqualTo(102L);
    }

    @Test
    void disposingAStubReleasesTheServersTarget() {
        StandaloneWebSocketServer server = start();
        RpcSession session = closing(WebSocketRpc.connect(server.uri("/")));
        RpcPromise counter = session.main().call("makeCounter", 1);
        dev.capnweb.RpcStub stub = (dev.capnweb.RpcStub) counter.join();
        assertThat(made(1).countersClosed.get()).isZero();
        counter.close();
        stub.close();
        await(() -> made(1).countersClosed.get() == 1);
    }

    @Test
    void aThousandCallsInFlight() {
        StandaloneWebSocketServer server = start();
        RpcSession session = closing(WebSocketRpc.connect(server.uri("/")));
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            results.add(session.main().call("add", i, 1).toCompletableFuture());
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(results.get(i).orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(i + 1L);
        }
    }

    @Test
    void severalSessionsAtOnce() throws Exception {
        StandaloneWebSocketServer server = start();
        List<CompletableFuture<Object>> names = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RpcSession s = closing(WebSocketRpc.connect(server.uri("/s" + i)));
            names.add(s.main().call("whoami").toCompletableFuture());
        }
        for (int i = 0; i < 8; i++) {
            assertThat(names.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("/s" + i);
        }
        assertThat(server.openSessions()).isEqualTo(8);
    }

    @Test
    void closingTheClientEndsBothSides() throws Exception {
        StandaloneWebSocketServer server = start();
        RpcSession session = WebSocketRpc.connect(server.uri("/"));
        assertThat(session.main().call("square", 2).join()).isEqualTo(4L);
        session.close();
        awaitLatch(made(1).closed, "the server released the session");
        assertThat(session.stats()).isEqualTo(new SessionStats(0, 0));
        await(() -> server.openSessions() == 0);
    }

    @Test
    void abruptDisconnectMidCall() throws Exception {
        StandaloneWebSocketServer server = start();
        RawWebSocket raw = new RawWebSocket(server.uri("/"));
        raw.send("[\"push\",[\"pipeline\",0,[\"hang\"],[]]]");
        raw.send("[\"pull\",1]");
        awaitLatch(made(1).hanging, "the call arrived");
        raw.socket.abort();
        awaitLatch(made(1).closed, "the server released the session");
    }

    @Test
    void serverGoingAwayFailsPendingCalls() throws Exception {
        StandaloneWebSocketServer server = start();
        RpcSession session = closing(WebSocketRpc.connect(server.uri("/")));
        CompletableFuture<Throwable> broken = new CompletableFuture<>();
        session.onBroken(broken::complete);
        CompletableFuture<Object> pending = session.main().call("hang").toCompletableFuture();
        awaitLatch(made(1).hanging, "the call arrived");
        server.close();
        assertThat(broken.get(10, TimeUnit.SECONDS)).hasMessageStartingWith("Peer closed WebSocket: ");
        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS)).hasMessageContaining("Peer closed WebSocket: ");
        assertThatThrownBy(() -> session.main().call("square", 1).join()).hasMessageStartingWith("Peer closed WebSocket: ");
        assertThat(session.stats()).isEqualTo(new SessionStats(0, 0));
    }

    @Test
    void anOversizedMessageEndsThatSessionOnly() throws Exception {
        StandaloneWebSocketServer server = start(StandaloneWebSocketServer.builder().maxMessageBytes(1000));
        RpcSession bystander = closing(WebSocketRpc.connect(server.uri("/")));
        assertThat(bystander.main().call("square", 3).join()).isEqualTo(9L);

        RpcSession big = closing(WebSocketRpc.connect(server.uri("/")));
        CompletableFuture<Throwable> broken = new CompletableFuture<>();
        big.onBroken(broken::complete);
        RpcPromise echo = big.main().call("echo", "x".repeat(5000));
        assertThatThrownBy(echo::join).isInstanceOf(RpcException.class);
        // The server refuses the frame with 1009; the client may see the connection drop (1006) first.
        assertThat(broken.get(10, TimeUnit.SECONDS)).hasMessageMatching("Peer closed WebSocket: 100[69] .*");
        awaitLatch(made(2).closed, "the server released the oversized session");
        assertThat(bystander.main().call("square", 4).join()).isEqualTo(16L);
    }

    @Test
    void theSessionLimitAppliesInUtf16Units() throws Exception {
        StandaloneWebSocketServer server = start(StandaloneWebSocketServer.builder()
                .options(SessionOptions.builder().maxMessageSize(1000).build()).maxMessageBytes(100_000));
        RawWebSocket raw = closing(new RawWebSocket(server.uri("/")));
        raw.send("[\"push\",[\"pipeline\",0,[\"echo\"],[\"" + "x".repeat(2000) + "\"]]]");
        assertThat(raw.next()).isEqualTo(
                "[\"abort\",[\"error\",\"TypeError\",\"Incoming message exceeds maximum size of 1000 UTF-16 code units.\"]]");
        assertThat(raw.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(3000);
    }

    @Test
    void aBinaryFrameAbortsTheSession() throws Exception {
        StandaloneWebSocketServer server = start();
        RawWebSocket raw = closing(new RawWebSocket(server.uri("/")));
        raw.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(10, TimeUnit.SECONDS);
        assertThat(raw.next()).startsWith("[\"abort\",[\"error\",\"TypeError\",\"Received a binary WebSocket message");
        assertThat(raw.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(3000);
        awaitLatch(made(1).closed, "the server released the session");
    }

    @Test
    void abortSendsTheErrorThenClosesWith3000() throws Exception {
        StandaloneWebSocketServer server = start();
        RawWebSocket raw = closing(new RawWebSocket(server.uri("/")));
        raw.send("[\"abort\",[\"error\",\"Error\",\"bye\"]]");
        assertThat(raw.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(3000);
        assertThat(raw.closeReason.get(10, TimeUnit.SECONDS)).isEqualTo("bye");

        RpcSession client = WebSocketRpc.connect(server.uri("/"));
        assertThat(client.main().call("square", 5).join()).isEqualTo(25L);
        String longReason = "é".repeat(100);
        client.abort(new RpcException("Error", longReason));
        TestApi second = made(2);
        awaitLatch(second.closed, "the server saw the abort");
    }

    @Test
    void closeReasonsAreCutToFitAFrame() {
        assertThat(WebSocketCloses.truncate("é".repeat(100))).isEqualTo("é".repeat(61));
        assertThat(WebSocketCloses.truncate("a".repeat(200))).hasSize(123);
        assertThat(WebSocketCloses.truncate("😀".repeat(40))).isEqualTo("😀".repeat(30));
        assertThat(WebSocketCloses.truncate("short")).isEqualTo("short");
    }

    @Test
    void originAllowList() throws Exception {
        StandaloneWebSocketServer server = start(StandaloneWebSocketServer.builder().allowedOrigins("http://good.example"));
        RpcSession good = closing(WebSocketRpc.client().header("Origin", "http://good.example").connect(server.uri("/")));
        assertThat(good.main().call("square", 6).join()).isEqualTo(36L);
        RpcSession noOrigin = closing(WebSocketRpc.connect(server.uri("/")));
        assertThat(noOrigin.main().call("square", 7).join()).isEqualTo(49L);

        RpcSession evil = closing(WebSocketRpc.client().header("Origin", "http://evil.example").connect(server.uri("/")));
        assertThatThrownBy(() -> evil.main().call("square", 2).join()).isInstanceOf(RpcException.class);
        assertThat(made).hasSize(2);
    }

    @Test
    void nothingListeningBreaksTheSessionWithTheReferenceError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RpcSession session = closing(WebSocketRpc.connect(URI.create("ws://127.0.0.1:" + port + "/")));
        CompletableFuture<Throwable> broken = new CompletableFuture<>();
        session.onBroken(broken::complete);
        assertThatThrownBy(() -> session.main().call("square", 2).join())
                .isInstanceOf(RpcException.class).hasMessage("WebSocket connection failed.");
        assertThat(broken.get(10, TimeUnit.SECONDS)).hasMessage("WebSocket connection failed.");
    }

    @Test
    void onlyWebSocketUrisAreAccepted() {
        assertThatThrownBy(() -> WebSocketRpc.connect(URI.create("http://127.0.0.1:1/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://");
    }

    @Test
    void wssRoundTrip(@TempDir Path dir) throws Exception {
        Path keyStore = TestTls.keyStore(dir);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, TestTls.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, TestTls.PASSWORD.toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);

        StandaloneWebSocketServer server = start(StandaloneWebSocketServer.builder().tls(serverTls));
        assertThat(server.uri("/").getScheme()).isEqualTo("wss");
        RpcSession session = closing(WebSocketRpc.client().sslContext(TestTls.trusting(keyStore)).connect(server.uri("/")));
        assertThat(session.main().call("square", 13).join()).isEqualTo(169L);
    }
}
