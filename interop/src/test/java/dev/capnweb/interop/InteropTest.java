package dev.capnweb.interop;

import dev.capnweb.ws.CapnWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every direction over both transports: the real TypeScript client (capnweb 0.12.0 on Node)
 * against the Java server started by {@code interop/java-test-server}, the Java client against
 * the reference's Node server, Java against Java, and TypeScript against TypeScript as the
 * baseline. Each scenario is a test of its own.
 */
class InteropTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The scenarios both runners must report, per transport. */
    private static final List<String> BATCH_SCENARIOS = List.of("square", "callSquare", "throwError", "makeCounter",
            "incrementCounter", "generateFibonacci", "returnNull", "returnUndefined", "returnNumber", "javascript inputs",
            "values",
            "pipelining", "thousand concurrent calls", "map", "nonexistent method");
    private static final List<String> WS_SCENARIOS = Stream.concat(BATCH_SCENARIOS.stream(),
            Stream.of("callFunction", "disposal", "stream from server", "stream to server", "client writes to server sink",
                    "server writes to client sink", "echoBlob")).collect(Collectors.toList());


    private static Processes.Server tsServer;
    private static Processes.Server javaServerScript;
    private static CapnWebServer javaServerInProcess;

    @BeforeAll
    static void startServers() throws Exception {
        tsServer = Processes.startServer(List.of("node", "js/server.mjs", "0"));
        javaServerScript = Processes.startServer(List.of("bash", "java-test-server", "0"));
        javaServerInProcess = JavaTestServer.start(0);
    }

    @AfterAll
    static void stopServers() {
        if (javaServerInProcess != null) {
            javaServerInProcess.close();
        }
        if (javaServerScript != null) {
            javaServerScript.close();
        }
        if (tsServer != null) {
            tsServer.close();
        }
    }

    private static URI ws(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/");
    }

    private static URI http(int port) {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    @TestFactory
    Stream<DynamicTest> typeScriptClientToJavaServerOverWebSocket() throws Exception {
        return nodeClient("ws", ws(javaServerScript.port()), WS_SCENARIOS);
    }

    @TestFactory
    Stream<DynamicTest> typeScriptClientToJavaServerOverHttpBatch() throws Exception {
        return nodeClient("batch", http(javaServerScript.port()), BATCH_SCENARIOS);
    }

    @TestFactory
    Stream<DynamicTest> typeScriptClientToTypeScriptServerOverWebSocket() throws Exception {
        return nodeClient("ws", ws(tsServer.port()), WS_SCENARIOS);
    }

    @TestFactory
    Stream<DynamicTest> typeScriptClientToTypeScriptServerOverHttpBatch() throws Exception {
        return nodeClient("batch", http(tsServer.port()), BATCH_SCENARIOS);
    }

    @TestFactory
    Stream<DynamicTest> javaClientToTypeScriptServerOverWebSocket() {
        return javaClient(JavaScenarios.overWebSocket(ws(tsServer.port())), WS_SCENARIOS);
    }

    @TestFactory
    Stream<DynamicTest> javaClientToTypeScriptServerOverHttpBatch() {
        return javaClient(JavaScenarios.overHttpBatch(http(tsServer.port())), BATCH_SCENARIOS);
    }

    @TestFactory
    Stream<DynamicTest> javaClientToJavaServerOverWebSocket() {
        return javaClient(JavaScenarios.overWebSocket(ws(javaServerInProcess.port())), WS_SCENARIOS);
    }

    @TestFactory
    Stream<DynamicTest> javaClientToJavaServerOverHttpBatch() {
        return javaClient(JavaScenarios.overHttpBatch(http(javaServerInProcess.port())), BATCH_SCENARIOS);
    }

    @Test
    void theJavaTestServerScriptServesTheReferencePath() throws Exception {
        // The documented command: LISTENING came within the start-up wait; path / answers a batch.
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(http(javaServerScript.port()))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "[\"push\",[\"pipeline\",0,[\"square\"],[12]]]\n[\"pull\",1]"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[\"resolve\",1,144]");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    }

    /** Runs js/client.mjs and turns each reported scenario into a test; a missing one fails too. */
    private static Stream<DynamicTest> nodeClient(String transport, URI uri, List<String> expected) throws Exception {
        Processes.Result result = Processes.run(List.of("node", "js/client.mjs", transport, uri.toString()));
        Map<String, String> failures = new LinkedHashMap<>();
        List<String> reported = new ArrayList<>();
        for (String line : result.lines()) {
            JsonNode report = JSON.readTree(line);
            String name = report.get("scenario").asString();
            reported.add(name);
            if (!report.get("ok").asBoolean()) {
                failures.put(name, report.get("detail").asString());
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("every scenario ran", () -> {
            assertThat(reported).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(result.exitCode()).as("client exit code").isEqualTo(failures.isEmpty() ? 0 : 1);
        }));
        for (String name : reported) {
            tests.add(DynamicTest.dynamicTest(name, () -> assertThat(failures.get(name)).as(name).isNull()));
        }
        return tests.stream();
    }

    private static Stream<DynamicTest> javaClient(Map<String, Throwable> outcome, List<String> expected) {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("every scenario ran",
                () -> assertThat(outcome.keySet()).containsExactlyInAnyOrderElementsOf(expected)));
        outcome.forEach((name, failure) -> tests.add(DynamicTest.dynamicTest(name, () -> {
            if (failure != null) {
                throw new AssertionError(name + " failed", failure);
            }
        })));
        return tests.stream();
    }
}
