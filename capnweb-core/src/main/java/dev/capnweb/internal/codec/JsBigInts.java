package dev.capnweb.internal.codec;

import java.math.BigInteger;

/**
 * JavaScript's {@code BigInt(string)} (ECMA-262 StringToBigInt), which the reference applies to
 * a {@code ["bigint", text]} value: surrounding whitespace and line terminators are dropped, an
 * empty text is 0, decimal digits may carry a sign, and {@code 0x}/{@code 0o}/{@code 0b} prefixes
 * (without a sign) select another radix. Anything else is JavaScript's {@code SyntaxError}.
 */
final class JsBigInts {
    private JsBigInts() {
    }

    /** @param text the wire text, already checked against the digit limit @return its value */
    static BigInteger parse(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && whitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && whitespace(text.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return BigInteger.ZERO;
        }
        int radix = 10;
        int digits = start;
        char first = text.charAt(start);
        if (first == '+' || first == '-') {
            digits++;
        } else if (first == '0' && end - start > 2) {
            radix = switch (text.charAt(start + 1)) {
                case 'x', 'X' -> 16;
                case 'o', 'O' -> 8;
                case 'b', 'B' -> 2;
                default -> 10;
            };
            if (radix != 10) {
                digits += 2;
            }
        }
        if (digits == end) {
            throw refused(text);
        }
        for (int i = digits; i < end; i++) {
            // Character.digit would also take non-ASCII digits, which JavaScript refuses.
            char c = text.charAt(i);
            int d = c <= 'z' ? Character.digit(c, radix) : -1;
            if (d < 0) {
                throw refused(text);
            }
        }
        BigInteger value = new BigInteger(text.substring(digits, end), radix);
        return first == '-' ? value.negate() : value;
    }

    private static WireFormatException refused(String text) {
        return new WireFormatException("SyntaxError", "Cannot convert " + text + " to a BigInt");
    }

    /** ECMA-262 StrWhiteSpaceChar: WhiteSpace (TAB, VT, FF, ZWNBSP, any Zs) and LineTerminator. */
    private static boolean whitespace(char c) {
        return c == '\t' || c == '\u000B' || c == '\f' || c == ' ' || c == '\u00A0' || c == '\uFEFF' || c == '\n'
                || c == '\r' || c == '\u2028' || c == '\u2029' || (c > 127 && Character.getType(c) == Character.SPACE_SEPARATOR);
    }
}
