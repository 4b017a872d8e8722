package dev.capnweb.fuzz;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.SplittableRandom;

/**
 * Valid Cap'n Web value expressions (capnweb 0.12.0 src/serialize.ts, Evaluator): plain JSON,
 * escaped arrays, objects, and every special form a value may take (bigint, date, bytes, error,
 * undefined, inf/nan, url, headers, request, response), nested, some of it deeply.
 */
public final class ValueGenerator {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Nesting a valid value may reach: well under the default maxDepth of 256. */
    static final int MAX_VALID_DEPTH = 120;

    private static final String[] STRINGS = {"", "a", "hello world", "quote \" and \\ backslash", "line\nbreak\ttab",
        "ünïcödé", "日本語", "emoji \uD83D\uDE00 astral", "right-to-left \u202Eevil", "nul \u0000 char", "__proto__",
        "toString", "constructor", "[\"push\",1]", "0", "-1", "NaN"};
    private static final String[] BLOCKED_KEYS = {"__proto__", "constructor", "toString", "toJSON", "valueOf",
        "hasOwnProperty"};

    private final SplittableRandom random;

    /** @param random the case's random stream */
    public ValueGenerator(SplittableRandom random) {
        this.random = random;
    }

    /** @return a value expression, at most a few levels deep */
    public JsonNode value() {
        return value(0);
    }

    /** @return a value nested {@code levels} deep, alternating escaped arrays and objects */
    public JsonNode deep(int levels) {
        JsonNode v = leaf();
        for (int i = 0; i < levels; i++) {
            if (random.nextBoolean()) {
                ArrayNode inner = NODES.arrayNode().add(v);
                v = NODES.arrayNode().add(inner);
            } else {
                v = NODES.objectNode().set("k", v);
            }
        }
        return v;
    }

    JsonNode value(int depth) {
        if (depth > 3) {
            return leaf();
        }
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> leaf();
            case 3, 4 -> special();
            case 5 -> {
                ArrayNode inner = NODES.arrayNode();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    inner.add(value(depth + 1));
                }
                yield NODES.arrayNode().add(inner);
            }
            case 6, 7 -> {
                ObjectNode o = NODES.objectNode();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    String key = random.nextInt(6) == 0 ? pick(BLOCKED_KEYS) : "k" + random.nextInt(10);
                    o.set(key, value(depth + 1));
                }
                yield o;
            }
            case 8 -> deep(1 + random.nextInt(random.nextInt(8) == 0 ? MAX_VALID_DEPTH / 2 : 10));
            case 9 -> NODES.stringNode(string());
            default -> number();
        };
    }

    JsonNode leaf() {
        return switch (random.nextInt(5)) {
            case 0 -> number();
            case 1 -> NODES.stringNode(string());
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            default -> special();
        };
    }

    /** @return a number, small or at the edges of what JSON and JS can hold */
    public JsonNode number() {
        return switch (random.nextInt(10)) {
            case 0 -> NODES.numberNode(9007199254740993L);
            case 1 -> NODES.numberNode(Long.MIN_VALUE);
            case 2 -> NODES.numberNode(1e308);
            case 3 -> NODES.numberNode(1.5e-7);
            case 4 -> NODES.numberNode(-0.0);
            case 5 -> NODES.numberNode(new BigInteger("123456789012345678901234567890"));
            case 6 -> NODES.numberNode(random.nextDouble() * 1000 - 500);
            default -> NODES.numberNode((long) random.nextInt(-1000, 1000));
        };
    }

    /** @return a small integer, the kind a method taking {@code long} or {@code int} accepts */
    public JsonNode smallInt() {
        return NODES.numberNode((long) random.nextInt(-5, 40));
    }

    /** @return a string: plain, escaped, unicode, sometimes long */
    public String string() {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return "x".repeat(1 + random.nextInt(random.nextInt(10) == 0 ? 60_000 : 2_000));
        }
        if (kind == 1) {
            StringBuilder b = new StringBuilder();
            int n = 1 + random.nextInt(20);
            for (int i = 0; i < n; i++) {
                b.appendCodePoint(random.nextInt(4) == 0 ? 0x1F300 + random.nextInt(0x300) : 0x20 + random.nextInt(0x3000));
            }
            return b.toString();
        }
        return pick(STRINGS);
    }

    /** @return a special form: bigint, date, bytes, error, undefined, inf, url, headers, ... */
    public JsonNode special() {
        return switch (random.nextInt(16)) {
            case 0 -> tag("undefined");
            case 1 -> tag("inf");
            case 2 -> tag("-inf");
            case 3 -> tag("nan");
            case 4 -> tag("bigint").add(random.nextBoolean() ? "-" + random.nextLong(1, Long.MAX_VALUE) : "12345678901234567890123");
            case 5 -> random.nextBoolean() ? tag("date").add(random.nextLong(-8_640_000_000_000_000L, 8_640_000_000_000_000L))
                    : tag("date").addNull();
            case 6 -> tag("bytes").add(pick(new String[] {"", "AQID", "AQIDBA", "aGkh", "AQD+/w", "AQIDBA=="}));
            case 7 -> tag("bytes").add("AQD+/w").add(pick(new String[] {"Int16Array", "Uint8Array", "Uint16Array"}));
            case 8 -> tag("error").add(pick(new String[] {"Error", "TypeError", "RangeError", "Weird"})).add(string());
            case 9 -> tag("error").add("TypeError").add("with props").addNull()
                    .add(NODES.objectNode().put("code", "E1").set("cause", tag("error").add("Error").add("root")));
            case 10 -> tag("url").add(pick(new String[] {"https://example.com/a?b=1", "http://127.0.0.1:1/", "file:///x"}));
            case 11 -> tag("headers").add(NODES.arrayNode().add(NODES.arrayNode().add("content-type").add("text/plain"))
                    .add(NODES.arrayNode().add("x-a").add("1")));
            case 12 -> tag("request").add("https://example.com/r").add(NODES.objectNode().put("method", "POST")
                    .set("headers", NODES.arrayNode().add(NODES.arrayNode().add("a").add("b"))));
            case 13 -> tag("request").add("http://x/").add(NODES.objectNode());
            case 14 -> tag("response").addNull().add(NODES.objectNode().put("status", 201L));
            default -> tag("bytes").add("");
        };
    }

    static ArrayNode tag(String name) {
        return NODES.arrayNode().add(name);
    }

    <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }
}
