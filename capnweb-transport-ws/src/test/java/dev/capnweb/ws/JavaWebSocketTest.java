package dev.capnweb.ws;

import dev.capnweb.RpcException;
import dev.capnweb.RpcFunction;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcSession;
import dev.capnweb.RpcStub;
import dev.capnweb.SessionOptions;
import dev.capnweb.SessionStats;
import dev.capnweb.spi.ConnectionInfo;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java-WebSocket client ({@link WebSocketRpc}) against the standalone server, over real
 * loopback sockets. Waits are on latches and futures, each bounded at 10 s.
 */
class JavaWebSocketTest {
    private static final long WAIT = 10;

    /** Every main object the current test's servers made, in order. */
    private final BlockingQueue<TestApi> made = new LinkedBlockingQueue<>();
    private final AtomicInteger sessionsMade = new AtomicInteger();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    // ---- helpers ----

    private StandaloneWebSocketServer start(StandaloneWebSocketServer.Builder builder) {
        return start(builder, info -> {
            TestApi api = new TestApi("client-" + sessionsMade.incrementAndGet());
            made.add(api);
            return api;
        });
    }

    private StandaloneWebSocketServer start(StandaloneWebSocketServer.Builder builder, Function<ConnectionInfo, ?> main) {
        StandaloneWebSocketServer server = builder.bind("127.0.0.1", 0).main(main).start();
        toClose.add(server);
        return server;
    }

    private StandaloneWebSocketServer start() {
        return start(StandaloneWebSocketServer.builder());
    }

    /** Closed before the servers, in reverse order of creation. */
    private <T extends AutoCloseable> T closing(T resource) {
        toClose.add(0, resource);
        return resource;
    }

    private RpcSession connect(StandaloneWebSocketServer server) {
        return closing(WebSocketRpc.connect(server.uri("/")));
    }

    /** @return the next main object the server made */
    private TestApi nextMade() throws InterruptedException {
        TestApi api = made.poll(WAIT, TimeUnit.SECONDS);
        assertThat(api).as("a session was opened on the server within %d s", WAIT).isNotNull();
        return api;
    }

