package dev.capnweb;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java side must send what the reference sends: these scenarios replay the transcripts of
 * reference-behaviour.md §10, observed from capnweb 0.12.0, and compare message for message.
 */
class SessionTranscriptTest {

    @Test
    void squareIsPushPullResolveRelease() {
        try (Harness h = new Harness(new TestTarget())) {
            assertThat(h.api().call("square", 5).join()).isEqualTo(25L);
            assertThat(h.clientSide.awaitSent(3)).containsExactly(
                    "[\"push\",[\"pipeline\",0,[\"square\"],[5]]]",
                    "[\"pull\",1]",
                    "[\"release\",1,1]");
            assertThat(h.serverSide.sent).containsExactly("[\"resolve\",1,25]");
            h.assertNoLeaks();
        }
    }

    @Test
    void counterAwaitedThenCalledThenDisposed() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcStub counter = (RpcStub) h.api().call("makeCounter", 3).join();
            assertThat(counter.call("increment", 2).join()).isEqualTo(5L);
            counter.close();
            assertThat(h.clientSide.awaitSent(8)).containsExactly(
                    "[\"push\",[\"pipeline\",0,[\"makeCounter\"],[3]]]",
                    "[\"pull\",1]",
                    "[\"release\",1,1]",
                    "[\"push\",[\"pipeline\",-1,[\"increment\"],[2]]]",
                    "[\"pull\",2]",
                    "[\"release\",2,1]",
                    "[\"release\",-1,1]");
            assertThat(h.serverSide.sent).containsExactly("[\"resolve\",1,[\"export\",-1]]", "[\"resolve\",2,5]");
            h.assertNoLeaks();
        }
    }

    @Test
    void pipelinedCallsAndPropertyReadGoOutBeforeAnyAnswer() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcPromise c = h.api().call("makeCounter", 3);
            c.call("increment", 2);
            assertThat(c.get("value").join()).isEqualTo(5L);
            c.close();
            assertThat(h.clientSide.awaitSent(6)).containsExactly(
                    "[\"push\",[\"pipeline\",0,[\"makeCounter\"],[3]]]",
                    "[\"push\",[\"pipeline\",1,[\"increment\"],[2]]]",
                    "[\"push\",[\"pipeline\",1,[\"value\"]]]",
                    "[\"pull\",3]",
                    "[\"release\",3,1]",
                    "[\"release\",1,1]");
            assertThat(h.serverSide.sent).containsExactly("[\"resolve\",3,5]");
        }
    }

    @Test
    void callbackIsCalledByTheServerWithAnEmptyPath() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcFunction timesTen = args -> ((Long) args.get(0)) * 10;
            assertThat(h.api().call("callFunction", timesTen, 4).join()).isEqualTo(Map.of("result", 40L));
            // The client's pull and its answer to the callback race each other (the application
            // awaited on its own thread); the reference fixes neither order on the wire.
            List<String> client = h.clientSide.awaitSent(4);
            assertThat(client).containsExactlyInAnyOrder(
                    "[\"push\",[\"pipeline\",0,[\"callFunction\"],[[\"export\",-1],4]]]",
                    "[\"pull\",1]",
                    "[\"resolve\",1,40]",
                    "[\"release\",1,1]");
            assertThat(client.get(0)).startsWith("[\"push\"");
            assertThat(client.get(3)).isEqualTo("[\"release\",1,1]");
            assertThat(h.serverSide.awaitSent(5)).containsExactly(
                    "[\"push\",[\"pipeline\",-1,[],[4]]]",
                    "[\"pull\",1]",
                    "[\"release\",1,1]",
                    "[\"release\",-1,1]",
                    "[\"resolve\",1,{\"result\":40}]");
            h.assertNoLeaks();
        }
    }

    @Test
    void serverStubPassedBackIsAnImportAndItsPromiseResolvesUnasked() {
        try (Harness h = new Harness(new TestTarget())) {
            assertThat(h.api().call("callSquare", h.api(), 6).join()).isEqualTo(Map.of("result", 36L));
            assertThat(h.clientSide.awaitSent(4)).containsExactly(
                    "[\"push\",[\"pipeline\",0,[\"callSquare\"],[[\"import\",0],6]]]",
                    "[\"pull\",1]",
                    "[\"release\",1,1]",
                    "[\"release\",-1,1]");
            assertThat(h.serverSide.sent).containsExactly(
                    "[\"resolve\",1,{\"result\":[\"promise\",-1]}]",
                    "[\"resolve\",-1,36]");
            h.assertNoLeaks();
        }
    }

    @Test
    void promisePropertyPipelinedIntoAnArgument() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcPromise counter = h.api().call("makeCounter", 4);
            assertThat(h.api().call("echo", counter.get("value")).join()).isEqualTo(4L);
            assertThat(h.clientSide.awaitSent(3)).startsWith(
                    "[\"push\",[\"pipeline\",0,[\"makeCounter\"],[4]]]",
                    "[\"push\",[\"pipeline\",0,[\"echo\"],[[\"pipeline\",1,[\"value\"]]]]]",
                    "[\"pull\",2]");
            assertThat(h.serverSide.sent).containsExactly("[\"resolve\",2,4]");
            counter.close();
        }
    }

    @Test
    void errorsAndMissingMethodsReject() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcPromise missing = h.api().call("nope");
            RpcPromise thrown = h.api().call("throwError");
            assertThat(catchRpc(missing)).hasMessage("'nope' is not a function.")
                    .extracting(RpcException::name).isEqualTo("TypeError");
            assertThat(catchRpc(thrown)).hasMessage("test error").extracting(RpcException::name).isEqualTo("RangeError");
            assertThat(h.serverSide.awaitSent(2)).containsExactlyInAnyOrder(
                    "[\"reject\",1,[\"error\",\"TypeError\",\"'nope' is not a function.\"]]",
                    "[\"reject\",2,[\"error\",\"RangeError\",\"test error\"]]");
            h.assertNoLeaks();
        }
    }

    @Test
    void disposingAnUnawaitedCallReleasesIt() {
        try (Harness h = new Harness(new TestTarget())) {
            h.api().call("square", 3).close();
            assertThat(h.clientSide.awaitSent(2)).containsExactly(
                    "[\"push\",[\"pipeline\",0,[\"square\"],[3]]]",
                    "[\"release\",1,1]");
            h.assertNoLeaks();
        }
    }

    @Test
    void dupOfAnUnresolvedPromiseSendsAGet() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcPromise p = h.api().call("makeCounter", 1);
            RpcStub copy = p.dup();
            assertThat(copy.call("increment", 1).join()).isEqualTo(2L);
            assertThat(h.clientSide.awaitSent(3)).startsWith(
                    "[\"push\",[\"pipeline\",0,[\"makeCounter\"],[1]]]",
                    "[\"push\",[\"pipeline\",1,[]]]",
                    "[\"push\",[\"pipeline\",2,[\"increment\"],[1]]]");
            copy.close();
            p.close();
        }
    }

    @Test
    void valueEncodingsTravelAsTheReferenceWritesThem() {
        try (Harness h = new Harness(new TestTarget())) {
            List<Object> values = new java.util.ArrayList<>();
            values.add(Undefined.INSTANCE);
            values.add(null);
            values.add(java.math.BigInteger.ONE);
            values.add(java.time.Instant.EPOCH);
            values.add(new byte[] {1, 2, 3, 4});
            values.add(Double.NaN);
            values.add(-0.0);
            Map<String, Object> a = new java.util.LinkedHashMap<>();
            a.put("a", Undefined.INSTANCE);
            values.add(a);
            values.add(new TypedBytes("Int16Array", new byte[] {1, 0, (byte) 0xfe, (byte) 0xff}));
            h.api().call("returnNumber", values).join();
            assertThat(h.clientSide.awaitSent(1).get(0)).isEqualTo("[\"push\",[\"pipeline\",0,[\"returnNumber\"],"
                    + "[[[[\"undefined\"],null,[\"bigint\",\"1\"],[\"date\",0],[\"bytes\",\"AQIDBA\"],[\"nan\"],0,"
                    + "{\"a\":[\"undefined\"]},[\"bytes\",\"AQD+/w\",\"Int16Array\"]]]]]]");
        }
    }

    static RpcException catchRpc(RpcPromise p) {
        try {
            p.join();
        } catch (RpcException e) {
            return e;
        }
        throw new AssertionError("expected the promise to reject");
    }
}
