package dev.capnweb.internal.dispatch;

/** Rethrows checked exceptions from application code unchanged, without wrapping them. */
final class Throwing {
    private Throwing() {
    }

    /** Throws {@code t} as is; declared to return so callers can write {@code throw sneaky(t)}. */
    static RuntimeException sneaky(Throwable t) {
        throw Throwing.<RuntimeException>raise(t);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T raise(Throwable t) throws T {
        throw (T) t;
    }
}
