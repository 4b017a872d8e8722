package dev.capnweb.internal.codec;

/**
 * Strings as JavaScript's {@code JSON.stringify} writes them: the short escapes where JSON has
 * them, other control characters with lower-case hex digits (ESC as backslash, u, 001b), a lone
 * surrogate escaped the same way (JSON text must be well-formed Unicode), everything else raw.
 */
final class JsStrings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsStrings() {
    }

    /** Appends {@code s} quoted exactly as JSON.stringify quotes it. */
    static void appendQuoted(StringBuilder out, String s) {
        out.append('"');
        int n = s.length();
        int plain = 0;
        // Most strings need no escape: find the first character that does, copy up to it at once.
        while (plain < n) {
            char c = s.charAt(plain);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                break;
            }
            plain++;
        }
        out.append(s, 0, plain);
        for (int i = plain; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
    }
}
