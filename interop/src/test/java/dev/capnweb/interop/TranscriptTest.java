package dev.capnweb.interop;

import dev.capnweb.RpcException;
import dev.capnweb.RpcFunction;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcSession;
import dev.capnweb.RpcStub;
import dev.capnweb.SessionStats;
import dev.capnweb.spi.InMemoryTransport;
import dev.capnweb.spi.RpcTransport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Canonical scenarios run Java client to Java server must put on the wire exactly the frames the
 * real capnweb 0.12.0 exchanges for them, TypeScript to TypeScript: same messages, same IDs,
 * same order, from each side. The frames were recorded by {@code js/transcripts.mjs}; a test here
 * re-records them to prove the fixture is what the reference does today.
 */
class TranscriptTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FIXTURE = "/transcripts/capnweb-0.12.0.json";

    /**
     * Records what its session sends. The client's side also holds its messages back until the
     * application first blocks on a result (the session then calls {@link #flush}): in TypeScript
     * a call and its {@code await} happen in one tick, before any answer can arrive, while in Java
     * the peer's callback could otherwise arrive between the call and the subscription.
     */
    private static final class Recording implements RpcTransport {
        final List<String> sent = new CopyOnWriteArrayList<>();
        private final RpcTransport inner;
        private List<String> held;

        Recording(RpcTransport inner, boolean holdUntilFlush) {
            this.inner = inner;
            this.held = holdUntilFlush ? new ArrayList<>() : null;
        }

        @Override
        public void start(Receiver receiver) {
            inner.start(receiver);
        }

        @Override
        public synchronized void send(String message) {
            sent.add(message);
            if (held != null) {
                held.add(message);
            } else {
                inner.send(message);
            }
        }

        @Override
        public boolean holdsMessagesBack() {
            return true;
        }

        @Override
        public synchronized void flush() {
            if (held != null) {
                held.forEach(inner::send);
                held = null;
            }
        }

        @Override
        public void abort(Throwable reason) {
            inner.abort(reason);
        }
    }

    interface Scenario {
        void run(RpcStub api) throws Exception;
    }

    private static Map<String, Scenario> scenarios() {
        Map<String, Scenario> s = new LinkedHashMap<>();
        s.put("pipelined chain", api -> {
            RpcPromise counter = api.call("makeCounter", 2);
            RpcPromise incremented = counter.call("increment", 3);
            assertThat(api.call("square", incremented).join()).isEqualTo(25L);
            counter.close();
            incremented.close();
        });
        s.put("callback", api -> {
            RpcFunction twice = args -> ((Number) args.get(0)).longValue() * 2;
            assertThat(api.call("callFunction", twice, 7).join()).isEqualTo(Map.of("result", 14L));
        });
        s.put("release after resolve", api -> assertThat(api.call("square", 3).join()).isEqualTo(9L));
        s.put("stub returned and disposed", api -> {
            RpcStub counter = (RpcStub) api.call("makeCounter", 5).join();
            assertThat(counter.call("increment", 1).join()).isEqualTo(6L);
            counter.close();
        });
        s.put("error", api -> {
            RpcException e = catchThrowableOfType(RpcException.class, () -> api.call("throwError").join());
            assertThat(e.name()).isEqualTo("RangeError");
        });
        return s;
    }

    private static JsonNode fixture() throws Exception {
        try (InputStream in = TranscriptTest.class.getResourceAsStream(FIXTURE)) {
            assertThat(in).as("the transcript fixture").isNotNull();
            return JSON.readTree(in);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    @TestFactory
    List<DynamicTest> javaSendsWhatTheReferenceSends() throws Exception {
        JsonNode recorded = fixture().get("scenarios");
        assertThat(recorded.propertyNames()).containsExactlyElementsOf(scenarios().keySet());
        List<DynamicTest> tests = new ArrayList<>();
        scenarios().forEach((name, scenario) -> tests.add(DynamicTest.dynamicTest(name, () -> {
            InMemoryTransport[] pair = InMemoryTransport.pair();
            Recording client = new Recording(pair[0], true);
            Recording server = new Recording(pair[1], false);
            try (RpcSession serverSession = RpcSession.create(server, new InteropTestTarget());
                 RpcSession clientSession = RpcSession.create(client)) {
                scenario.run(clientSession.main());
                awaitQuiet(clientSession, serverSession);
                assertThat(client.sent).as("client frames").containsExactlyElementsOf(strings(recorded.get(name).get("client")));
                assertThat(server.sent).as("server frames").containsExactlyElementsOf(strings(recorded.get(name).get("server")));
            }
        })));
        return tests;
    }

    @Test
    void theFixtureIsWhatTheReferenceRecordsToday() throws Exception {
        Processes.Result result = Processes.run(List.of("node", "js/transcripts.mjs"));
        assertThat(result.exitCode()).isZero();
        String committed = Files.readString(Processes.DIR.resolve("src/test/resources" + FIXTURE), StandardCharsets.UTF_8);
        assertThat(String.join("\n", result.lines()) + "\n").isEqualTo(committed);
    }

    private static void awaitQuiet(RpcSession client, RpcSession server) {
        SessionStats quiet = new SessionStats(1, 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(client.stats().equals(quiet) && server.stats().equals(quiet)) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(client.stats()).as("client tables").isEqualTo(quiet);
        assertThat(server.stats()).as("server tables").isEqualTo(quiet);
    }
}
