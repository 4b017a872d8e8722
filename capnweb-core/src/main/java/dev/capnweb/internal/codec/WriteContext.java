package dev.capnweb.internal.codec;

/** What the writer asks of the session while it prints a value. */
public interface WriteContext {
    /**
     * Turns a capability (a stub, a promise, an {@code RpcTarget}, a function) into the reference
     * to print, exporting it if needed.
     *
     * @param value a value that is not a plain wire value
     * @return the reference to print, or {@code null} when {@code value} is not a capability
     */
    WireRef exportCapability(Object value);

    /**
     * The session's {@code onSendError} hook.
     *
     * @param error an error about to be printed
     * @return the error to print <b>with</b> its stack, or {@code null} to print {@code error} without a stack
     */
    Throwable onSendError(Throwable error);

    /** A context for values that hold no capabilities: any capability is refused. */
    WriteContext PLAIN = new WriteContext() {
        @Override
        public WireRef exportCapability(Object value) {
            return null;
        }

        @Override
        public Throwable onSendError(Throwable error) {
            return null;
        }
    };
}
