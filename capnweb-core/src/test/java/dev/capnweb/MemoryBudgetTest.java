package dev.capnweb;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What peers can make this side hold is bounded per session ({@code maxRetainedBytes}) and across
 * sessions ({@link MemoryBudget}): past either, the session whose message does not fit aborts
 * with an error saying which, and everything it held is given back.
 */
class MemoryBudgetTest {
    private static final String PUSH = "[\"push\",[\"pipeline\",0,[\"square\"],[2]]]";
    private static final int CHARGE = MemoryBudget.ENTRY_COST + PUSH.length();

    private static Harness.RawPeer peer(SessionOptions options) {
        return new Harness.RawPeer(new TestTarget(), options);
    }

    @Test
    void aSessionOverItsRetainedBytesAborts() {
        Harness.RawPeer peer = peer(SessionOptions.builder().maxRetainedBytes(10 * CHARGE).build());
        for (int i = 0; i < 11; i++) {
            peer.send(PUSH);
        }
        assertThat(peer.next()).isEqualTo("[\"abort\",[\"error\",\"Error\",\"The peer's messages would hold " + 11 * CHARGE
                + " bytes in this session, over its limit of " + 10 * CHARGE
                + " (maxRetainedBytes); pull or release earlier results first.\"]]");
        assertThat(peer.awaitClosed()).isTrue();
    }

    @Test
    void releasedEntriesGiveTheirBytesBack() {
        Harness.RawPeer peer = peer(SessionOptions.builder().maxRetainedBytes(10 * CHARGE).build());
        for (int id = 1; id <= 100; id++) {
            peer.send(PUSH);
            peer.send("[\"pull\"," + id + "]");
            assertThat(peer.next()).isEqualTo("[\"resolve\"," + id + ",4]");
            peer.send("[\"release\"," + id + ",1]");
        }
        Harness.await(() -> peer.session.stats().exports() == 1);
        assertThat(peer.session.stats()).isEqualTo(new SessionStats(1, 1));
        assertThat(peer.session.brokenReason()).isEmpty();
    }

    @Test
    void theSharedBudgetRefusesTheSessionThatDoesNotFitAndServesTheOthers() {
        long limit = 3 * MemoryBudget.SLICE;
        MemoryBudget budget = MemoryBudget.ofBytes(limit);
        SessionOptions options = SessionOptions.builder().memoryBudget(budget).build();
        Harness.RawPeer first = peer(options);
        Harness.RawPeer second = peer(options);

        // The first takes two slices' worth; the second goes over the rest of the budget.
        int firstPushes = (int) (2 * MemoryBudget.SLICE / CHARGE);
        for (int i = 0; i < firstPushes; i++) {
            first.send(PUSH);
        }
        Harness.await(() -> first.session.stats().exports() == firstPushes + 1);
        try {
            for (int i = 0; i < firstPushes; i++) {
                second.send(PUSH);
            }
        } catch (RpcException closed) {
            // The session aborted part way: what comes next checks why.
        }
        String abort = second.next();
        assertThat(abort).startsWith("[\"abort\",[\"error\",\"Error\",\"The memory budget for peers is exhausted (")
                .endsWith(" of " + limit + " bytes in use across sessions); try again later.\"]]");
        assertThat(second.awaitClosed()).isTrue();
        assertThat(budget.used()).isLessThanOrEqualTo(limit);
        assertThat(budget.isExhausted()).isFalse();

        // The first session goes on, and a new one fits in what the second gave back.
        first.send("[\"pull\",1]");
        assertThat(first.next()).isEqualTo("[\"resolve\",1,4]");
        Harness.RawPeer third = peer(options);
        third.send(PUSH);
        third.send("[\"pull\",1]");
        assertThat(third.next()).isEqualTo("[\"resolve\",1,4]");

        first.session.close();
        third.session.close();
        assertThat(budget.used()).isZero();
    }

    @Test
    void stubsThePeerExportsAreCharged() {
        Harness.RawPeer peer = peer(SessionOptions.builder().maxRetainedBytes(2L * MemoryBudget.ENTRY_COST + 200).build());
        peer.send("[\"push\",[\"pipeline\",0,[\"echo\"],[[[[\"export\",-1],[\"export\",-2],[\"export\",-3]]]]]]");
        assertThat(peer.next()).contains("maxRetainedBytes");
        assertThat(peer.awaitClosed()).isTrue();
    }
}