    private static Object await(RpcPromise promise) throws Exception {
        try {
            return promise.toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private static RpcException failure(CompletableFuture<?> future) throws Exception {
        try {
            Object value = future.get(WAIT, TimeUnit.SECONDS);
            throw new AssertionError("expected the call to fail, but it returned " + value);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RpcException.class);
            return (RpcException) e.getCause();
        }
    }

    private static RpcException failure(RpcPromise promise) throws Exception {
        return failure(promise.toCompletableFuture());
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertThat(latch.await(WAIT, TimeUnit.SECONDS)).as(what).isTrue();
    }

    private static CompletableFuture<Throwable> broken(RpcSession session) {
        CompletableFuture<Throwable> reason = new CompletableFuture<>();
        session.onBroken(reason::complete);
        return reason;
    }

    /**
     * Waits until a session that has ended has also finished releasing everything: a callback
     * registered now runs on the session's lane after the ending has completed there.
     */
    private static Throwable ended(RpcSession session) throws Exception {
        return broken(session).get(WAIT, TimeUnit.SECONDS);
    }

    // ---- calls ----

    @Test
    void aCallGoesToTheServerAndBack() throws Exception {
        RpcSession session = connect(start());
        assertThat(await(session.main().call("square", 12))).isEqualTo(144L);
    }

    @Test
    void aCallOnAnUnawaitedResultIsPipelined() throws Exception {
        RpcSession session = connect(start());
        RpcPromise counter = session.main().call("makeCounter", 2);
        assertThat(await(counter.call("increment", 3))).isEqualTo(5L);
    }

    @Test
    void errorsKeepTheirNameAndMessage() throws Exception {
        RpcSession session = connect(start());
        RpcException e = failure(session.main().call("throwError"));
        assertThat(e.name()).isEqualTo("RangeError");
        assertThat(e.getMessage()).isEqualTo("test error");
    }

    @Test
    void theServerCallsAFunctionTheClientPassed() throws Exception {
        RpcSession session = connect(start());
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        RpcFunction timesTen = args -> {
            ranOn.complete(Thread.currentThread());
            return ((Number) args.get(0)).longValue() * 10;
        };
        assertThat(await(session.main().call("callFunction", timesTen, 4))).isEqualTo(41L);
        assertThat(ranOn).isDone();
    }

    @Test
    void closingAStubRunsTheServerTargetsClose() throws Exception {
        RpcSession session = connect(start());
        RpcStub counter = (RpcStub) await(session.main().call("makeCounter", 1));
        TestApi api = nextMade();
        assertThat(await(counter.call("increment", 1))).isEqualTo(2L);
        assertThat(api.countersClosed.get()).isZero();
        counter.close();
        // Messages are handled in order: once this answer is back, the release was handled.
        assertThat(await(session.main().call("square", 2))).isEqualTo(4L);
        assertThat(api.countersClosed.get()).isEqualTo(1);
    }

    @Test
    void aThousandCallsInFlightOnOneConnection() throws Exception {
        RpcSession session = connect(start());
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            results.add(session.main().call("add", i, 1000).toCompletableFuture());
        }
        CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).get(WAIT, TimeUnit.SECONDS);
        for (int i = 0; i < 1000; i++) {
            assertThat(results.get(i).join()).isEqualTo(i + 1000L);
        }
    }

    @Test
    void eachConnectionIsItsOwnSessionWithItsOwnMain() throws Exception {
        StandaloneWebSocketServer server = start();
        List<CompletableFuture<Object>> names = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            names.add(connect(server).main().call("whoami").toCompletableFuture());
        }
        Set<Object> distinct = new HashSet<>();
        for (CompletableFuture<Object> name : names) {
            distinct.add(name.get(WAIT, TimeUnit.SECONDS));
        }
        assertThat(distinct).hasSize(8);
        assertThat(server.openSessions()).isEqualTo(8);
    }

    @Test
    void theMainFactoryLearnsAboutTheConnection() throws Exception {
        CompletableFuture<ConnectionInfo> seen = new CompletableFuture<>();
        StandaloneWebSocketServer server = start(StandaloneWebSocketServer.builder(), info -> {
            seen.complete(info);
            return new TestApi("x");
        });
        RpcSession session = closing(WebSocketRpc.client().header("Authorization", "Bearer t0ken")
                .connect(server.uri("/api/v1?room=7")));
        assertThat(await(session.main().call("square", 3))).isEqualTo(9L);
        ConnectionInfo info = seen.get(WAIT, TimeUnit.SECONDS);
        assertThat(info.transport()).isEqualTo("websocket");
        assertThat(info.path()).isEqualTo("/api/v1");
        assertThat(info.header("AUTHORIZATION")).contains("Bearer t0ken");
        assertThat(info.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
    }

    // ---- endings ----

    @Test
    void closingTheClientReleasesTheServerSessionAndEndsTheClientsThreads() throws Exception {
        StandaloneWebSocketServer server = start();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        RpcSession session = WebSocketRpc.connect(server.uri("/"));
        assertThat(await(session.main().call("square", 2))).isEqualTo(4L);
        TestApi api = nextMade();
        RpcSession serverSide = server.sessions().get(0);
        List<Thread> clientThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t))
                .filter(t -> t.getName().startsWith("WebSocket") || t.getName().startsWith("connectionLostChecker"))
                .toList();
        assertThat(clientThreads).as("Java-WebSocket's client threads").isNotEmpty().allMatch(Thread::isDaemon);

        session.close();

        await(api.closed, "the server released the session's main object");
        assertThat(ended(serverSide)).hasMessage("Peer closed WebSocket: 3000 RPC session was shut down by disposing the main stub");
        assertThat(serverSide.stats()).isEqualTo(new SessionStats(0, 0));
        assertThat(server.openSessions()).isZero();
        ended(session);
        assertThat(session.stats()).isEqualTo(new SessionStats(0, 0));
        for (Thread t : clientThreads) {
            t.join(TimeUnit.SECONDS.toMillis(WAIT));
            assertThat(t.isAlive()).as("%s ended", t.getName()).isFalse();
        }
    }

    @Test
    void aDroppedConnectionFailsThePendingCallAndReleasesTheServerSession() throws Exception {
        StandaloneWebSocketServer server = start();
        JavaWebSocketClientTransport transport = WebSocketRpc.client().newTransport(server.uri("/"));
        RpcSession session = closing(RpcSession.create(transport));
        transport.connect();
        CompletableFuture<Object> pending = session.main().call("hang").toCompletableFuture();
        TestApi api = nextMade();
        await(api.hanging, "the call reached the server");

        transport.dropSocket();

        assertThat(failure(pending)).hasMessageStartingWith("Peer closed WebSocket: 1006");
        await(api.closed, "the server released the session's main object");
        assertThat(server.openSessions()).isZero();
        ended(session);
        assertThat(session.stats()).isEqualTo(new SessionStats(0, 0));
    }

    @Test
    void closingTheServerAbortsItsSessionsWithAReason() throws Exception {
        StandaloneWebSocketServer server = start();
        RpcSession session = connect(server);
        CompletableFuture<Object> pending = session.main().call("hang").toCompletableFuture();
        TestApi api = nextMade();
        await(api.hanging, "the call reached the server");

        server.close();

        assertThat(failure(pending)).hasMessage("The server is shutting down.");
        assertThat(api.closed.getCount()).as("released by the time close() returns").isZero();
        assertThat(failure(session.main().call("square", 1))).hasMessage("The server is shutting down.");
        ended(session);
        assertThat(session.stats()).isEqualTo(new SessionStats(0, 0));
    }

    // ---- limits and protocol errors ----

    @Test
    void anOversizedMessageEndsThatSessionOnly() throws Exception {
        StandaloneWebSocketServer server = start(StandaloneWebSocketServer.builder().maxMessageBytes(64 * 1024));
        RpcSession bystander = connect(server);
        assertThat(await(bystander.main().call("square", 3))).isEqualTo(9L);
        TestApi bystanderApi = nextMade();
        RpcSession bystanderServerSide = server.sessions().get(0);

        RpcSession big = connect(server);
        assertThat(await(big.main().call("square", 4))).isEqualTo(16L);
        TestApi bigApi = nextMade();
        RpcSession bigServerSide = server.sessions().stream().filter(s -> s != bystanderServerSide).findFirst().orElseThrow();

        RpcPromise echo = big.main().call("echo", "x".repeat(100_000));

        RpcException serverReason = (RpcException) ended(bigServerSide);
        assertThat(serverReason.name()).isEqualTo("TypeError");
        assertThat(serverReason).hasMessage("Incoming message exceeds maximum size of 65536 UTF-16 code units.");
        await(bigApi.closed, "the server released the oversized session");
        // Java-WebSocket refuses the frame with a 1009 close of its own; the session's abort
        // message may get out before it, or the client may see the connection drop under its write.
        assertThat(failure(echo)).hasMessageMatching(
                "Incoming message exceeds maximum size of 65536 UTF-16 code units\\.|Peer closed WebSocket: 100[69].*");
        assertThat(await(bystander.main().call("square", 5))).isEqualTo(25L);
        assertThat(bystanderApi.closed.getCount()).isOne();
        assertThat(server.openSessions()).isOne();
    }

    @Test
    void theClientCapsIncomingMessagesToo() throws Exception {
        StandaloneWebSocketServer server = start();
        RpcSession session = closing(WebSocketRpc.client().maxMessageBytes(1000).connect(server.uri("/")));
        assertThat(await(session.main().call("echo", "x".repeat(900)))).isEqualTo("x".repeat(900));
        TestApi api = nextMade();

        RpcException e = failure(session.main().call("echo", "x".repeat(2000)));

        assertThat(e.name()).isEqualTo("TypeError");
        assertThat(e).hasMessage("Incoming message exceeds maximum size of 1000 UTF-16 code units.");
        await(api.closed, "the server released the session");
        ended(session);
        assertThat(session.stats()).isEqualTo(new SessionStats(0, 0));
    }

    @Test
    void theSessionLimitCountsUtf16UnitsAndIsAnsweredWithAbort() throws Exception {
        StandaloneWebSocketServer server = start(StandaloneWebSocketServer.builder()
                .options(SessionOptions.builder().maxMessageSize(1000).build()).maxMessageBytes(100_000));
        RawClient raw = closing(RawClient.open(server.uri("/")));
        raw.send("[\"push\",[\"pipeline\",0,[\"echo\"],[\"" + "x".repeat(2000) + "\"]]]");
        assertThat(raw.next()).isEqualTo(
                "[\"abort\",[\"error\",\"TypeError\",\"Incoming message exceeds maximum size of 1000 UTF-16 code units.\"]]");
        assertThat(raw.closeCode.get(WAIT, TimeUnit.SECONDS)).isEqualTo(3000);
        await(nextMade().closed, "the server released the session");
    }

    @Test
    void aBinaryFrameIsAnsweredWithAbortThenClose3000() throws Exception {
        StandaloneWebSocketServer server = start();
        RawClient raw = closing(RawClient.open(server.uri("/")));
        raw.send(new byte[] {1, 2, 3});
        assertThat(raw.next()).startsWith("[\"abort\"")
                .contains("Received a binary WebSocket message");
        assertThat(raw.closeCode.get(WAIT, TimeUnit.SECONDS)).isEqualTo(3000);
        assertThat(raw.closeReason.get(WAIT, TimeUnit.SECONDS)).startsWith("Received a binary WebSocket message");
        await(nextMade().closed, "the server released the session");
    }

    // ---- origins, failures, URIs, TLS ----

    @Test
    void onlyAllowedOriginsOrNoOriginMayConnect() throws Exception {
        StandaloneWebSocketServer server = start(StandaloneWebSocketServer.builder().allowedOrigins("https://good.example"));

        RpcSession good = closing(WebSocketRpc.client().header("Origin", "https://good.example").connect(server.uri("/")));
        assertThat(await(good.main().call("square", 6))).isEqualTo(36L);
        RpcSession noOrigin = connect(server);
        assertThat(await(noOrigin.main().call("square", 7))).isEqualTo(49L);

        RpcSession evil = closing(WebSocketRpc.client().header("Origin", "https://evil.example").connect(server.uri("/")));
        assertThat(failure(evil.main().call("square", 2))).hasMessage("WebSocket connection failed.");
        assertThat(rawHandshakeStatus(server, "https://evil.example")).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(rawHandshakeStatus(server, "https://good.example")).startsWith("HTTP/1.1 101");
        for (int i = 0; i < 3; i++) {
            nextMade();
        }
        assertThat(sessionsMade.get()).as("sessions made: good, no origin, raw good").isEqualTo(3);
    }

    /** @return the status line the server answers a hand-written handshake with */
    private static String rawHandshakeStatus(StandaloneWebSocketServer server, String origin) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT));
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + server.port() + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "Origin: " + origin + "\r\n"
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine();
        }
    }

    @Test
    void nothingListeningBreaksTheSessionAsTheReferenceDoes() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RpcSession session = closing(WebSocketRpc.connect(URI.create("ws://127.0.0.1:" + port + "/")));
        RpcException e = failure(session.main().call("square", 2));
        assertThat(e.name()).isEqualTo("Error");
        assertThat(e).hasMessage("WebSocket connection failed.");
        assertThat(ended(session)).hasMessage("WebSocket connection failed.");
        assertThat(session.stats()).isEqualTo(new SessionStats(0, 0));
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeTimesOut() throws Exception {
        // The kernel completes the TCP handshake for the backlog; nobody ever answers the upgrade.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            RpcSession session = closing(WebSocketRpc.client().connectTimeout(Duration.ofMillis(300))
                    .connect(URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/")));
            assertThat(failure(session.main().call("square", 2))).hasMessage("WebSocket connection failed.");
        }
    }

    @Test
    void onlyWebSocketUrisAreAccepted() {
        assertThatThrownBy(() -> WebSocketRpc.connect(URI.create("http://127.0.0.1:1/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws:// or wss://");
        assertThatThrownBy(() -> WebSocketRpc.connect(URI.create("ws:relative")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host");
    }

    @Test
    void aTakenPortFailsStart() {
        StandaloneWebSocketServer first = start();
        assertThatThrownBy(() -> StandaloneWebSocketServer.builder().bind("127.0.0.1", first.port())
                .main(info -> new TestApi("second")).start())
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("Could not listen");
    }

    @Test
    void wssRoundTripWithASelfSignedCertificate(@TempDir Path dir) throws Exception {
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

        RpcSession trusting = closing(WebSocketRpc.client().sslContext(TestTls.trusting(keyStore)).connect(server.uri("/")));
        assertThat(await(trusting.main().call("square", 13))).isEqualTo(169L);

        // The JDK's default trust store does not know the certificate: the handshake must fail.
        RpcSession untrusting = closing(WebSocketRpc.connect(server.uri("/")));
        assertThat(failure(untrusting.main().call("square", 2))).hasMessage("WebSocket connection failed.");
    }

    /** A plain Java-WebSocket client, to send what a Cap'n Web client never would. */
    static final class RawClient extends WebSocketClient implements AutoCloseable {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        final CompletableFuture<String> closeReason = new CompletableFuture<>();

        private RawClient(URI uri) {
            super(uri);
            setDaemon(true);
        }

        static RawClient open(URI uri) throws InterruptedException {
            RawClient client = new RawClient(uri);
            assertThat(client.connectBlocking(WAIT, TimeUnit.SECONDS)).as("raw client connected").isTrue();
            return client;
        }

        /** @return the next text message */
        String next() throws InterruptedException {
            String m = texts.poll(WAIT, TimeUnit.SECONDS);
            assertThat(m).as("a text message within %d s", WAIT).isNotNull();
            return m;
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
        }

        @Override
        public void onMessage(String message) {
            texts.add(message);
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            closeCode.complete(code);
            closeReason.complete(reason);
        }

        @Override
        public void onError(Exception ex) {
        }
    }
}
