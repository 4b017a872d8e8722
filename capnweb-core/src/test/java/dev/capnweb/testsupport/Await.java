package dev.capnweb.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition another thread makes true, with a deadline instead of a sleep. */
public final class Await {
    /** How long {@link #until} waits. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Await() {
    }

    /**
     * @param condition polled about every millisecond
     * @param what      named in the failure
     * @throws AssertionError if it is not true within {@link #TIMEOUT}
     */
    public static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + TIMEOUT.toSeconds() + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
