package dev.capnweb.internal.codec;

import dev.capnweb.RpcException;

/** The JavaScript error name a Java exception travels under (documented on {@link RpcException}). */
final class ErrorNames {
    private ErrorNames() {
    }

    static String of(Throwable t) {
        if (t instanceof RpcException e) {
            return e.name();
        }
        if (t instanceof IllegalArgumentException || t instanceof ClassCastException
                || t instanceof NullPointerException || t instanceof UnsupportedOperationException) {
            return "TypeError";
        }
        if (t instanceof IndexOutOfBoundsException || t instanceof ArithmeticException) {
            return "RangeError";
        }
        return "Error";
    }
}
