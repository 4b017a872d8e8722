package dev.capnweb.internal;

import java.util.function.DoubleSupplier;

/**
 * The sender's window for one stream, with the reference's rules (reference-behaviour.md §4.4).
 * There is no window message: the receiver slows the sender by acknowledging writes late. The
 * window starts at 256 KiB and follows the measured bandwidth-delay product: it may double per
 * round trip during startup and grow by a quarter per round trip after, shrinks by at most a tenth
 * per round trip, and only while the sender keeps it full. Used on one thread at a time.
 */
final class FlowController {
    static final double INITIAL_WINDOW = 256 * 1024;
    static final double MIN_WINDOW = 64 * 1024;
    static final double MAX_WINDOW = 1024.0 * 1024 * 1024;
    private static final double STARTUP_GROWTH = 2;
    private static final double STEADY_GROWTH = 1.25;
    private static final double DECAY = 0.90;
    private static final int STARTUP_EXIT_ROUNDS = 3;

    /** What a send remembers until its ack, to measure the delivery rate since then. */
    record Token(double sentAt, double size, double deliveredAtSend, double deliveredTimeAtSend,
                 double windowAtSend, boolean windowFullAtSend) {
    }

    private final DoubleSupplier nowMillis;
    private double window = INITIAL_WINDOW;
    private double bytesInFlight;
    private boolean startup = true;

    private double delivered;
    private double deliveredTime;
    private double firstAckTime;
    private double firstAckDelivered;
    private double minRtt = Double.POSITIVE_INFINITY;
    private int roundsWithoutGrowth;
    private double lastRoundWindow;
    private double roundStart;

    /** @param nowMillis the clock, in milliseconds */
    FlowController(DoubleSupplier nowMillis) {
        this.nowMillis = nowMillis;
    }

    /** @return a controller on the monotonic clock */
    static FlowController onSystemClock() {
        return new FlowController(() -> System.nanoTime() / 1e6);
    }

    double window() {
        return window;
    }

    double bytesInFlight() {
        return bytesInFlight;
    }

    boolean inStartup() {
        return startup;
    }

    /**
     * A write of {@code size} was just sent (the check comes after the send, so the write that
     * fills the window still goes out).
     *
     * @return the token to give back on its ack; {@link Token#windowFullAtSend()} says whether to block
     */
    Token onSend(double size) {
        bytesInFlight += size;
        return new Token(nowMillis.getAsDouble(), size, delivered, deliveredTime, window, bytesInFlight >= window);
    }

    /** A write failed: it no longer counts as in flight, and says nothing about bandwidth. */
    void onError(Token token) {
        bytesInFlight -= token.size();
    }

    /** @return whether the sender may go on (the window has room again) */
    boolean onAck(Token token) {
        double now = nowMillis.getAsDouble();
        delivered += token.size();
        deliveredTime = now;
        bytesInFlight -= token.size();
        minRtt = Math.min(minRtt, now - token.sentAt());

        if (firstAckTime == 0) {
            // One ack gives no interval to measure a rate over.
            firstAckTime = now;
            firstAckDelivered = delivered;
        } else {
            boolean sentBeforeAnyAck = token.deliveredTimeAtSend() == 0;
            double since = sentBeforeAnyAck ? firstAckTime : token.deliveredTimeAtSend();
            double base = sentBeforeAnyAck ? firstAckDelivered : token.deliveredAtSend();
            double bandwidth = (delivered - base) / (now - since);
            double growth = startup ? STARTUP_GROWTH : STEADY_GROWTH;
            double next = Math.min(bandwidth * minRtt * growth, token.windowAtSend() * growth);
            // A sender that did not fill the window says nothing about the pipe being slower.
            next = token.windowFullAtSend() ? Math.max(next, token.windowAtSend() * DECAY) : Math.max(next, window);
            window = Math.max(Math.min(next, MAX_WINDOW), MIN_WINDOW);

            if (startup && token.sentAt() >= roundStart) {
                if (window > lastRoundWindow * STEADY_GROWTH) {
                    roundsWithoutGrowth = 0;
                } else if (++roundsWithoutGrowth >= STARTUP_EXIT_ROUNDS) {
                    startup = false;
                }
                roundStart = now;
                lastRoundWindow = window;
            }
        }
        return bytesInFlight < window;
    }
}
