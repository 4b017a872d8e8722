package dev.capnweb.ws;

import java.time.Duration;
import java.util.Objects;

/** Checks the timeouts the servers' builders take: zero turns one off, a negative one is a mistake. */
final class Timeouts {
    private Timeouts() {
    }

    /**
     * @param timeout the value given
     * @param name    the option's name, for the error
     * @return {@code timeout}
     * @throws IllegalArgumentException if it is negative
     */
    static Duration nonNegative(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + timeout);
        }
        return timeout;
    }
}
