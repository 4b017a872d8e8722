package dev.capnweb.ws;

import dev.capnweb.RpcException;
import dev.capnweb.RpcFunction;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcSession;
import dev.capnweb.RpcStub;
import dev.capnweb.SessionOptions;
import dev.capnweb.SessionStats;
import dev.capnweb.http.HttpBatchClient;
import dev.capnweb.http.HttpBatchSession;
import dev.capnweb.spi.ConnectionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Jetty server: HTTP batch and WebSocket on one path, over real loopback sockets. */
class CapnWebServerTest {
    private final Queue<TestApi> made = new ConcurrentLinkedQueue<>();
    private final Queue<ConnectionInfo> connections = new ConcurrentLinkedQueue<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private Function<ConnectionInfo, Object> factory(String name) {
        return info -> {
            connections.add(info);
            TestApi api = new TestApi(name);
            made.add(api);
            return api;
        };
    }

    private CapnWebServer start(CapnWebServer.Builder builder) {
        CapnWebServer server = builder.start();
        toClose.add(server);
        return server;
    }

    private CapnWebServer start() {
        return start(CapnWebServer.builder().path("/api", factory("api")));
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

    private static TestApi await(Queue<TestApi> queue, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.size() < count && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertThat(queue).hasSizeGreaterThanOrEqualTo(count);
        return queue.stream().skip(count - 1).findFirst().orElseThrow();
    }

    private static void awaitLatch(CountDownLatch latch, String what) throws InterruptedException {
        assertThat(latch.await(10, TimeUnit.SECONDS)).as(what).isTrue();
    }

    private static HttpResponse<String> http(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void batchAndWebSocketShareOnePathAndPort() throws Exception {
        CapnWebServer server = start();
        RpcSession ws = closing(WebSocketRpc.connect(server.webSocketUri("/api")));
        assertThat(ws.main().call("square", 7).join()).isEqualTo(49L);

        try (HttpBatchClient client = HttpBatchClient.create();
             HttpBatchSession batch = client.open(server.httpUri("/api"))) {
            assertThat(batch.main().call("square", 8).join()).isEqualTo(64L);
        }
        assertThat(server.webSocketUri("/api").getPort()).isEqualTo(server.httpUri("/api").getPort());
        assertThat(connections.stream().map(ConnectionInfo::transport).collect(Collectors.toList()))
                .containsExactlyInAnyOrder("websocket", "http-batch");
        assertThat(connections).allSatisfy(c -> {
            assertThat(c.path()).isEqualTo("/api");
            assertThat(c.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
        });
    }

    @Test
    void callsPipeliningErrorsAndDisposalOverWebSocket() throws Exception {
        CapnWebServer server = start();
        RpcSession session = closing(WebSocketRpc.connect(server.webSocketUri("/api")));
        RpcStub api = session.main();

        RpcPromise counter = api.call("makeCounter", 2);
        RpcPromise incremented = counter.call("increment", 3);
        RpcPromise squared = api.call("square", incremented);
        assertThat(squared.join()).isEqualTo(25L);

        RpcException error = (RpcException) org.assertj.core.api.Assertions.catchThrowable(() -> api.call("throwError").join());
        assertThat(error.name()).isEqualTo("RangeError");
        assertThat(error.getMessage()).isEqualTo("test error");

        assertThatThrownBy(() -> api.call("noSuchMethod").join()).isInstanceOf(RpcException.class);

        TestApi main = await(made, 1);
        counter.close();
        incremented.close();
        squared.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (main.countersClosed.get() == 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertThat(main.countersClosed.get()).as("the server's counter was released").isEqualTo(1);
    }

    @Test
    void serverCallsTheClientBack() {
        CapnWebServer server = start();
        RpcSession session = closing(WebSocketRpc.connect(server.webSocketUri("/api")));
        List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        RpcFunction timesTen = args -> {
            seen.add(args.get(0));
            return ((Number) args.get(0)).longValue() * 10;
        };
        assertThat(session.main().call("callFunction", timesTen, 4).join()).isEqualTo(41L);
        assertThat(seen).containsExactly(4L);
    }

    @Test
    void aThousandCallsInFlightOnOneSocket() {
        CapnWebServer server = start();
        RpcSession session = closing(WebSocketRpc.connect(server.webSocketUri("/api")));
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            results.add(session.main().call("square", i).toCompletableFuture());
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(results.get(i).orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo((long) i * i);
        }
    }

    @Test
    void aDirectExecutorServesPipelinedCallsCallbacksAndBatches() throws Exception {
        CapnWebServer server = start(CapnWebServer.builder().path("/api", factory("api"))
                .options(SessionOptions.builder().executor(Runnable::run).build()));
        RpcSession session = closing(WebSocketRpc.connect(server.webSocketUri("/api")));
        RpcStub api = session.main();
        assertThat(api.call("square", api.call("makeCounter", 2).call("increment", 3)).join()).isEqualTo(25L);
        RpcFunction timesTen = args -> ((Number) args.get(0)).longValue() * 10;
        assertThat(api.call("callFunction", timesTen, 4).join()).isEqualTo(41L);
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            results.add(api.call("square", i).toCompletableFuture());
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(results.get(i).orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo((long) i * i);
        }
        try (HttpBatchClient client = HttpBatchClient.create();
             HttpBatchSession batch = client.open(server.httpUri("/api"))) {
            assertThat(batch.main().call("square", 8).join()).isEqualTo(64L);
        }
    }

    @Test
    void severalSessionsAtOnceEachWithItsOwnMain() throws Exception {
        CapnWebServer server = start();
        List<RpcSession> sessions = new ArrayList<>();
        List<CompletableFuture<Object>> squares = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RpcSession s = closing(WebSocketRpc.connect(server.webSocketUri("/api")));
            sessions.add(s);
            squares.add(s.main().call("square", i).toCompletableFuture());
        }
        for (int i = 0; i < 8; i++) {
            assertThat(squares.get(i).get(10, TimeUnit.SECONDS)).isEqualTo((long) i * i);
        }
        assertThat(made).hasSize(8);
        assertThat(Set.copyOf(made)).hasSize(8);
        assertThat(server.openWebSocketSessions()).isEqualTo(8);
    }

    @Test
    void closingTheClientReleasesEverythingTheServerHeld() throws Exception {
        CapnWebServer server = start();
        RpcSession session = WebSocketRpc.connect(server.webSocketUri("/api"));
        RpcPromise counter = session.main().call("makeCounter", 1);
        assertThat(counter.call("increment", 1).join()).isEqualTo(2L);
        TestApi main = await(made, 1);
        session.close();
        awaitLatch(main.closed, "the server's main object was closed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // close() ends the session on its lane, which may be busy on the socket's thread: the
        // client's tables are cleared soon after, not necessarily before close() returns.
        while ((main.countersClosed.get() == 0 || server.openWebSocketSessions() != 0
                || !session.stats().equals(new SessionStats(0, 0))) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertThat(main.countersClosed.get()).as("the counter it held was closed").isEqualTo(1);
        assertThat(server.openWebSocketSessions()).isZero();
        assertThat(session.stats()).isEqualTo(new SessionStats(0, 0));
    }

    @Test
    void abruptDisconnectMidCallFreesTheServerSession() throws Exception {
        CapnWebServer server = start();
        RawWebSocket raw = new RawWebSocket(server.webSocketUri("/api"));
        raw.send("[\"push\",[\"pipeline\",0,[\"hang\"],[]]]");
        raw.send("[\"pull\",1]");
        TestApi main = await(made, 1);
        awaitLatch(main.hanging, "the call arrived");
        raw.socket.abort();
        awaitLatch(main.closed, "the server released the session's main object");
    }

    @Test
    void serverGoingAwayFailsPendingClientCalls() throws Exception {
        CapnWebServer server = start();
        RpcSession session = closing(WebSocketRpc.connect(server.webSocketUri("/api")));
        CompletableFuture<Throwable> broken = new CompletableFuture<>();
        session.onBroken(broken::complete);
        CompletableFuture<Object> pending = session.main().call("hang").toCompletableFuture();
        awaitLatch(await(made, 1).hanging, "the call arrived");
        server.close();
        Throwable reason = broken.get(10, TimeUnit.SECONDS);
        assertThat(reason).hasMessageStartingWith("Peer closed WebSocket: ");
        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RpcException.class)
                .hasMessageContaining("Peer closed WebSocket: ");
        assertThatThrownBy(() -> session.main().call("square", 2).join()).hasMessageStartingWith("Peer closed WebSocket: ");
    }

    @Test
    void anOversizedMessageAbortsThatSessionOnly() throws Exception {
        CapnWebServer server = start(CapnWebServer.builder().path("/api", factory("api"))
                .options(SessionOptions.builder().maxMessageSize(1000).build()));
        RpcSession bystander = closing(WebSocketRpc.connect(server.webSocketUri("/api")));
        assertThat(bystander.main().call("square", 3).join()).isEqualTo(9L);

        RawWebSocket raw = closing(new RawWebSocket(server.webSocketUri("/api")));
        raw.send("[\"push\",[\"pipeline\",0,[\"echo\"],[\"" + "x".repeat(2000) + "\"]]]");
        assertThat(raw.next()).isEqualTo(
                "[\"abort\",[\"error\",\"TypeError\",\"Incoming message exceeds maximum size of 1000 UTF-16 code units.\"]]");
        assertThat(raw.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(3000);
        awaitLatch(await(made, 2).closed, "the oversized session was released");

        assertThat(bystander.main().call("square", 4).join()).isEqualTo(16L);
    }

    @Test
    void anOversizedMessageInManyFramesIsRefusedBeforeItIsWhole() throws Exception {
        CapnWebServer server = start(CapnWebServer.builder().path("/api", factory("api"))
                .options(SessionOptions.builder().maxMessageSize(1000).build()));
        RawWebSocket raw = closing(new RawWebSocket(server.webSocketUri("/api")));
        raw.socket.sendText("[\"push\",[\"pipeline\",0,[\"echo\"],[\"", false).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            raw.socket.sendText("y".repeat(400), false).get(10, TimeUnit.SECONDS);
        }
        assertThat(raw.next()).contains("Incoming message exceeds maximum size of 1000 UTF-16 code units.");
        assertThat(raw.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(3000);
    }

    @Test
    void aBinaryFrameAbortsTheSession() throws Exception {
        CapnWebServer server = start();
        RawWebSocket raw = closing(new RawWebSocket(server.webSocketUri("/api")));
        raw.socket.sendBinary(ByteBuffer.wrap("[\"pull\",1]".getBytes()), true).get(10, TimeUnit.SECONDS);
        assertThat(raw.next()).startsWith("[\"abort\",[\"error\",\"TypeError\",\"Received a binary WebSocket message");
        assertThat(raw.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(3000);
        awaitLatch(await(made, 1).closed, "the session was released");
    }

    private static final String UPGRADE = "GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    /** Sends {@code head} (request line and headers, without the blank line) and reads the answer's head. */
    private static String answerHead(java.net.Socket socket, String head) throws Exception {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
        StringBuilder answer = new StringBuilder();
        while (!answer.toString().endsWith("\r\n\r\n")) {
            answer.append((char) socket.getInputStream().read());
        }
        return answer.toString();
    }

    /** Upgrades a plain socket to a WebSocket on {@code /api}, reading the 101 answer. */
    private static java.net.Socket upgradedSocket(CapnWebServer server) throws Exception {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port());
        assertThat(answerHead(socket, UPGRADE)).startsWith("HTTP/1.1 101");
        return socket;
    }

    @Test
    void theUpgradeAnswersTheKeyAndAgreesToNoExtension() throws Exception {
        CapnWebServer server = start();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            String head = answerHead(socket, UPGRADE + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
            assertThat(head).startsWith("HTTP/1.1 101")
                    // RFC 6455's own example key and answer.
                    .containsIgnoringCase("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
                    .doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
            socket.getOutputStream().write(textFrame("[\"push\",[\"pipeline\",0,[\"square\"],[6]]]"));
            socket.getOutputStream().write(textFrame("[\"pull\",1]"));
            assertThat(readTextFrame(new java.io.DataInputStream(socket.getInputStream()))).isEqualTo("[\"resolve\",1,36]");
        }
    }

    @Test
    void anUpgradeWithoutAKeyGets400AndNoSession() throws Exception {
        CapnWebServer server = start();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            String head = answerHead(socket, UPGRADE.replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", ""));
            assertThat(head).startsWith("HTTP/1.1 400");
        }
        assertThat(made).isEmpty();
    }

    /** @return one masked (zero mask) client text frame holding {@code text}, under 126 bytes */
    private static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        return frame;
    }

    /** @return the next unfragmented server text frame's text, under 126 bytes */
    private static String readTextFrame(java.io.DataInputStream in) throws Exception {
        assertThat(in.readUnsignedByte()).as("a final text frame").isEqualTo(0x81);
        byte[] payload = new byte[in.readUnsignedByte()];
        in.readFully(payload);
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Test
    void invalidUtf8ClosesWith1007AndReleasesTheSession() throws Exception {
        CapnWebServer server = start();
        try (java.net.Socket socket = upgradedSocket(server)) {
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            // One masked text frame (zero mask) holding C3 28: a lead byte without its continuation.
            socket.getOutputStream().write(new byte[] {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, (byte) 0xC3, 0x28});
            int opcode = in.readUnsignedByte() & 0x0f;
            int length = in.readUnsignedByte() & 0x7f;
            assertThat(opcode).as("a close frame").isEqualTo(0x8);
            assertThat(length).isGreaterThanOrEqualTo(2);
            assertThat(in.readUnsignedShort()).isEqualTo(1007);
        }
        awaitLatch(await(made, 1).closed, "the session was released");
    }

    @Test
    void answersToTheFramesOfOneReadGoOutTogetherWhenTheReadIsDone() throws Exception {
        CapnWebServer server = start();
        try (java.net.Socket socket = upgradedSocket(server)) {
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            // One call first, answered, so that the session is idle when the next read comes.
            socket.getOutputStream().write(textFrame("[\"push\",[\"pipeline\",0,[\"square\"],[2]]]"));
            socket.getOutputStream().write(textFrame("[\"pull\",1]"));
            assertThat(readTextFrame(in)).isEqualTo("[\"resolve\",1,4]");
            socket.getOutputStream().write(textFrame("[\"release\",1,1]"));

            java.io.ByteArrayOutputStream oneWrite = new java.io.ByteArrayOutputStream();
            for (String m : List.of("[\"push\",[\"pipeline\",0,[\"square\"],[3]]]", "[\"pull\",2]",
                    "[\"push\",[\"pipeline\",0,[\"pause\"],[]]]", "[\"pull\",3]")) {
                oneWrite.write(textFrame(m));
            }
            socket.getOutputStream().write(oneWrite.toByteArray());
            TestApi main = await(made, 1);
            awaitLatch(main.paused, "the second call is running, on the thread that read both");
            // square(3)'s answer was ready before pause() began; it waits for the read to end.
            // Sent at once, it would be in this socket's buffer by now (loopback).
            assertThat(socket.getInputStream().available()).as("bytes the server sent so far").isZero();
            main.resume.countDown();
            assertThat(readTextFrame(in)).isEqualTo("[\"resolve\",2,9]");
            assertThat(readTextFrame(in)).isEqualTo("[\"resolve\",3,\"resumed\"]");
        }
    }

    @Test
    void aPingIsAnsweredWithAPongOfTheSamePayload() throws Exception {
        CapnWebServer server = start();
        RawWebSocket raw = closing(new RawWebSocket(server.webSocketUri("/api")));
        raw.socket.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).get(10, TimeUnit.SECONDS);
        assertThat(raw.pong.get(10, TimeUnit.SECONDS)).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        raw.send("[\"push\",[\"pipeline\",0,[\"square\"],[5]]]");
        raw.send("[\"pull\",1]");
        assertThat(raw.next()).as("the session still works").isEqualTo("[\"resolve\",1,25]");
    }

    @Test
    void aMalformedMessageAbortsWithTheReferenceError() throws Exception {
        CapnWebServer server = start();
        RawWebSocket raw = closing(new RawWebSocket(server.webSocketUri("/api")));
        raw.send("[\"hello\"]");
        assertThat(raw.next()).isEqualTo("[\"abort\",[\"error\",\"Error\",\"bad RPC message: [\\\"hello\\\"]\"]]");
        assertThat(raw.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(3000);
        assertThat(raw.closeReason.get(10, TimeUnit.SECONDS)).isEqualTo("bad RPC message: [\"hello\"]");
    }

    @Test
    void plainHttpRequestsGetTheBatchAnswers() throws Exception {
        CapnWebServer server = start(CapnWebServer.builder().path("/api", factory("api"))
                .responseHeader("Access-Control-Allow-Origin", "*"));
        HttpResponse<String> get = http(HttpRequest.newBuilder(server.httpUri("/api")).GET());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.body()).isEqualTo("This endpoint only accepts POST requests.");
        assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).contains("*");

        HttpResponse<String> bad = http(HttpRequest.newBuilder(server.httpUri("/api"))
                .POST(HttpRequest.BodyPublishers.ofString("[\"hello\"]")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("bad RPC message: [\"hello\"]");

        HttpResponse<String> ok = http(HttpRequest.newBuilder(server.httpUri("/api"))
                .POST(HttpRequest.BodyPublishers.ofString("[\"push\",[\"pipeline\",0,[\"square\"],[6]]]\n[\"pull\",1]")));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("[\"resolve\",1,36]");
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).contains("*");

        HttpResponse<String> elsewhere = http(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/other"))
                .POST(HttpRequest.BodyPublishers.ofString("")));
        assertThat(elsewhere.statusCode()).isEqualTo(404);
    }

    @Test
    void batchBodyCapGivesPayloadTooLarge() throws Exception {
        CapnWebServer server = start(CapnWebServer.builder().path("/api", factory("api")).maxBatchBytes(100));
        HttpResponse<String> big = http(HttpRequest.newBuilder(server.httpUri("/api"))
                .POST(HttpRequest.BodyPublishers.ofString("[\"push\",[\"pipeline\",0,[\"echo\"],[\"" + "z".repeat(200) + "\"]]]")));
        assertThat(big.statusCode()).isEqualTo(413);
    }

    @Test
    void aSessionOnOnePathCannotReachAnotherPathsObjects() throws Exception {
        CapnWebServer server = start(CapnWebServer.builder().path("/a", factory("a")).path("/b", factory("b")));
        RpcSession a = closing(WebSocketRpc.connect(server.webSocketUri("/a")));
        RpcSession b = closing(WebSocketRpc.connect(server.webSocketUri("/b")));
        assertThat(a.main().call("whoami").join()).isEqualTo("a");
        assertThat(b.main().call("whoami").join()).isEqualTo("b");

        // Session /a exports a counter as -1; a peer on /b naming -1 finds nothing there.
        assertThat(a.main().call("makeCounter", 1).call("increment", 1).join()).isEqualTo(2L);
        RawWebSocket raw = closing(new RawWebSocket(server.webSocketUri("/b")));
        raw.send("[\"push\",[\"pipeline\",-1,[\"increment\"],[1]]]");
        assertThat(raw.next()).isEqualTo("[\"abort\",[\"error\",\"Error\",\"no such entry on exports table: -1\"]]");
    }

    @Test
    void originAllowList() throws Exception {
        CapnWebServer server = start(CapnWebServer.builder().path("/api", factory("api"))
                .allowedOrigins("http://good.example"));
        RpcSession good = closing(WebSocketRpc.client().header("Origin", "http://good.example")
                .connect(server.webSocketUri("/api")));
        assertThat(good.main().call("square", 2).join()).isEqualTo(4L);

        RpcSession evil = closing(WebSocketRpc.client().header("Origin", "http://evil.example")
                .connect(server.webSocketUri("/api")));
        assertThatThrownBy(() -> evil.main().call("square", 2).join()).isInstanceOf(RpcException.class);

        HttpResponse<String> evilBatch = http(HttpRequest.newBuilder(server.httpUri("/api"))
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString("")));
        assertThat(evilBatch.statusCode()).isEqualTo(403);
        assertThat(made).as("no session was started for the refused origin").hasSize(1);
    }

    @Test
    void tlsRoundTripWithAGeneratedCertificate(@TempDir Path dir) throws Exception {
        Path keyStore = TestTls.keyStore(dir);
        CapnWebServer server = start(CapnWebServer.builder().path("/api", factory("api")).tls(keyStore, TestTls.PASSWORD));
        assertThat(server.webSocketUri("/api").getScheme()).isEqualTo("wss");

        RpcSession session = closing(WebSocketRpc.client().sslContext(TestTls.trusting(keyStore))
                .connect(server.webSocketUri("/api")));
        assertThat(session.main().call("square", 12).join()).isEqualTo(144L);
        // Many in flight at once, so that reads hold several frames and answers go out batched.
        List<CompletableFuture<Object>> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(session.main().call("square", i).toCompletableFuture());
        }
        for (int i = 0; i < 200; i++) {
            assertThat(many.get(i).get(10, TimeUnit.SECONDS)).isEqualTo((long) i * i);
        }

        try (HttpBatchClient client = HttpBatchClient.builder().sslContext(TestTls.trusting(keyStore)).build();
             HttpBatchSession batch = client.open(server.httpUri("/api"))) {
            assertThat(batch.main().call("square", 11).join()).isEqualTo(121L);
        }
    }

    @Test
    void closingTheServerEndsEverySession() throws Exception {
        CapnWebServer server = start();
        RpcSession session = closing(WebSocketRpc.connect(server.webSocketUri("/api")));
        assertThat(session.main().call("square", 2).join()).isEqualTo(4L);
        server.close();
        awaitLatch(await(made, 1).closed, "the session's main object was closed");
    }
}
