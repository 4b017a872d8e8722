package dev.capnweb.internal.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hand-written JSON reader against Jackson's strict parser, which it replaced. */
class JsonTreeTest {
    private static final WireFormatException DEPTH = new WireFormatException("RangeError", "too deep");

    private static Object parse(String text) {
        return JsonTree.parse(text, 64, () -> DEPTH);
    }

    @Test
    void valuesHaveTheDeliveredTypes() {
        assertThat(parse("[\"push\",[\"pipeline\",0,[\"square\"],[7]]]"))
                .isEqualTo(List.of("push", List.of("pipeline", 0L, List.of("square"), List.of(7L))));
        assertThat(parse(" {\"a\" : [1.5, -0, 1e3, true, false, null], \"b\":{}} "))
                .isEqualTo(map("a", list(1.5, 0L, 1000.0, true, false, null), "b", Map.of()));
        assertThat(parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(parse("9223372036854775808")).isEqualTo(9.223372036854775808E18);
        assertThat(parse("-0.0")).isEqualTo(-0.0);
        assertThat(parse("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\ud800\"")).isEqualTo("a\"\\/\b\f\n\r\té😀\ud800");
        assertThat(parse("{\"k\":1,\"k\":2}")).isEqualTo(Map.of("k", 2L));
        assertThat(parse("[]")).isInstanceOf(ArrayList.class);
        assertThat(parse("{}")).isInstanceOf(LinkedHashMap.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[", "[1,]", "[,1]", "{\"a\":1,}", "{a:1}", "{'a':1}", "01", "-", "1.", ".5", "1e",
            "+1", "NaN", "Infinity", "tru", "nul", "[1 2]", "{\"a\" 1}", "\"abc", "\"\\x\"", "\"\\u12g4\"",
"\"tab\there\"", "[1]x", "// c\n1", "\u00a01", "[1]]", "{\"a\":1}}", "\"\\"})
    void invalidJsonIsASyntaxError(String text) {
        assertThatThrownBy(() -> parse(text)).isInstanceOfSatisfying(WireFormatException.class,
                e -> assertThat(e.jsName()).isEqualTo("SyntaxError"));
        assertThat(jackson(text)).as("Jackson rejects it too").isSameAs(REJECTED);
    }

    @Test
    void unicodeEscapesTakeAsciiHexDigitsOnly() {
        // As JSON.parse; Jackson took other scripts' digits here.
        assertThatThrownBy(() -> parse("\"\\u\u0661\u0662\u0663\u0664\"")).isInstanceOf(WireFormatException.class);
        assertThat(parse("\"\\u00E9\\u00e9\"")).isEqualTo("éé");
    }

    @Test
    void nestingBeyondTheLimitIsTheDepthError() {
        assertThat(parse("[".repeat(64) + "]".repeat(64))).isNotNull();
        assertThatThrownBy(() -> parse("[".repeat(65) + "]".repeat(65))).isSameAs(DEPTH);
        assertThatThrownBy(() -> parse("{\"a\":".repeat(65) + "1" + "}".repeat(65))).isSameAs(DEPTH);
    }

    @Test
    void agreesWithJacksonOnRandomAndMutatedDocuments() {
        Random random = new Random(42);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            write(sb, random, 0);
            String text = sb.toString();
            if (i % 2 == 1) {
                text = mutate(text, random);
            }
            Object expected = jackson(text);
            if (expected == REJECTED) {
                rejected++;
                String t = text;
                assertThatThrownBy(() -> parse(t)).as(text).isInstanceOf(WireFormatException.class);
            } else {
                accepted++;
                assertThat(parse(text)).as(text).isEqualTo(expected);
            }
        }
        assertThat(accepted).isGreaterThan(10_000);
        assertThat(rejected).isGreaterThan(2_000);
    }

    private static final Object REJECTED = new Object();

    /** The reader this replaced, as the oracle. */
    private static Object jackson(String text) {
        try (JsonParser p = Json.FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return REJECTED;
            }
            Object v = read(p, first);
            return p.nextToken() == null ? v : REJECTED;
        } catch (JacksonException e) {
            return REJECTED;
        }
    }

    private static Object read(JsonParser p, JsonToken t) {
        switch (t) {
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(read(p, next));
                }
                return list;
            }
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    map.put(name, read(p, p.nextToken()));
                }
                return map;
            }
            case VALUE_STRING:
                return p.getString();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG
                        ? (Object) p.getLongValue() : (Object) p.getDoubleValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new AssertionError(t);
        }
    }

    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "123456789012345678", "1234567890123456789",
            "-9223372036854775809", "98765432109876543210", "1.5", "-0.25", "3e5", "2E-3", "6.02e+23", "1e308", "4.9e-324"};
    private static final String[] STRINGS = {"", "a", "push", "é", "世界", "😀", "\\n", "\\\"", "\\\\", "\\/", "\\u0000",
            "\\uD83D\\uDE00", "\\udc00", "tab\\t", "a b"};

    private static void write(StringBuilder sb, Random r, int depth) {
        int kind = depth > 4 ? r.nextInt(4) : r.nextInt(6);
        space(sb, r);
        switch (kind) {
            case 0 -> sb.append(NUMBERS[r.nextInt(NUMBERS.length)]);
            case 1 -> sb.append('"').append(STRINGS[r.nextInt(STRINGS.length)]).append('"');
            case 2 -> sb.append(r.nextBoolean() ? "true" : "false");
            case 3 -> sb.append("null");
            case 4 -> {
                sb.append('[');
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(sb, r, depth + 1);
                }
                space(sb, r);
                sb.append(']');
            }
            default -> {
                sb.append('{');
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    space(sb, r);
                    sb.append('"').append(STRINGS[r.nextInt(STRINGS.length)]).append('"');
                    space(sb, r);
                    sb.append(':');
                    write(sb, r, depth + 1);
                }
                space(sb, r);
                sb.append('}');
            }
        }
        space(sb, r);
    }

    private static void space(StringBuilder sb, Random r) {
        if (r.nextInt(4) == 0) {
            sb.append(" \t\n\r".charAt(r.nextInt(4)));
        }
    }

    private static String mutate(String text, Random r) {
        String alphabet = "[]{}\",:.-+eE0123456789 \\u\tnulltrfasx\u0001é";
        StringBuilder sb = new StringBuilder(text);
        int at = r.nextInt(sb.length() + 1);
        switch (r.nextInt(3)) {
            case 0 -> {
                if (at < sb.length()) {
                    sb.deleteCharAt(at);
                }
            }
            case 1 -> sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
            default -> {
                if (at < sb.length()) {
                    sb.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
        }
        return sb.toString();
    }

    private static List<Object> list(Object... values) {
        return new ArrayList<>(java.util.Arrays.asList(values));
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
