package dev.capnweb.internal.dispatch;

/**
 * A value that does not convert to a declared type; the reason is short and meant for the peer.
 * Cheap (no stack trace) because overload resolution may try and discard several conversions.
 */
final class ConversionFailure extends Exception {
    ConversionFailure(String reason) {
        super(reason, null, false, false);
    }

    /** @return this failure with a location prefix, e.g. {@code [2]: } or {@code property 'x': } */
    ConversionFailure at(String where) {
        return new ConversionFailure(where + ": " + getMessage());
    }
}
