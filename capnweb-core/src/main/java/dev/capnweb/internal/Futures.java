package dev.capnweb.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers for futures. */
final class Futures {
    private Futures() {
    }

    /** @return the real failure behind the wrappers {@code CompletableFuture} adds */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
