package dev.capnweb.http;

import dev.capnweb.MemoryBudget;
import dev.capnweb.RpcException;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcSession;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;
import dev.capnweb.SessionOptions;
import dev.capnweb.testsupport.BudgetHog;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** HTTP batch over real loopback sockets: the Jetty handler, the batch client, and the wire. */
class HttpBatchTest {
    /** The main object of every batch; records closes so the tests see sessions released. */
    public static final class Api extends RpcTarget implements AutoCloseable {
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch countersClosed = new CountDownLatch(1);

        public long square(long i) {
            return i * i;
        }

        public Object echo(Object v) {
            return v;
        }

        public String threadName() {
            return Thread.currentThread().getName();
        }

        public CompletableFuture<Object> hang() {
            return new CompletableFuture<>();
        }

        /** Blocks its thread until {@link #unblock} opens: an application method doing blocking I/O. */
        public long block() throws InterruptedException {
            blocking.countDown();
            return unblock.await(10, TimeUnit.SECONDS) ? 1 : 0;
        }

        public Object boom() {
            throw new RpcException("RangeError", "boom");
        }

        public User authenticate(String token) {
            if (!token.equals("secret")) {
                throw new RpcException("Error", "bad token");
            }
            return new User();
        }

        public Map<String, Object> getUserProfile(long id) {
            Map<String, Object> profile = new LinkedHashMap<>();
            profile.put("id", id);
            profile.put("name", "user" + id);
            return profile;
        }

