package dev.capnweb;

/**
 * A JavaScript {@code Date} whose time is {@code NaN} ({@code ["date", null]} on the wire).
 * Valid dates are {@link java.time.Instant}s.
 */
public enum InvalidDate {
    /** The only value. */
    INSTANCE;

    @Override
    public String toString() {
        return "Invalid Date";
    }
}
