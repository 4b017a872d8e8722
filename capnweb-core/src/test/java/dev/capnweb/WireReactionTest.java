package dev.capnweb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A session's answers to raw input, compared with what the reference answers to the same input
 * (reference-behaviour.md §10, "Server reactions to raw input"). Every malformed message aborts
 * only its own session, with the error named, and nothing else.
 */
class WireReactionTest {

    static Stream<org.junit.jupiter.params.provider.Arguments> malformed() {
        return Stream.of(
                arguments("[\"hello\",1]", "[\"abort\",[\"error\",\"Error\",\"bad RPC message: [\\\"hello\\\",1]\"]]"),
                arguments("{\"push\":1}", "[\"abort\",[\"error\",\"Error\",\"bad RPC message: {\\\"push\\\":1}\"]]"),
                arguments("[\"push\"]", "[\"abort\",[\"error\",\"Error\",\"bad RPC message: [\\\"push\\\"]\"]]"),
                arguments("[\"push\",[\"pipeline\",0,[\"square\"],[[\"foo\",1]]]]",
                        "[\"abort\",[\"error\",\"TypeError\",\"unknown special value: [\\\"foo\\\",1]\"]]"),
                arguments("[\"push\",[\"pipeline\",0,[\"returnNumber\"],[[1,2]]]]",
                        "[\"abort\",[\"error\",\"TypeError\",\"unknown special value: [1,2]\"]]"),
                arguments("[\"push\",[\"pipeline\",5,[\"square\"],[1]]]",
                        "[\"abort\",[\"error\",\"Error\",\"no such entry on exports table: 5\"]]"),
                arguments("[\"pull\",7]", "[\"abort\",[\"error\",\"Error\",\"no such export ID: 7\"]]"),
                arguments("[\"release\",-9,1]", "[\"abort\",[\"error\",\"Error\",\"no such export ID: -9\"]]"),
                arguments("[\"push\",[\"remap\",0,[],[[\"foo\",1]],[]]]",
                        "[\"abort\",[\"error\",\"TypeError\",\"unknown map capture: [\\\"foo\\\",1]\"]]"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedMessageAbortsWithTheReferenceError(String input, String expectedAbort) {
        Harness.RawPeer peer = new Harness.RawPeer(new TestTarget(), SessionOptions.defaults());
        Harness.RawPeer bystander = new Harness.RawPeer(new TestTarget(), SessionOptions.defaults());
        peer.send(input);
        assertThat(peer.next()).isEqualTo(expectedAbort);
        assertThat(peer.awaitClosed()).isTrue();
        assertThat(peer.session.brokenReason()).isPresent();
        Harness.await(() -> peer.session.stats().equals(new SessionStats(0, 0)));
        assertThat(peer.session.stats()).isEqualTo(new SessionStats(0, 0));
        // Another session is untouched.
        bystander.send("[\"push\",[\"pipeline\",0,[\"square\"],[4]]]");
        bystander.send("[\"pull\",1]");
        assertThat(bystander.next()).isEqualTo("[\"resolve\",1,16]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,", "", "[\"push\",[\"pipeline\",0,[\"square\"],[1]]] trailing", "null",
            "[\"resolve\",\"x\",1]", "[\"release\",1]", "[\"push\",[\"bigint\",\"12a\"]]",
            "[\"push\",[\"pipeline\",0,[{\"a\":1}]]]", "[\"push\",[\"export\",5]]", "[[\"push\"]]",
            "[\"push\",[\"error\",1,2]]", "[\"push\",[[[1]]]]", "[\"push\",[]]"})
    void otherMalformedInputAbortsCleanly(String input) {
        Harness.RawPeer peer = new Harness.RawPeer(new TestTarget(), SessionOptions.defaults());
        peer.send(input);
        assertThat(peer.next()).startsWith("[\"abort\",[\"error\",");
        assertThat(peer.awaitClosed()).isTrue();
        Harness.await(() -> peer.session.stats().equals(new SessionStats(0, 0)));
        assertThat(peer.session.stats()).isEqualTo(new SessionStats(0, 0));
    }

    @Test
    void refcountMayNotGoNegative() {
        Harness.RawPeer peer = new Harness.RawPeer(new TestTarget(), SessionOptions.defaults());
        peer.send("[\"push\",[\"pipeline\",0,[\"square\"],[1]]]");
        peer.send("[\"release\",1,2]");
        assertThat(peer.next()).isEqualTo("[\"abort\",[\"error\",\"Error\",\"refcount would go negative: 1 < 2\"]]");
    }

    @Test
    void resolveOfAnUnknownImportReleasesWhatItCarried() {
        Harness.RawPeer peer = new Harness.RawPeer(new TestTarget(), SessionOptions.defaults());
        peer.send("[\"resolve\",44,[\"export\",-3]]");
        assertThat(peer.next()).isEqualTo("[\"release\",-3,1]");
    }

    @Test
    void pullOfTheMainExportAnswersAFreshStub() {
        Harness.RawPeer peer = new Harness.RawPeer(new TestTarget(), SessionOptions.defaults());
        peer.send("[\"pull\",0]");
        assertThat(peer.next()).isEqualTo("[\"resolve\",0,[\"export\",-1]]");
    }

    @Test
    void abortFromThePeerEndsTheSessionWithoutAReply() {
        Harness.RawPeer peer = new Harness.RawPeer(new TestTarget(), SessionOptions.defaults());
        peer.send("[\"abort\",[\"error\",\"TypeError\",\"bye\"]]");
        assertThat(peer.awaitClosed()).isTrue();
        assertThat(peer.received).isEmpty();
        assertThat(peer.session.brokenReason()).get().extracting(Throwable::getMessage).isEqualTo("bye");
    }

    @Test
    void blockedKeysAreDroppedOnReceive() {
        Harness.RawPeer peer = new Harness.RawPeer(new TestTarget(), SessionOptions.defaults());
        peer.send("[\"push\",[\"pipeline\",0,[\"echo\"],[{\"__proto__\":{\"x\":1},\"toString\":1,\"toJSON\":2,"
                + "\"ok\":3,\"constructor\":4}]]]");
        peer.send("[\"pull\",1]");
        assertThat(peer.next()).isEqualTo("[\"resolve\",1,{\"ok\":3}]");
    }

    @Test
    void propertyReadsFollowTheReferenceRules() {
        Harness.RawPeer peer = new Harness.RawPeer(new TestTarget(), SessionOptions.defaults());
        peer.send("[\"push\",[\"pipeline\",0,[\"makeCounter\"],[3]]]");
        peer.send("[\"push\",[\"pipeline\",1,[\"value\"]]]");
        peer.send("[\"push\",[\"pipeline\",1,[\"constructor\"]]]");
        peer.send("[\"push\",[\"pipeline\",1,[\"missing\"]]]");
        peer.send("[\"push\",[\"pipeline\",0,[\"generateFibonacci\"],[4]]]");
        peer.send("[\"push\",[\"pipeline\",5,[2]]]");
        peer.send("[\"push\",[\"pipeline\",5,[\"2\"]]]");
        peer.send("[\"push\",[\"pipeline\",5,[\"length\"]]]");
        peer.send("[\"push\",[\"pipeline\",0,[\"returnNumber\"],[5]]]");
        peer.send("[\"push\",[\"pipeline\",9,[],[]]]");
        for (int id : new int[] {2, 3, 4, 6, 7, 8, 10}) {
            peer.send("[\"pull\"," + id + "]");
        }
        assertThat(new String[] {peer.next(), peer.next(), peer.next(), peer.next(), peer.next(), peer.next(),
                peer.next()}).containsExactlyInAnyOrder(
                "[\"resolve\",2,3]",
                "[\"resolve\",3,[\"undefined\"]]",
                "[\"resolve\",4,[\"undefined\"]]",
                "[\"resolve\",6,1]",
                "[\"resolve\",7,[\"undefined\"]]",
                "[\"resolve\",8,[\"undefined\"]]",
                "[\"reject\",10,[\"error\",\"TypeError\",\"'' is not a function.\"]]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"getClass", "wait", "notify", "notifyAll", "hashCode", "toString", "equals", "clone",
            "finalize", "close", "staticHelper", "helperOfAPlainClass"})
    void reflectiveEscapesAreNotFunctions(String name) {
        Harness.RawPeer peer = new Harness.RawPeer(new EscapeTarget(), SessionOptions.defaults());
        peer.send("[\"push\",[\"pipeline\",0,[\"" + name + "\"],[]]]");
        peer.send("[\"pull\",1]");
        assertThat(peer.next()).isEqualTo("[\"reject\",1,[\"error\",\"TypeError\",\"'" + name + "' is not a function.\"]]");
        assertThat(EscapeTarget.touched).isFalse();
    }

    @Test
    void reflectiveChainsThroughPropertiesAreRefused() {
        Harness.RawPeer peer = new Harness.RawPeer(new EscapeTarget(), SessionOptions.defaults());
        peer.send("[\"push\",[\"pipeline\",0,[\"class\",\"classLoader\"]]]");
        peer.send("[\"push\",[\"pipeline\",0,[\"getClass\",\"getClassLoader\"],[]]]");
        peer.send("[\"pull\",1]");
        peer.send("[\"pull\",2]");
        String first = peer.next();
        String second = peer.next();
        assertThat(first + second).doesNotContain("ClassLoader\"]").doesNotContain("\"export\"");
        assertThat(EscapeTarget.touched).isFalse();
    }

    /** A target with things that must stay unreachable. */
    public static class EscapeTarget extends RpcTarget implements AutoCloseable {
        static volatile boolean touched;

        public static String staticHelper() {
            touched = true;
            return "static";
        }

        @Override
        public String toString() {
            touched = true;
            return "escaped";
        }

        @Override
        public void close() {
            touched = true;
        }

        public PlainHelper helper() {
            return new PlainHelper();
        }
    }

    /** Not an RpcTarget: its methods are never callable. */
    public static class PlainHelper {
        public String helperOfAPlainClass() {
            EscapeTarget.touched = true;
            return "escaped";
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "maxMessageSize|64|[\"push\",[\"pipeline\",0,[\"echo\"],[\"" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" + "\"]]]"
                    + "|Incoming message exceeds maximum size of 64 UTF-16 code units.",
            "maxDepth|4|[\"push\",[\"pipeline\",0,[\"echo\"],[{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}]]]"
                    + "|Deserialization exceeded maximum allowed message depth of 4.",
            "maxBigIntDigits|4|[\"push\",[\"pipeline\",0,[\"echo\"],[[\"bigint\",\"-1234\"]]]]"
                    + "|Deserialized bigint exceeds maximum length of 4 digits."})
    void limitsAbortWithTheDocumentedError(String limit, int value, String input, String message) {
        SessionOptions.Builder b = SessionOptions.builder();
        switch (limit) {
            case "maxMessageSize" -> b.maxMessageSize(value);
            case "maxDepth" -> b.maxDepth(value);
            default -> b.maxBigIntDigits(value);
        }
        Harness.RawPeer peer = new Harness.RawPeer(new TestTarget(), b.build());
        peer.send(input);
        assertThat(peer.next()).isEqualTo("[\"abort\",[\"error\",\"TypeError\",\"" + message + "\"]]");
        assertThat(peer.awaitClosed()).isTrue();
    }

    @Test
    void tableCapsAbortBeforeMemoryGrows() {
        Harness.RawPeer peer = new Harness.RawPeer(new TestTarget(), SessionOptions.builder().maxExports(3).build());
        peer.send("[\"push\",[\"pipeline\",0,[\"square\"],[1]]]");
        peer.send("[\"push\",[\"pipeline\",0,[\"square\"],[1]]]");
        peer.send("[\"push\",[\"pipeline\",0,[\"square\"],[1]]]");
        assertThat(peer.next()).isEqualTo("[\"abort\",[\"error\",\"Error\",\"export table is full (3 entries)\"]]");

        Harness.RawPeer imports = new Harness.RawPeer(new TestTarget(), SessionOptions.builder().maxImports(2).build());
        imports.send("[\"push\",[\"pipeline\",0,[\"echo\"],[[[[\"export\",-1],[\"export\",-2]]]]]]");
        assertThat(imports.next()).isEqualTo("[\"abort\",[\"error\",\"Error\",\"import table is full (2 entries)\"]]");
    }

    @Test
    void streamMessageIsPushPullAndReleaseInOne() {
        Harness.RawPeer peer = new Harness.RawPeer(new TestTarget(), SessionOptions.defaults());
        peer.send("[\"stream\",[\"pipeline\",0,[\"square\"],[3]]]");
        assertThat(peer.next()).isEqualTo("[\"resolve\",1,9]");
        Harness.await(() -> peer.session.stats().exports() == 1);
        assertThat(peer.session.stats().exports()).isEqualTo(1);
    }

    @Test
    void aPromiseReusingAnImportIdBecomesAnErrorNotAnAbort() {
        Harness.RawPeer peer = new Harness.RawPeer(new TestTarget(), SessionOptions.defaults());
        peer.send("[\"push\",[\"pipeline\",0,[\"echo\"],[[\"promise\",-1],[\"promise\",-1]]]]");
        peer.send("[\"pull\",1]");
        // The first promise's import is released as the call ends, then the call rejects.
        assertThat(peer.next() + peer.next())
                .contains("Bug in RPC system: The peer sent a promise reusing an existing export ID.")
                .doesNotContain("abort");
    }

    @Test
    void aBadReferenceLaterInAMessageReleasesWhatEarlierOnesStarted() {
        dev.capnweb.fuzz.FuzzTarget main = new dev.capnweb.fuzz.FuzzTarget();
        Harness.RawPeer peer = new Harness.RawPeer(main, SessionOptions.defaults());
        peer.send("[\"push\",[\"pipeline\",0,[\"echo\"],[[\"pipeline\",0,[\"makeCounter\"],[1]],[\"import\",99]]]]");
        assertThat(peer.next()).isEqualTo("[\"abort\",[\"error\",\"Error\",\"no such entry on exports table: 99\"]]");
        Harness.await(() -> main.countersClosed() == 1);
        assertThat(main.countersMade()).isEqualTo(1);
        assertThat(main.countersClosed()).as("the counter the first reference made is released").isEqualTo(1);
    }

    /** As in the reference: a result used locally (a pipelined argument, a map) still belongs to its call. */
    @ParameterizedTest
    @ValueSource(strings = {"[\"push\",[\"pipeline\",0,[\"square\"],[[\"pipeline\",1]]]]",
            "[\"push\",[\"remap\",1,[],[],[[\"pipeline\",0,[\"getValue\"],[]]]]]"})
    void aResultUsedLocallyIsReleasedWithItsCall(String use) {
        dev.capnweb.fuzz.FuzzTarget main = new dev.capnweb.fuzz.FuzzTarget();
        Harness.RawPeer peer = new Harness.RawPeer(main, SessionOptions.defaults());
        peer.send("[\"push\",[\"pipeline\",0,[\"makeCounter\"],[29]]]");
        peer.send(use);
        peer.send("[\"pull\",2]");
        assertThat(peer.next()).startsWith("[\"re");
        peer.send("[\"release\",1,1]");
        Harness.await(() -> main.countersClosed() == 1);
        assertThat(main.countersClosed()).as("the counter is closed once its call is released").isEqualTo(1);
    }

    /** The main object passed to echo as a pipelined value, or as a promise of a property path. */
    @ParameterizedTest
    @ValueSource(strings = {"[\"pipeline\",0]", "[\"import\",0,[]]"})
    void aTargetPassedInAndReturnedStaysItsOwnersWhenTheResultIsReleased(String arg) {
        dev.capnweb.fuzz.FuzzTarget main = new dev.capnweb.fuzz.FuzzTarget();
        Harness.RawPeer peer = new Harness.RawPeer(main, SessionOptions.defaults());
        peer.send("[\"push\",[\"pipeline\",0,[\"echo\"],[" + arg + "]]]");
        peer.send("[\"release\",1,1]");
        peer.send("[\"push\",[\"pipeline\",0,[\"square\"],[3]]]");
        peer.send("[\"pull\",2]");
        assertThat(peer.next()).isEqualTo("[\"resolve\",2,9]");
        assertThat(main.closes()).as("the main object is still the session's").isZero();
        peer.session.close();
        Harness.await(() -> main.closes() > 0);
        assertThat(main.closes()).as("closed once, when the session ended").isEqualTo(1);
    }

    @Test
    void aPushPastTheExportCapRunsNoCall() {
        dev.capnweb.fuzz.FuzzTarget main = new dev.capnweb.fuzz.FuzzTarget();
        Harness.RawPeer peer = new Harness.RawPeer(main, SessionOptions.builder().maxExports(2).build());
        peer.send("[\"push\",[\"pipeline\",0,[\"makeCounter\"],[1]]]");
        peer.send("[\"push\",[\"pipeline\",0,[\"makeCounter\"],[2]]]");
        assertThat(peer.next()).isEqualTo("[\"abort\",[\"error\",\"Error\",\"export table is full (2 entries)\"]]");
        Harness.await(() -> main.countersClosed() == 1);
        assertThat(main.countersMade()).as("the refused push was not evaluated").isEqualTo(1);
        assertThat(main.countersClosed()).isEqualTo(1);
    }

    /** A method whose result comes later, and a target to come back in it. */
    public static final class Later extends RpcTarget {
        final CompletableFuture<Object> result = new CompletableFuture<>();

        public CompletableFuture<Object> slow() {
            return result;
        }
    }

    /** Records its close. */
    public static final class Closing extends RpcTarget implements AutoCloseable {
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void aPulledResultThatSettlesAfterTheSessionEndedIsReleased() throws InterruptedException {
        Later main = new Later();
        Harness.RawPeer peer = new Harness.RawPeer(main, SessionOptions.defaults());
        peer.send("[\"push\",[\"pipeline\",0,[\"slow\"],[]]]");
        peer.send("[\"pull\",1]");
        peer.send("[\"abort\",[\"error\",\"Error\",\"bye\"]]");
        assertThat(peer.awaitClosed()).isTrue();
        Closing late = new Closing();
        main.result.complete(late);
        assertThat(late.closed.await(10, TimeUnit.SECONDS)).as("the target that came too late is closed").isTrue();
    }
}
