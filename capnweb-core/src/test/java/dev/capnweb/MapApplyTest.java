package dev.capnweb;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incoming {@code remap} (a {@code .map()} recorded by the peer) applied as the reference's
 * {@code applyMap} does (reference-behaviour.md §3): per element of an array, once for another
 * value, not at all for null; errors inside reject the result and never end the session.
 */
class MapApplyTest {
    private static Harness.RawPeer peer() {
        return new Harness.RawPeer(new TestTarget(), SessionOptions.defaults());
    }

    /** Sends a map over {@code generateFibonacci(n)} (push 1) as push 2, pulls it, returns the answer. */
    private static String mapFib(Harness.RawPeer peer, int n, String captures, String instructions) {
        peer.send("[\"push\",[\"pipeline\",0,[\"generateFibonacci\"],[" + n + "]]]");
        peer.send("[\"push\",[\"remap\",1,[]," + captures + "," + instructions + "]]");
        peer.send("[\"pull\",2]");
        return peer.next();
    }

    private static void releaseAndCheckQuiet(Harness.RawPeer peer, int... ids) {
        for (int id : ids) {
            peer.send("[\"release\"," + id + ",1]");
        }
        Harness.await(() -> peer.session.stats().equals(new SessionStats(1, 1)));
        assertThat(peer.session.stats()).isEqualTo(new SessionStats(1, 1));
        assertThat(peer.session.brokenReason()).isEmpty();
    }

    @Test
    void mapsEveryElementOfAnArray() {
        Harness.RawPeer peer = peer();
        assertThat(mapFib(peer, 6, "[[\"import\",0]]", "[[\"pipeline\",-1,[\"square\"],[[\"pipeline\",0]]],[\"pipeline\",1]]"))
                .isEqualTo("[\"resolve\",2,[[0,1,1,4,9,25]]]");
        releaseAndCheckQuiet(peer, 1, 2);
    }

    @Test
    void nestedMapsUseTheirParentsVariables() {
        Harness.RawPeer peer = peer();
        // f.map(i => api.generateFibonacci(i).map(j => api.square(j))), as the reference records it.
        String instructions = "[[\"pipeline\",-1,[\"generateFibonacci\"],[[\"pipeline\",0]]],"
                + "[\"remap\",1,[],[[\"import\",-2]],[[\"pipeline\",-1,[\"square\"],[[\"pipeline\",0]]],[\"pipeline\",1]]],"
                + "[\"pipeline\",2]]";
        assertThat(mapFib(peer, 4, "[[\"import\",0],[\"import\",0]]", instructions))
                .isEqualTo("[\"resolve\",2,[[[[]],[[0]],[[0]],[[0,1]]]]]");
        releaseAndCheckQuiet(peer, 1, 2);
    }

    @Test
    void theLastInstructionMayBuildAnyValue() {
        Harness.RawPeer peer = peer();
        String instructions = "[[\"pipeline\",-1,[\"square\"],[[\"pipeline\",0]]],{\"n\":[\"pipeline\",0],\"sq\":[\"pipeline\",1],\"list\":[[1,[\"pipeline\",1]]]}]";
        assertThat(mapFib(peer, 3, "[[\"import\",0]]", instructions)).isEqualTo(
                "[\"resolve\",2,[[{\"n\":0,\"sq\":0,\"list\":[[1,0]]},{\"n\":1,\"sq\":1,\"list\":[[1,1]]},{\"n\":1,\"sq\":1,\"list\":[[1,1]]}]]]");
        releaseAndCheckQuiet(peer, 1, 2);
    }

    @Test
    void aSingleValueIsMappedOnceAndNullNotAtAll() {
        Harness.RawPeer peer = peer();
        peer.send("[\"push\",[\"pipeline\",0,[\"returnNumber\"],[7]]]");
        peer.send("[\"push\",[\"remap\",1,[],[[\"import\",0]],[[\"pipeline\",-1,[\"square\"],[[\"pipeline\",0]]],[\"pipeline\",1]]]]");
        peer.send("[\"pull\",2]");
        assertThat(peer.next()).isEqualTo("[\"resolve\",2,49]");
        // Not even validated for null: an empty instruction list resolves to null.
        peer.send("[\"push\",[\"pipeline\",0,[\"returnNull\"],[]]]");
        peer.send("[\"push\",[\"remap\",3,[],[],[]]]");
        peer.send("[\"pull\",4]");
        assertThat(peer.next()).isEqualTo("[\"resolve\",4,null]");
        releaseAndCheckQuiet(peer, 1, 2, 3, 4);
    }

    @Test
    void aMapOverAStubCallsIt() {
        Harness.RawPeer peer = peer();
        peer.send("[\"push\",[\"pipeline\",0,[\"makeCounter\"],[5]]]");
        peer.send("[\"push\",[\"remap\",1,[],[],[[\"pipeline\",0,[\"increment\"],[2]],[\"pipeline\",1]]]]");
        peer.send("[\"pull\",2]");
        assertThat(peer.next()).isEqualTo("[\"resolve\",2,7]");
        releaseAndCheckQuiet(peer, 1, 2);
    }

    @Test
    void errorsInsideTheMapperRejectTheResultOnly() {
        Harness.RawPeer peer = peer();
        assertThat(mapFib(peer, 3, "[]", "[]"))
                .isEqualTo("[\"reject\",2,[\"error\",\"Error\",\"Invalid empty mapper function.\"]]");
        releaseAndCheckQuiet(peer, 1, 2);

        peer.send("[\"push\",[\"pipeline\",0,[\"generateFibonacci\"],[3]]]");
        peer.send("[\"push\",[\"remap\",3,[],[],[[\"pipeline\",7]]]]");
        peer.send("[\"pull\",4]");
        assertThat(peer.next()).isEqualTo("[\"reject\",4,[\"error\",\"Error\",\"no such entry on exports table: 7\"]]");

        peer.send("[\"push\",[\"pipeline\",0,[\"generateFibonacci\"],[3]]]");
        peer.send("[\"push\",[\"remap\",5,[],[],[[\"export\",-1]]]]");
        peer.send("[\"pull\",6]");
        assertThat(peer.next()).isEqualTo("[\"reject\",6,[\"error\",\"Error\",\"A mapper function cannot refer to exports.\"]]");

        peer.send("[\"push\",[\"pipeline\",0,[\"generateFibonacci\"],[3]]]");
        peer.send("[\"push\",[\"remap\",7,[],[],[[\"nope\"]]]]");
        peer.send("[\"pull\",8]");
        assertThat(peer.next()).isEqualTo("[\"reject\",8,[\"error\",\"TypeError\",\"unknown special value: [\\\"nope\\\"]\"]]");

        peer.send("[\"push\",[\"pipeline\",0,[\"square\"],[3]]]");
        peer.send("[\"pull\",9]");
        assertThat(peer.next()).as("the session goes on").isEqualTo("[\"resolve\",9,9]");
        releaseAndCheckQuiet(peer, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void aCallThatFailsInsideTheMapperRejectsTheResult() {
        Harness.RawPeer peer = peer();
        assertThat(mapFib(peer, 2, "[[\"import\",0]]", "[[\"pipeline\",-1,[\"throwError\"],[]],[\"pipeline\",1]]"))
                .isEqualTo("[\"reject\",2,[\"error\",\"RangeError\",\"test error\"]]");
        releaseAndCheckQuiet(peer, 1, 2);
    }
}
