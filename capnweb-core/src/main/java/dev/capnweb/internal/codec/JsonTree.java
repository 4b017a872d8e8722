package dev.capnweb.internal.codec;

import tools.jackson.core.JacksonException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads JSON text into the plain Java values the evaluator then rewrites in place
 * ({@code ArrayList}, {@code LinkedHashMap}, {@code String}, {@code Long}, {@code Double},
 * {@code Boolean}, {@code null}): the lists and maps built here become the delivered value, so
 * nothing is built only to be thrown away.
 *
 * <p>The grammar is RFC 8259, as strict as {@code JSON.parse}. Written by hand because a message
 * is small and read once: setting up a Jackson parser per message (context, buffer recycling
 * through a thread-local, token objects) was a fifth of a WebSocket server's CPU. Integers that
 * fit a {@code long} become {@code Long}; other numbers become {@code Double}, correctly rounded.
 */
final class JsonTree {
    /** As Jackson's number-length limit was: longer numbers are refused, not parsed slowly. */
    private static final int MAX_NUMBER_CHARS = 100_000;

    private final String text;
    private final int length;
    private final int maxDepth;
    private final Supplier<WireFormatException> depthError;
    private int pos;

    private JsonTree(String text, int maxDepth, Supplier<WireFormatException> depthError) {
        this.text = text;
        this.length = text.length();
        this.maxDepth = maxDepth;
        this.depthError = depthError;
    }

    /**
     * @param text         the JSON text
     * @param maxJsonDepth nesting beyond this is refused (the evaluator's depth limit is exact;
     *                     this only bounds recursion, at a depth no acceptable message reaches)
     * @param depthError   makes what is thrown when {@code maxJsonDepth} is exceeded (only then)
     */
    static Object parse(String text, int maxJsonDepth, Supplier<WireFormatException> depthError) {
        JsonTree r = new JsonTree(text, maxJsonDepth, depthError);
        try {
            r.skipWhitespace();
            if (r.pos >= r.length) {
                throw new WireFormatException("SyntaxError", "Unexpected end of JSON input");
            }
            Object value = r.value(0);
            r.skipWhitespace();
            if (r.pos < r.length) {
                throw new WireFormatException("SyntaxError",
                        "Unexpected non-whitespace character after JSON at offset " + r.pos);
            }
            return value;
        } catch (StackOverflowError e) {
            throw depthError.get();
        }
    }

    private Object value(int depth) {
        if (pos >= length) {
            throw unexpectedEnd();
        }
        char c = text.charAt(pos);
        switch (c) {
            case '[':
                return array(depth);
            case '{':
                return object(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw unexpected();
        }
    }

    private List<Object> array(int depth) {
        if (depth >= maxDepth) {
            throw depthError.get();
        }
        pos++;
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (pos < length && text.charAt(pos) == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth + 1));
            skipWhitespace();
            if (pos >= length) {
                throw unexpectedEnd();
            }
            char c = text.charAt(pos++);
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                pos--;
                throw unexpected();
            }
        }
    }

    private Map<String, Object> object(int depth) {
        if (depth >= maxDepth) {
            throw depthError.get();
        }
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (pos < length && text.charAt(pos) == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (pos >= length) {
                throw unexpectedEnd();
            }
            if (text.charAt(pos) != '"') {
                throw unexpected();
            }
            String name = string();
            skipWhitespace();
            if (pos >= length) {
                throw unexpectedEnd();
            }
            if (text.charAt(pos) != ':') {
                throw unexpected();
            }
            pos++;
            skipWhitespace();
            map.put(name, value(depth + 1));
            skipWhitespace();
            if (pos >= length) {
                throw unexpectedEnd();
            }
            char c = text.charAt(pos++);
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw unexpected();
            }
        }
    }

    private String string() {
        int start = ++pos;
        // Most strings have no escapes: one scan, one copy.
        while (pos < length) {
            char c = text.charAt(pos);
            if (c == '"') {
                return text.substring(start, pos++);
            }
            if (c == '\\') {
                break;
            }
            if (c < 0x20) {
                throw badControl();
            }
            pos++;
        }
        StringBuilder sb = new StringBuilder(pos - start + 16).append(text, start, pos);
        while (pos < length) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                pos--;
                throw badControl();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= length) {
                break;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(unicodeEscape());
                default -> {
                    pos--;
                    throw new WireFormatException("SyntaxError", "Bad escaped character in JSON at position " + pos);
                }
            }
        }
        throw new WireFormatException("SyntaxError", "Unterminated string in JSON at position " + pos);
    }

    private char unicodeEscape() {
        if (pos + 4 > length) {
            throw new WireFormatException("SyntaxError", "Bad Unicode escape in JSON at position " + pos);
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = hexDigit(text.charAt(pos + i));
            if (d < 0) {
                throw new WireFormatException("SyntaxError", "Bad Unicode escape in JSON at position " + (pos + i));
            }
            v = (v << 4) | d;
        }
        pos += 4;
        return (char) v;
    }

    /** ASCII only: {@code Character.digit} would also take other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private Object number() {
        int start = pos;
        boolean negative = text.charAt(pos) == '-';
        if (negative) {
            pos++;
        }
        int intStart = pos;
        if (pos < length && text.charAt(pos) == '0') {
            pos++;
        } else if (!digits()) {
            throw unexpected();
        }
        int intEnd = pos;
        boolean integral = true;
        if (pos < length && text.charAt(pos) == '.') {
            pos++;
            integral = false;
            if (!digits()) {
                throw unexpected();
            }
        }
        if (pos < length && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            integral = false;
            if (pos < length && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (!digits()) {
                throw unexpected();
            }
        }
        if (pos - start > MAX_NUMBER_CHARS) {
            throw new WireFormatException("SyntaxError", "Number value length (" + (pos - start)
                    + ") exceeds the maximum allowed (" + MAX_NUMBER_CHARS + ")");
        }
        if (integral && intEnd - intStart <= 18) {
            long v = 0;
            for (int i = intStart; i < intEnd; i++) {
                v = v * 10 + (text.charAt(i) - '0');
            }
            return negative ? -v : v;
        }
        String literal = text.substring(start, pos);
        if (integral) {
            BigInteger big = new BigInteger(literal);
            if (big.bitLength() < 64) {
                return big.longValue();
            }
        }
        return Double.parseDouble(literal);
    }

    /** @return whether at least one digit was consumed */
    private boolean digits() {
        int start = pos;
        while (pos < length) {
            char c = text.charAt(pos);
            if (c < '0' || c > '9') {
                break;
            }
            pos++;
        }
        return pos > start;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw unexpected();
        }
        pos += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (pos < length) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private WireFormatException unexpected() {
        if (pos >= length) {
            return unexpectedEnd();
        }
        return new WireFormatException("SyntaxError",
                "Unexpected token '" + text.charAt(pos) + "', \"" + excerpt() + "\" is not valid JSON");
    }

    private WireFormatException badControl() {
        return new WireFormatException("SyntaxError", "Bad control character in string literal in JSON at position " + pos);
    }

    private static WireFormatException unexpectedEnd() {
        return new WireFormatException("SyntaxError", "Unexpected end of JSON input");
    }

    private String excerpt() {
        return length <= 40 ? text : text.substring(Math.max(0, pos - 10), Math.min(length, pos + 10));
    }

    /** @return compact JSON of a value read by {@link #parse}, for error messages */
    static String print(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JacksonException e) {
            return String.valueOf(value);
        }
    }
}
