package dev.capnweb.internal.codec;

/** A top-level message as read from the wire. */
public sealed interface WireMessage {
    /** {@code ["push", expr]}. @param expr the expression */
    record Push(Parsed expr) implements WireMessage {
    }

    /** {@code ["stream", expr]}. @param expr the expression */
    record Stream(Parsed expr) implements WireMessage {
    }

    /** {@code ["pipe"]}. */
    record Pipe() implements WireMessage {
    }

    /** {@code ["pull", id]}. @param id the receiver's export ID */
    record Pull(long id) implements WireMessage {
    }

    /**
     * {@code ["resolve", id, expr]}.
     *
     * @param id   the receiver's import ID
     * @param expr the value
     */
    record Resolve(long id, Parsed expr) implements WireMessage {
    }

    /**
     * {@code ["reject", id, expr]}.
     *
     * @param id   the receiver's import ID
     * @param expr the error (any value)
     */
    record Reject(long id, Parsed expr) implements WireMessage {
    }

    /**
     * {@code ["release", id, refcount]}.
     *
     * @param id       the receiver's export ID
     * @param refcount how many references to drop
     */
    record Release(long id, long refcount) implements WireMessage {
    }

    /** {@code ["abort", expr]}. @param expr the reason (Undefined when absent) */
    record Abort(Parsed expr) implements WireMessage {
    }
}