        public Counter makeCounter(long start) {
            return new Counter(start, countersClosed);
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    public static final class User extends RpcTarget {
        public List<Long> getFriendIds() {
            return List.of(7L, 9L);
        }
    }

    public static final class Counter extends RpcTarget implements AutoCloseable {
        private long value;
        private final CountDownLatch closed;

        Counter(long value, CountDownLatch closed) {
            this.value = value;
            this.closed = closed;
        }

        public long increment(long by) {
            value += by;
            return value;
        }

        public long getValue() {
            return value;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    private static final CountDownLatch blocking = new CountDownLatch(1);
    private static final CountDownLatch unblock = new CountDownLatch(1);
    /** The reference's counter transcript, without its pulls: import 3 is square(counter value) = 25. */
    private static final String REFERENCE_PUSHES = String.join("\n",
            "[\"push\",[\"pipeline\",0,[\"makeCounter\"],[2]]]",
            "[\"push\",[\"pipeline\",1,[\"increment\"],[3]]]",
            "[\"push\",[\"pipeline\",0,[\"square\"],[[\"pipeline\",1,[\"value\"]]]]]");

    private final Queue<Api> made = new ConcurrentLinkedQueue<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger posts = new AtomicInteger();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Server server;
    private URI uri;

    /** Starts Jetty with {@code handler}, behind a handler that records each request body. */
    private void serve(Handler handler) throws Exception {
        server = new Server();
        // One selector thread, as on a small machine: a handler that blocked it would stall
        // every connection.
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Wrapper(handler) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!request.getMethod().equals("POST")) {
                    return super.handle(request, response, callback);
                }
                posts.incrementAndGet();
                // Copies the body as the handler reads it, without changing what it reads.
                java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
                Request tee = new Request.Wrapper(request) {
                    @Override
                    public Content.Chunk read() {
                        Content.Chunk chunk = super.read();
                        if (chunk != null && !Content.Chunk.isFailure(chunk)) {
                            java.nio.ByteBuffer b = chunk.getByteBuffer().slice();
                            byte[] bytes = new byte[b.remaining()];
                            b.get(bytes);
                            copy.write(bytes, 0, bytes.length);
                            if (chunk.isLast()) {
                                bodies.add(copy.toString(StandardCharsets.UTF_8));
                            }
                        }
                        return chunk;
                    }
                };
                return super.handle(tee, response, callback);
            }
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/rpc");
    }

    private void serveApi(HttpBatchHandler.Builder builder) throws Exception {
        serve(builder.build());
    }

    private HttpBatchHandler.Builder api() {
        return HttpBatchHandler.builder(info -> {
            Api a = new Api();
            made.add(a);
            return a;
        }).path("/rpc");
    }

    private HttpBatchClient client() {
        HttpBatchClient c = HttpBatchClient.create();
        toClose.add(c);
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private HttpResponse<String> raw(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return raw(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void threeDependentCallsTravelInOnePost() throws Exception {
        serveApi(api());
        try (HttpBatchSession batch = client().open(uri)) {
            RpcStub main = batch.main();
            RpcPromise user = main.call("authenticate", "secret");
            RpcPromise ids = user.call("getFriendIds");
            RpcPromise first = main.call("getUserProfile", ids.get(0));
            RpcPromise second = main.call("getUserProfile", ids.get(1));
            CompletableFuture<Object> firstResult = first.toCompletableFuture();
            assertThat(second.join()).isEqualTo(Map.of("id", 9L, "name", "user9"));
            assertThat(firstResult.get(10, TimeUnit.SECONDS)).isEqualTo(Map.of("id", 7L, "name", "user7"));
        }
        assertThat(posts.get()).isEqualTo(1);
        assertThat(bodies.get(0)).isEqualTo(String.join("\n",
                "[\"push\",[\"pipeline\",0,[\"authenticate\"],[\"secret\"]]]",
                "[\"push\",[\"pipeline\",1,[\"getFriendIds\"],[]]]",
                "[\"push\",[\"pipeline\",0,[\"getUserProfile\"],[[\"pipeline\",2,[0]]]]]",
                "[\"push\",[\"pipeline\",0,[\"getUserProfile\"],[[\"pipeline\",2,[1]]]]]",
                "[\"pull\",3]",
                "[\"pull\",4]"));
    }

    @Test
    void theReferenceTranscriptGetsTheReferenceAnswer() throws Exception {
        serveApi(api());
        HttpResponse<String> response = post(String.join("\n", REFERENCE_PUSHES, "[\"pull\",2]", "[\"pull\",3]"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[\"resolve\",2,5]\n[\"resolve\",3,25]");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    }

    @Test
    void aTrailingNewlineIsToleratedAndAnEmptyBodyIsAnEmptyBatch() throws Exception {
        serveApi(api());
        HttpResponse<String> trailing = post("[\"push\",[\"pipeline\",0,[\"square\"],[5]]]\n[\"pull\",1]\n");
        assertThat(trailing.statusCode()).isEqualTo(200);
        assertThat(trailing.body()).isEqualTo("[\"resolve\",1,25]");
        HttpResponse<String> empty = post("");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEmpty();
    }

    @Test
    void onlyResultsAskedForBeforeSendingArePulled() throws Exception {
        serveApi(api());
        try (HttpBatchSession batch = client().open(uri)) {
            RpcPromise unasked = batch.main().call("square", 3);
            RpcPromise asked = batch.main().call("square", unasked);
            CompletableFuture<Object> askedResult = asked.toCompletableFuture();
            CompletableFuture<Void> sent = batch.send();
            sent.get(10, TimeUnit.SECONDS);
            assertThat(askedResult.getNow(null)).as("settled once send() completed").isEqualTo(81L);
            assertThat(bodies.get(0)).contains("[\"pull\",2]").doesNotContain("[\"pull\",1]");

            RpcException notAsked = catchThrowableOfType(RpcException.class, unasked::join);
            assertThat(notAsked.getMessage()).contains("subscribed to before");
            RpcException late = catchThrowableOfType(RpcException.class, () -> batch.main().call("square", 2).join());
            assertThat(late.getMessage()).contains("new batch");
        }
        assertThat(posts.get()).isEqualTo(1);
    }

    @Test
    void whileTheBatchIsInFlightNewCallsAndUnaskedWaitsFailAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(1);
        Handler slow = new Handler.Abstract() {
            private final HttpBatchHandler inner = api().build();

            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                arrived.countDown();
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                return inner.handle(request, response, callback);
            }
        };
        serve(slow);
        try (HttpBatchSession batch = client().open(uri)) {
            RpcPromise unasked = batch.main().call("square", 2);
            CompletableFuture<Object> asked = batch.main().call("square", 4).toCompletableFuture();
            CompletableFuture<Void> sent = batch.send();
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(unasked::join).isInstanceOf(RpcException.class).hasMessageContaining("already sent");
            assertThatThrownBy(() -> batch.main().call("square", 3).join()).isInstanceOf(RpcException.class)
                    .hasMessageContaining("already sent");
            assertThat(sent).isNotDone();

            release.countDown();
            sent.get(10, TimeUnit.SECONDS);
            assertThat(asked.get(10, TimeUnit.SECONDS)).isEqualTo(16L);
        }
    }

    @Test
    void theFirstBlockingWaitSendsTheBatch() throws Exception {
        serveApi(api());
        try (HttpBatchSession batch = client().open(uri)) {
            RpcPromise a = batch.main().call("square", 6);
            assertThat(posts.get()).isZero();
            assertThat(a.join()).isEqualTo(36L);
            assertThat(posts.get()).isEqualTo(1);
        }
    }

    @Test
    void aStubFromOneBatchDoesNotWorkAfterIt() throws Exception {
        serveApi(api());
        RpcStub counter;
        try (HttpBatchSession batch = client().open(uri)) {
            counter = (RpcStub) batch.main().call("makeCounter", 1).join();
            batch.send().get(10, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> counter.call("increment", 1).join()).isInstanceOf(RpcException.class)
                .hasMessageStartingWith("Batch RPC request ended.");
    }

    @Test
    void httpErrorsRejectEveryCallWithTheStatus() throws Exception {
        serve(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Response.writeError(request, response, callback, 500);
                return true;
            }
        });
        try (HttpBatchSession batch = client().open(uri)) {
            RpcPromise a = batch.main().call("square", 1);
            CompletableFuture<Object> b = batch.main().call("square", 2).toCompletableFuture();
            HttpStatusException e = catchThrowableOfType(HttpStatusException.class, a::join);
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.getMessage()).startsWith("RPC request failed: 500");
            assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(HttpStatusException.class);
            assertThatThrownBy(() -> batch.send().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(HttpStatusException.class);
        }
    }

    @Test
    void aServerThatIsNotThereFailsTheCalls() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (HttpBatchSession batch = client().open(URI.create("http://127.0.0.1:" + port + "/rpc"))) {
            assertThatThrownBy(() -> batch.main().call("square", 1).join()).isInstanceOf(RpcException.class)
                    .hasMessageStartingWith("RPC request failed");
        }
    }

    @Test
    void nonPostGets405WithTheReferenceText() throws Exception {
        serveApi(api().responseHeader("Access-Control-Allow-Origin", "*"));
        HttpResponse<String> get = raw(HttpRequest.newBuilder(uri).GET());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.body()).isEqualTo("This endpoint only accepts POST requests.");
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(made).as("no session for a refused request").isEmpty();
        HttpResponse<String> ok = post("");
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    }

    @Test
    void anOversizedBodyGets413() throws Exception {
        serveApi(api().maxBodyBytes(64));
        String big = "[\"push\",[\"pipeline\",0,[\"echo\"],[\"" + "x".repeat(100) + "\"]]]";
        assertThat(post(big).statusCode()).isEqualTo(413);
        // Without a length up front (a streamed body), the cap still holds.
        HttpResponse<String> streamed = raw(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))));
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(post("[\"pull\",1]").statusCode()).as("a small body is still served").isEqualTo(400);
    }

    @Test
    void answersPastTheResponseCapGet400AndTheSessionIsReleased() throws Exception {
        serveApi(api().maxResponseBytes(1000));
        String echo = "[\"push\",[\"pipeline\",0,[\"echo\"],[\"" + "x".repeat(400) + "\"]]]";
        String threeAnswers = String.join("\n", echo, echo, echo, "[\"pull\",1]", "[\"pull\",2]", "[\"pull\",3]");
        HttpResponse<String> refused = post(threeAnswers);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("Bad RPC batch: Error: The batch's answers exceed 1000 characters,"
                + " the most one response may hold (maxResponseBytes).");
        assertThat(made.poll().closed.await(10, TimeUnit.SECONDS)).as("the session was released").isTrue();
        HttpResponse<String> two = post(String.join("\n", echo, echo, "[\"pull\",1]", "[\"pull\",2]"));
        assertThat(two.statusCode()).as("answers within the cap").isEqualTo(200);
    }

    @Test
    void aBatchIsRefusedWith503WhileTheMemoryBudgetIsUsedUp() throws Exception {
        MemoryBudget budget = MemoryBudget.ofBytes(2 * MemoryBudget.SLICE);
        SessionOptions options = SessionOptions.builder().memoryBudget(budget).build();
        serveApi(api().options(options));
        String call = "[\"push\",[\"pipeline\",0,[\"square\"],[3]]]\n[\"pull\",1]";
        assertThat(post(call).statusCode()).isEqualTo(200);

        // A session sharing the budget holds all of it with pushes nobody pulls.
        RpcSession holder = BudgetHog.exhaust(options);
        HttpResponse<String> refused = post(call);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).isEqualTo(MemoryBudget.SESSION_REFUSED);

        holder.close();
        assertThat(budget.used()).isZero();
        assertThat(post(call).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedBodiesGetA400NamingTheProblem() throws Exception {
        serveApi(api());
        HttpResponse<String> hello = post("[\"hello\"]");
        assertThat(hello.statusCode()).isEqualTo(400);
        assertThat(hello.body()).contains("bad RPC message: [\"hello\"]");

        HttpResponse<String> notJson = post("not json");
        assertThat(notJson.statusCode()).isEqualTo(400);

        HttpResponse<String> emptyLine = post("[\"push\",[\"pipeline\",0,[\"square\"],[2]]]\n\n[\"pull\",1]");
        assertThat(emptyLine.statusCode()).isEqualTo(400);

        HttpResponse<String> badUtf8 = raw(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'[', '"', (byte) 0xC3, '"', ']'})));
        assertThat(badUtf8.statusCode()).isEqualTo(400);
        assertThat(badUtf8.body()).contains("UTF-8");
    }

    @Test
    void aMethodThatBlocksHoldsUpOnlyItsOwnBatch() throws Exception {
        serveApi(api());
        String body = "[\"push\",[\"pipeline\",0,[\"block\"],[]]]\n[\"pull\",1]";
        byte[] request = ("POST /rpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", uri.getPort())) {
            // Head and body in one write, so the server reads the whole batch in one go on the
            // thread that selected the connection.
            socket.getOutputStream().write(request);
            assertThat(blocking.await(10, TimeUnit.SECONDS)).as("block() was called").isTrue();
            HttpResponse<String> other = post("[\"push\",[\"pipeline\",0,[\"square\"],[3]]]\n[\"pull\",1]");
            assertThat(other.body()).as("another batch, served while block() waits").isEqualTo("[\"resolve\",1,9]");
            unblock.countDown();
            socket.setSoTimeout(10_000);
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[1024];
            while (!answer.toString().endsWith("[\"resolve\",1,1]")) {
                int n = socket.getInputStream().read(buffer);
                assertThat(n).as("the blocked batch's response so far: " + answer).isPositive();
                answer.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
            }
            assertThat(answer).startsWith("HTTP/1.1 200");
        } finally {
            unblock.countDown();
        }
    }

    @Test
    void aBatchTheExecutorRefusesGets503() throws Exception {
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.shutdown();
        serveApi(api().options(dev.capnweb.SessionOptions.builder().executor(stopped).build()));
        HttpResponse<String> refused = post("[\"push\",[\"pipeline\",0,[\"square\"],[3]]]\n[\"pull\",1]");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).isEqualTo("The server is not taking batches now.");
        assertThat(made).as("no session was started").isEmpty();
    }

    @Test
    void byDefaultABatchRunsOnALaneThreadNotOnJettys() throws Exception {
        serveApi(api());
        HttpResponse<String> answer = post("[\"push\",[\"pipeline\",0,[\"threadName\"],[]]]\n[\"pull\",1]");
        assertThat(answer.body()).startsWith("[\"resolve\",1,\"capnweb-lane-");
    }

    @Test
    void aDirectExecutorServesTheBatchOnTheJettyThreadThatReadIt() throws Exception {
        serveApi(api().options(dev.capnweb.SessionOptions.builder().executor(Runnable::run).build()));
        HttpResponse<String> answer = post(String.join("\n", REFERENCE_PUSHES,
                "[\"push\",[\"pipeline\",0,[\"threadName\"],[]]]", "[\"pull\",3]", "[\"pull\",4]"));
        assertThat(answer.statusCode()).isEqualTo(200);
        // Jetty's pool threads are named qtp<hash>-<n>.
        assertThat(answer.body()).matches("\\[\"resolve\",3,25]\n\\[\"resolve\",4,\"qtp[0-9]+-[0-9]+\"]");
        assertThat(made).hasSize(1);
        assertThat(made.peek().closed.await(10, TimeUnit.SECONDS)).as("the session was released").isTrue();
    }

    @Test
    void theMainFactorySeesTheRequestsHeadersAndAddress() throws Exception {
        Queue<dev.capnweb.spi.ConnectionInfo> seen = new ConcurrentLinkedQueue<>();
        serve(HttpBatchHandler.builder(info -> {
            seen.add(info);
            return new Api();
        }).path("/rpc").build());
        HttpResponse<String> answer = raw(HttpRequest.newBuilder(uri).header("X-Tag", "a").header("x-tag", "b")
                .header("Cookie", "k=v").POST(HttpRequest.BodyPublishers.ofString("")));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(seen).hasSize(1);
        dev.capnweb.spi.ConnectionInfo info = seen.peek();
        assertThat(info.transport()).isEqualTo("http-batch");
        assertThat(info.path()).isEqualTo("/rpc");
        assertThat(info.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(info.headers().get("x-tag")).containsExactly("a", "b");
        assertThat(info.header("Cookie")).contains("k=v");
        assertThat(info.header("content-length")).contains("0");
    }

    @Test
    void originAllowList() throws Exception {
        serveApi(api().origins(OriginPolicy.only("http://good.example")));
        assertThat(raw(HttpRequest.newBuilder(uri).header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(""))).statusCode()).isEqualTo(403);
        assertThat(raw(HttpRequest.newBuilder(uri).header("Origin", "http://good.example")
                .POST(HttpRequest.BodyPublishers.ofString(""))).statusCode()).isEqualTo(200);
        assertThat(post("").statusCode()).isEqualTo(200);
        assertThat(made).hasSize(2);
    }

    @Test
    void eachBatchIsItsOwnSessionAndIsReleasedAfterTheResponse() throws Exception {
        serveApi(api());
        HttpResponse<String> first = post("[\"push\",[\"pipeline\",0,[\"makeCounter\"],[1]]]\n"
                + "[\"push\",[\"pipeline\",1,[\"increment\"],[1]]]\n[\"pull\",2]");
        assertThat(first.body()).isEqualTo("[\"resolve\",2,2]");
        HttpResponse<String> second = post("[\"push\",[\"pipeline\",0,[\"makeCounter\"],[1]]]\n"
                + "[\"push\",[\"pipeline\",1,[\"increment\"],[1]]]\n[\"pull\",2]");
        assertThat(second.body()).as("a fresh main object and counter").isEqualTo("[\"resolve\",2,2]");
        assertThat(made).hasSize(2);
        for (Api api : made) {
            assertThat(api.closed.await(10, TimeUnit.SECONDS)).as("main object released").isTrue();
            assertThat(api.countersClosed.await(10, TimeUnit.SECONDS)).as("counter released").isTrue();
        }
    }

    @Test
    void aBatchThatNeverFinishesIsReleasedWhenTheExchangeTimesOut() throws Exception {
        serveApi(api());
        ((ServerConnector) server.getConnectors()[0]).setIdleTimeout(300);
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString("[\"push\",[\"pipeline\",0,[\"hang\"],[]]]\n[\"pull\",1]"))
                .build(), HttpResponse.BodyHandlers.ofString());
        await(() -> !made.isEmpty());
        assertThat(made.peek().closed.await(10, TimeUnit.SECONDS)).as("the session was released").isTrue();
        response.cancel(true);
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void errorsKeepTheirNameAndMessage() throws Exception {
        serveApi(api());
        try (HttpBatchSession batch = client().open(uri)) {
            CompletableFuture<Object> missing = batch.main().call("noSuchMethod").toCompletableFuture();
            RpcException e = catchThrowableOfType(RpcException.class, () -> batch.main().call("boom").join());
            assertThat(e.name()).isEqualTo("RangeError");
            assertThat(e.getMessage()).isEqualTo("boom");
            assertThatThrownBy(() -> missing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RpcException.class);
        }
    }

    @Test
    void valuesSurviveTheRoundTrip() throws Exception {
        serveApi(api());
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "line one\nline two \u00e9 \ud83d\ude00");
        value.put("list", List.of(1L, 2.5, List.of("nested")));
        value.put("big", 9007199254740991L);
        value.put("none", null);
        try (HttpBatchSession batch = client().open(uri)) {
            assertThat(batch.main().call("echo", value).join()).isEqualTo(value);
        }
    }

    @Test
    void manyBatchesAtOnceAndAThousandCallsInOne() throws Exception {
        serveApi(api());
        HttpBatchClient client = client();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                long n = i;
                results.add(pool.submit(() -> {
                    try (HttpBatchSession batch = client.open(uri)) {
                        return (Long) batch.main().call("square", n).join();
                    }
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo((long) i * i);
            }
        } finally {
            pool.shutdownNow();
        }

        try (HttpBatchSession batch = client.open(uri)) {
            List<CompletableFuture<Object>> all = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                all.add(batch.main().call("square", i).toCompletableFuture());
            }
            batch.send().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 1000; i++) {
                assertThat(all.get(i).getNow(null)).isEqualTo((long) i * i);
            }
        }
    }
}
