package dev.capnweb.internal.codec;

/**
 * Receiver limits, with the reference's defaults.
 *
 * @param maxMessageSize  maximum message length in UTF-16 code units, checked before parsing
 * @param maxDepth        maximum nesting depth of an expression (the top-level expression is depth 0)
 * @param maxBigIntDigits maximum length of a bigint's decimal string, sign included
 */
public record CodecLimits(int maxMessageSize, int maxDepth, int maxBigIntDigits) {
    /** The reference's {@code DEFAULT_LIMITS}. */
    public static final CodecLimits DEFAULTS = new CodecLimits(32 * 1024 * 1024, 256, 16384);
}
