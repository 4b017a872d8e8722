package dev.capnweb.internal.codec;

/**
 * Strings as JavaScript's {@code JSON.stringify} writes them, for the two cases where Jackson's
 * output differs: control characters are escaped with lower-case hex digits (ESC as backslash,
 * u, 001b), and a lone surrogate is escaped the same way rather than written raw, since JSON
 * text must be well-formed Unicode.
 */
final class JsStrings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsStrings() {
    }

    /** @return whether Jackson's escaping would differ from JSON.stringify's for {@code s} */
    static boolean needsOwnQuoting(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                if (c != '\n' && c != '\r' && c != '\t' && c != '\b' && c != '\f' && hexDigitsDiffer(c)) {
                    return true;
                }
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    /** Jackson writes hex digits in upper case; only digits a-f differ. */
    private static boolean hexDigitsDiffer(char c) {
        return (c & 0xf) >= 10;
    }

    /** @return {@code s} quoted exactly as JSON.stringify quotes it */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8).append('"');
        for (int i = 0; i < s.length(); i++) {
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
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
    }
}
