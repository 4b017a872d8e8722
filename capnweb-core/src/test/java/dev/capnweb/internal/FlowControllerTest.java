package dev.capnweb.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window rules of the reference's flow controller (reference-behaviour.md §4.4 and §8.2),
 * on a simulated link with a fake clock: 100 ms round trip, 10 KiB/ms, acks in order.
 */
class FlowControllerTest {
    /** A link that takes {@code size / bandwidth} to send each write, and acks it one round trip later. */
    private static final class Link {
        private static final int[] SIZES = {32 * 1024, 4 * 1024, 16000, 12345, 16, 9999, 4321, 8};
        double rtt = 100;
        double bandwidth = 10 * 1024;
        double now;
        double busyUntil;
        boolean blocked;
        int next;
        final FlowController fc = new FlowController(() -> now);
        final ArrayDeque<double[]> acks = new ArrayDeque<>();
        final ArrayDeque<FlowController.Token> tokens = new ArrayDeque<>();

        double bdp() {
            return rtt * bandwidth;
        }

        void send(double size) {
            busyUntil = Math.max(busyUntil, now) + size / bandwidth;
            FlowController.Token t = fc.onSend(size);
            tokens.add(t);
            acks.add(new double[] {busyUntil + rtt});
            blocked = t.windowFullAtSend();
        }

        int fill(double size) {
            int n = 0;
            while (!blocked) {
                n++;
                send(size);
            }
            return n;
        }

        void ackNext() {
            double[] at = acks.poll();
            if (at != null) {
                now = at[0];
                if (fc.onAck(tokens.poll())) {
                    blocked = false;
                }
            }
        }

        void saturate(double duration) {
            double end = now + duration;
            while (now < end) {
                if (blocked) {
                    ackNext();
                } else {
                    send(SIZES[next++ % SIZES.length]);
                }
            }
            while (!acks.isEmpty()) {
                ackNext();
            }
        }
    }

    @Test
    void fourQuarterWindowWritesFillTheInitialWindow() {
        Link link = new Link();
        assertThat(link.fill(64 * 1024)).isEqualTo(4);
        assertThat(link.fc.bytesInFlight()).isEqualTo(256 * 1024);
    }

    @Test
    void anAckFreesItsBytes() {
        Link link = new Link();
        for (int i = 0; i < 4; i++) {
            link.now = i;
            assertThat(link.blocked).isFalse();
            link.send(64 * 1024);
        }
        assertThat(link.blocked).isTrue();
        link.ackNext();
        assertThat(link.fc.bytesInFlight()).isEqualTo(192 * 1024);
    }

    @Test
    void startupGrowsPastTheBandwidthDelayProduct() {
        Link link = new Link();
        link.saturate(link.rtt * 5);
        assertThat(link.fc.window()).isGreaterThan(FlowController.INITIAL_WINDOW).isGreaterThan(link.bdp());
    }

    @Test
    void startupEndsWhenGrowthStops() {
        Link link = new Link();
        assertThat(link.fc.inStartup()).isTrue();
        link.saturate(link.rtt * 50);
        assertThat(link.fc.inStartup()).isFalse();
    }

    @Test
    void theSteadyWindowSitsAQuarterAboveTheBandwidthDelayProduct() {
        Link link = new Link();
        link.saturate(link.rtt * 50);
        assertThat(link.fc.window()).isBetween(link.bdp() * 1.2, link.bdp() * 1.3);
        link.saturate(link.rtt * 20);
        assertThat(link.fc.window()).isBetween(link.bdp() * 1.2, link.bdp() * 1.3);
    }

    @Test
    void aSenderThatDoesNotFillTheWindowDoesNotShrinkIt() {
        Link link = new Link();
        link.saturate(link.rtt * 50);
        double before = link.fc.window();
        for (int i = 0; i < 50; i++) {
            link.send(1024);
            link.ackNext();
        }
        assertThat(link.fc.window()).isEqualTo(before);
    }

    @Test
    void theWindowShrinksWhenThePipeSlowsDown() {
        Link link = new Link();
        link.saturate(link.rtt * 50);
        assertThat(link.fc.window()).isGreaterThan(link.bdp());
        link.bandwidth /= 4;
        link.saturate(link.rtt * 200);
        assertThat(link.fc.window()).isLessThan(link.bdp() * 2);
    }

    @Test
    void aFailedWriteLeavesTheWindowAlone() {
        Link link = new Link();
        FlowController.Token t = link.fc.onSend(64 * 1024);
        double before = link.fc.window();
        link.fc.onError(t);
        assertThat(link.fc.bytesInFlight()).isZero();
        assertThat(link.fc.window()).isEqualTo(before);
    }

    @Test
    void startupAtMostDoublesPerRoundTrip() {
        Link link = new Link();
        link.fill(64 * 1024);
        link.ackNext();
        double before = link.fc.window();
        link.fill(64 * 1024);
        while (!link.acks.isEmpty()) {
            link.ackNext();
        }
        assertThat(link.fc.window()).isLessThanOrEqualTo(before * 2 + 1);
    }

    @Test
    void theWindowNeverGoesBelowTheMinimum() {
        Link link = new Link();
        link.rtt = 1;
        link.bandwidth = 1;
        link.saturate(10_000_000);
        assertThat(link.fc.window()).isEqualTo(FlowController.MIN_WINDOW);
    }
}
