package dev.capnweb.ws;

import dev.capnweb.RpcPromise;
import dev.capnweb.RpcSession;
import dev.capnweb.RpcStub;
import dev.capnweb.fuzz.CaseRunner;
import dev.capnweb.fuzz.FuzzCase;
import dev.capnweb.fuzz.FuzzCases;
import dev.capnweb.fuzz.FuzzSeed;
import dev.capnweb.fuzz.FuzzStats;
import dev.capnweb.fuzz.FuzzTarget;
import dev.capnweb.fuzz.KnownIssues;
import dev.capnweb.fuzz.PeerProfile;
import dev.capnweb.fuzz.Verdicts;
import dev.capnweb.http.HttpBatchClient;
import dev.capnweb.http.HttpBatchSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The robustness suite against a real {@link CapnWebServer} on 127.0.0.1: generated and mutated
 * message sequences (dev.capnweb.fuzz, shared with capnweb-core's in-memory suite) over a real
 * WebSocket, one connection per case, and as HTTP batch POSTs. Every case must end cleanly (the
 * probe call answered, or an abort naming the problem, never an internal error or a hang); once a
 * case's connection or batch ended, its session must have released its main object and every
 * counter it made; a well-behaved client beside them must keep getting correct answers; and after
 * the run the server must hold no WebSocket session.
 */
class ServerFuzzTest {
    private static final int WEBSOCKET_CASES = 800;
    private static final int BATCH_CASES = 1_000;
    private static final String PATH = "/fuzz";
    /** A batch that waits on the peer (see runAsBatch) costs this much; the others take milliseconds. */
    private static final long BATCH_TIMEOUT_MS = 2_000;

    private final Queue<FuzzTarget> mains = new ConcurrentLinkedQueue<>();
    /** Mains of batches the client gave up on: the server holds them until its idle timeout or close. */
    private final List<FuzzTarget> stalled = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private CapnWebServer server;
    private RpcSession bystander;

    @BeforeEach
    void start() {
        server = CapnWebServer.builder().path(PATH, info -> {
            FuzzTarget main = new FuzzTarget();
            mains.add(main);
            return main;
        }).start();
        bystander = WebSocketRpc.connect(server.webSocketUri(PATH));
        // Answered means the server made the bystander's main: the cases' mains come after it.
        assertThat(bystander.main().call("square", 3).join()).isEqualTo(9L);
        assertThat(mains).hasSize(1);
    }

    @AfterEach
    void stop() {
        bystander.close();
        server.close();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void webSocketSessionsEndCleanly() throws Exception {
        long seed = FuzzSeed.seed();
        FuzzStats stats = new FuzzStats("websocket", seed);
        int only = FuzzSeed.onlyCase();
        int count = FuzzSeed.cases(WEBSOCKET_CASES);
        for (int i = only < 0 ? 0 : only; i < (only < 0 ? count : only + 1) && !stats.tooManyFailures(); i++) {
            FuzzCase c = FuzzCases.make(seed, "websocket", i, PeerProfile.LIVE);
            String failure = runOverWebSocket(c, stats);
            if (failure == null && i % 50 == 0) {
                failure = checkBystander(i);
            }
            if (failure != null) {
                stats.failure(c, failure);
            }
        }
        finish(stats, only < 0 ? count : 1);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void httpBatchesEndCleanly() throws Exception {
        long seed = FuzzSeed.seed();
        FuzzStats stats = new FuzzStats("http-batch", seed);
        int only = FuzzSeed.onlyCase();
        int count = FuzzSeed.cases(BATCH_CASES);
        for (int i = only < 0 ? 0 : only; i < (only < 0 ? count : only + 1) && !stats.tooManyFailures(); i++) {
            FuzzCase c = FuzzCases.make(seed, "http-batch", i, PeerProfile.BATCH);
            String failure = runAsBatch(c, stats);
            if (failure == null && i % 50 == 0) {
                failure = checkBystander(i);
            }
            if (failure != null) {
                stats.failure(c, failure);
            }
        }
        try (HttpBatchClient client = HttpBatchClient.create();
             HttpBatchSession batch = client.open(server.httpUri(PATH))) {
            assertThat(batch.main().call("square", 12).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .as("a well-behaved batch client after the run").isEqualTo(144L);
        }
        finish(stats, only < 0 ? count : 1);
        server.close();
        assertThat(await(() -> stalled.stream().allMatch(m -> m.closes() == 1 && m.countersClosed() == m.countersMade())))
                .as("the sessions of the batches the client gave up on end with the server").isTrue();
    }

    private void finish(FuzzStats stats, int expectedCases) throws Exception {
        String healthy = checkBystander(7);
        bystander.close();
        boolean ended = await(() -> server.openWebSocketSessions() == 0
                && mains.stream().filter(m -> !stalled.contains(m))
                        .allMatch(m -> m.closes() == 1 && m.countersClosed() == m.countersMade()));
        System.out.println(stats.summary());
        assertThat(stats.failures()).as(stats.failureReport()).isEmpty();
        assertThat(healthy).as("the healthy session").isNull();
        assertThat(ended).as("no session left on the server: %d WebSocket sessions open", server.openWebSocketSessions())
                .isTrue();
        assertThat(stats.cases()).isEqualTo(expectedCases);
    }

    private String runOverWebSocket(FuzzCase c, FuzzStats stats) throws InterruptedException {
        int before = mains.size();
        RawWebSocket socket;
        try {
            socket = new RawWebSocket(http, server.webSocketUri(PATH));
        } catch (RuntimeException e) {
            return "could not connect: " + e;
        }
        try {
            if (!await(() -> mains.size() > before)) {
                return "the server made no main object for the connection";
            }
            FuzzTarget main = new ArrayList<>(mains).get(before);
            CaseRunner.Link link = new CaseRunner.Link() {
                @Override
                public boolean send(String message) {
                    if (socket.closeCode.isDone()) {
                        return false;
                    }
                    try {
                        socket.socket.sendText(message, true).get(5, TimeUnit.SECONDS);
                        return true;
                    } catch (Exception closed) {
                        return false;
                    }
                }

                @Override
                public String poll(long millis) throws InterruptedException {
                    return socket.texts.poll(millis, TimeUnit.MILLISECONDS);
                }

                @Override
                public boolean closed() {
                    return socket.closeCode.isDone() && socket.texts.isEmpty();
                }
            };
            // The peer released everything: every counter closed, the main object still held.
            CaseRunner.Settled settled = () -> main.countersClosed() == main.countersMade() && main.closes() == 0 ? null
                    : "counters closed " + main.countersClosed() + " of " + main.countersMade() + ", main closed "
                    + main.closes() + " times";
            CaseRunner.Result result = CaseRunner.run(c, link, settled);
            if (result.failure() == null) {
                socket.close();
                String left = released(main);
                if (left == null) {
                    stats.outcome(result.outcome());
                    return null;
                }
                result = result.failedWith(left);
            }
            KnownIssues.Issue issue = KnownIssues.explaining(result);
            if (issue == null) {
                return result.failure();
            }
            stats.excluded(issue);
            return null;
        } finally {
            socket.close();
        }
    }

    private String runAsBatch(FuzzCase c, FuzzStats stats) throws InterruptedException {
        int before = mains.size();
        List<String> lines = new ArrayList<>(c.messages());
        int probe = 1 + (int) c.messages().stream().filter(m -> m.startsWith("[\"push\"") || m.startsWith("[\"stream\"")
                || m.startsWith("[\"pipe\"")).count();
        lines.add("[\"push\",[\"pipeline\",0,[\"square\"],[7777]]]");
        lines.add("[\"pull\"," + probe + "]");
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(server.httpUri(PATH)).timeout(Duration.ofMillis(BATCH_TIMEOUT_MS))
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            response = null;
        } catch (java.io.IOException e) {
            return "broken exchange: " + e;
        }
        String outcome;
        if (response == null) {
            // A batch may wait on the peer, which cannot answer within the request (an unclosed
            // pipe, a promise left unresolved), as in the reference. The server holds such a
            // session until the exchange fails (its idle timeout) or it stops: checked at the end.
            if (!c.messages().stream().anyMatch(m -> m.contains("\"pipe\"") || m.contains("\"promise\""))) {
                return "hang: no response within " + BATCH_TIMEOUT_MS + " ms";
            }
            if (mains.size() > before) {
                stalled.add(new ArrayList<>(mains).get(before));
            }
            stats.outcome("peer-stalled");
            return null;
        } else if (response.statusCode() == 200) {
            for (String line : response.body().split("\n", -1)) {
                String problem = line.isEmpty() ? null : Verdicts.problem(line);
                if (problem != null) {
                    return problem;
                }
            }
            // A batch whose lines the server split differently (a raw newline) may answer another ID.
            outcome = response.body().contains(",60481729]") ? CaseRunner.ANSWERED : "answered-without-probe";
        } else if (response.statusCode() == 400 && response.body().startsWith("Bad RPC batch: ")
                && !response.body().contains("Internal error") && response.body().length() > "Bad RPC batch: X: ".length()) {
            outcome = CaseRunner.ABORTED;
        } else {
            return "HTTP " + response.statusCode() + ": " + response.body();
        }
        if (outcome.equals("answered-without-probe") && !c.messages().stream().anyMatch(m -> m.contains("abort")
                || m.contains("\n") || m.contains("\r"))) {
            return "a 200 answer without the probe's result: " + response.body();
        }
        if (mains.size() > before) {
            String left = released(new ArrayList<>(mains).get(before));
            if (left != null) {
                return left;
            }
        }
        stats.outcome(outcome);
        return null;
    }

    /** @return null once the session's main and every counter it made are released, else what is left */
    private static String released(FuzzTarget main) {
        boolean done = await(() -> main.closes() == 1 && main.countersClosed() == main.countersMade());
        return done ? null : KnownIssues.LEAK + " main closed " + main.closes() + " times, counters closed "
                + main.countersClosed() + " of " + main.countersMade();
    }

    private String checkBystander(int i) {
        try {
            RpcStub api = bystander.main();
            Object square = api.call("square", i).toCompletableFuture().get(5, TimeUnit.SECONDS);
            try (RpcPromise counter = api.call("makeCounter", i)) {
                Object value = counter.call("increment", 2).toCompletableFuture().get(5, TimeUnit.SECONDS);
                if (!Long.valueOf((long) i * i).equals(square) || !Long.valueOf(i + 2L).equals(value)) {
                    return "the healthy session answered wrongly: square " + square + ", counter " + value;
                }
            }
            return null;
        } catch (Exception e) {
            return "the healthy session did not answer: " + e;
        }
    }

    private static boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CaseRunner.TIMEOUT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(200_000);
        }
        return true;
    }
}
