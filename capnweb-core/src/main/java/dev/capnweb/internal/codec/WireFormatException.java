package dev.capnweb.internal.codec;

/**
 * Input the protocol does not allow. The session aborts with an error of this JavaScript
 * {@link #jsName() name} and the message, worded as the reference words it.
 */
public final class WireFormatException extends RuntimeException {
    private final String jsName;

    /**
     * @param jsName  the JavaScript error name: {@code "Error"}, {@code "TypeError"} or {@code "SyntaxError"}
     * @param message the message, as the reference words it where it has one
     */
    public WireFormatException(String jsName, String message) {
        super(message, null, false, false);
        this.jsName = jsName;
    }

    /** @return the JavaScript error name */
    public String jsName() {
        return jsName;
    }
}
