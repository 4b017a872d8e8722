package dev.capnweb.fuzz;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ContainerNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.capnweb.fuzz.ValueGenerator.NODES;
import static dev.capnweb.fuzz.ValueGenerator.tag;

/**
 * Breaks valid sequences: a node of the wrong type, a missing or extra element, bad IDs and
 * numbers, unknown tags, nesting past maxDepth, refcounts that go negative, releases of unknown
 * IDs, messages repeated, dropped or reordered, duplicated object fields, odd unicode, huge
 * strings and bigints, truncated or edited JSON text. Each mutation has a name, which the case
 * reports as its kind.
 */
public final class Mutator {
    /** The names of every mutation, in the order {@link #mutate} picks them. */
    public static final List<String> NAMES = List.of("wrong-type", "drop-element", "extra-element", "bad-number",
            "swap-tag", "deep-past-max", "refcount-negative", "release-unknown", "duplicate-message", "drop-message",
            "swap-messages", "duplicated-field", "unicode", "truncate", "char-edits", "huge-string", "not-an-array",
            "raw-newline", "bad-bigint", "promise-reuse", "resolve-unknown", "bad-pull");

    /** Stands for nesting too deep to build as a tree; see {@link #spliceDeep}. */
    private static final String DEEP_MARKER = "capnweb-fuzz-deep:";
    private static final String CHARS = "[]{}\",:-0123456789abcdefghijklmnopqrstuvwxyz \\";
    private static final String[] TAGS = {"push", "pull", "resolve", "reject", "release", "abort", "stream", "pipe",
        "pipeline", "import", "export", "promise", "remap", "readable", "writable", "bytes", "bigint", "date", "error",
        "headers", "request", "response", "url", "blob", "undefined", "inf", "nan", "-inf", "hello", "", "PUSH"};

    private final SplittableRandom random;
    private final ValueGenerator values;

    /** @param random the case's random stream */
    public Mutator(SplittableRandom random) {
        this.random = random;
        this.values = new ValueGenerator(random);
    }

    /**
     * @param valid a valid sequence (left unchanged)
     * @param kind  receives the names of the mutations applied
     * @return the mutated messages, as text
     */
    public List<String> mutate(List<JsonNode> valid, List<String> kind) {
        List<JsonNode> trees = new ArrayList<>();
        for (JsonNode n : valid) {
            trees.add(n.deepCopy());
        }
        List<String> texts = null;
        int count = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        for (int i = 0; i < count; i++) {
            String name = NAMES.get(random.nextInt(NAMES.size()));
            kind.add(name);
            if (isTextLevel(name)) {
                if (texts == null) {
                    texts = toText(trees);
                }
                textMutation(name, texts);
            } else if (texts == null) {
                treeMutation(name, trees);
            } else {
                // Text is already broken: a tree mutation becomes a second text edit.
                textMutation("char-edits", texts);
            }
        }
        return texts == null ? toText(trees) : texts;
    }

    private static boolean isTextLevel(String name) {
        return switch (name) {
            case "duplicated-field", "truncate", "char-edits", "raw-newline" -> true;
            default -> false;
        };
    }

    static List<String> toText(List<JsonNode> trees) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : trees) {
            out.add(spliceDeep(Verdicts.JSON.writeValueAsString(n)));
        }
        return out;
    }

    /** Replaces a {@link #DEEP_MARKER} string with that many levels of nested objects or arrays. */
    private static String spliceDeep(String text) {
        int at = text.indexOf("\"" + DEEP_MARKER);
        if (at < 0) {
            return text;
        }
        int end = text.indexOf('"', at + 1);
        String spec = text.substring(at + 1 + DEEP_MARKER.length(), end);
        int levels = Integer.parseInt(spec.substring(1));
        boolean objects = spec.charAt(0) == 'o';
        String deep = (objects ? "{\"a\":" : "[[").repeat(levels) + "1" + (objects ? "}" : "]]").repeat(levels);
        return spliceDeep(text.substring(0, at) + deep + text.substring(end + 1));
    }

    private void treeMutation(String name, List<JsonNode> trees) {
        if (trees.isEmpty()) {
            trees.add(ScenarioGenerator.msg("pull").add(random.nextInt(-3, 5)));
            return;
        }
        int at = random.nextInt(trees.size());
        JsonNode message = trees.get(at);
        switch (name) {
            case "wrong-type" -> replaceSome(message, trees, at, wrongType());
            case "drop-element" -> {
                ArrayNode a = someArray(message);
                if (a != null && !a.isEmpty()) {
                    a.remove(random.nextInt(a.size()));
                }
            }
            case "extra-element" -> {
                ArrayNode a = someArray(message);
                if (a != null) {
                    a.insert(random.nextInt(a.size() + 1), wrongType());
                }
            }
            case "bad-number" -> replaceSome(message, trees, at, badNumber());
            case "swap-tag" -> {
                ArrayNode a = someArray(message);
                if (a != null && !a.isEmpty() && a.get(0).isString()) {
                    a.set(0, NODES.stringNode(TAGS[random.nextInt(TAGS.length)]));
                }
            }
            case "deep-past-max" -> replaceSome(message, trees, at, pastMaxDepth());
            case "refcount-negative" -> trees.add(at + 1, ScenarioGenerator.msg("release").add(random.nextInt(0, 4))
                    .add(random.nextBoolean() ? random.nextInt(2, 1000) : random.nextInt(-5, 1)));
            case "release-unknown" -> trees.add(at, ScenarioGenerator.msg("release")
                    .add(random.nextBoolean() ? random.nextInt(5, 100_000) : -random.nextInt(1, 100_000)).add(1));
            case "duplicate-message" -> trees.add(at, message.deepCopy());
            case "drop-message" -> trees.remove(at);
            case "swap-messages" -> {
                int other = random.nextInt(trees.size());
                trees.set(at, trees.get(other));
                trees.set(other, message);
            }
            case "unicode" -> replaceSome(message, trees, at, NODES.stringNode(oddUnicode()));
            case "huge-string" -> replaceSome(message, trees, at,
                    NODES.stringNode("\u00e9".repeat(50_000 + random.nextInt(150_000))));
            case "not-an-array" -> trees.set(at, random.nextBoolean() ? NODES.objectNode().set(
                    message.isArray() && !message.isEmpty() ? message.get(0).asString("x") : "push", message)
                    : values.leaf());
            case "bad-bigint" -> replaceSome(message, trees, at, tag("bigint").add(random.nextBoolean()
                    ? "9".repeat(16_385 + random.nextInt(10)) : new String[] {"12a", "", " 1", "0x1f", "--1", "1e5"}[random.nextInt(6)]));
            case "promise-reuse" -> trees.add(at, ScenarioGenerator.msg("push").add(tag("pipeline").add(0)
                    .add(NODES.arrayNode().add("echo")).add(NODES.arrayNode().add(tag("promise").add(-7)).add(tag("promise").add(-7)))));
            case "resolve-unknown" -> trees.add(at, ScenarioGenerator.msg(random.nextBoolean() ? "resolve" : "reject")
                    .add(random.nextInt(-50, 50)).add(random.nextBoolean() ? tag("export").add(-random.nextInt(1, 9)) : values.value()));
            default -> trees.add(at, ScenarioGenerator.msg("pull").add(badNumber()));
        }
    }

    private void textMutation(String name, List<String> texts) {
        if (texts.isEmpty()) {
            texts.add("");
            return;
        }
        int at = random.nextInt(texts.size());
        String s = texts.get(at);
        switch (name) {
            case "duplicated-field" -> texts.set(at, duplicateAField(s));
            case "truncate" -> texts.set(at, s.substring(0, random.nextInt(Math.max(1, s.length()))));
            case "raw-newline" -> {
                int i = random.nextInt(s.length() + 1);
                texts.set(at, s.substring(0, i) + (random.nextBoolean() ? "\n" : "\r\n") + s.substring(i));
            }
            default -> {
                StringBuilder b = new StringBuilder(s);
                int edits = 1 + random.nextInt(3);
                for (int e = 0; e < edits && b.length() > 0; e++) {
                    int i = random.nextInt(b.length());
                    switch (random.nextInt(5)) {
                        case 0 -> b.deleteCharAt(i);
                        case 1 -> b.insert(i, CHARS.charAt(random.nextInt(CHARS.length())));
                        case 2 -> b.setCharAt(i, CHARS.charAt(random.nextInt(CHARS.length())));
                        case 3 -> b.insert(i, "\\ud800");
                        default -> b.setLength(i);
                    }
                }
                texts.set(at, b.toString());
            }
        }
    }

    /** Repeats a key of some object in the message, or adds an object with a repeated key. */
    private String duplicateAField(String message) {
        int brace = message.indexOf("{\"");
        if (brace < 0) {
            return message.replaceFirst("\\]$", ",{\"a\":1,\"a\":[\"export\",-1]}]");
        }
        int keyEnd = message.indexOf('"', brace + 2);
        String key = message.substring(brace + 2, keyEnd);
        return message.substring(0, brace + 1) + "\"" + key + "\":" + valueText() + "," + message.substring(brace + 1);
    }

    private String valueText() {
        return random.nextBoolean() ? values.value().toString() : "[\"export\",-" + random.nextInt(1, 5) + "]";
    }

    private JsonNode wrongType() {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.stringNode("wrong");
            case 1 -> NODES.numberNode(random.nextInt(-3, 10));
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.objectNode();
            case 5 -> NODES.arrayNode();
            case 6 -> NODES.arrayNode().add(NODES.arrayNode());
            case 7 -> values.special();
            default -> tag(TAGS[random.nextInt(TAGS.length)]).add(random.nextInt(-3, 5));
        };
    }

    private JsonNode badNumber() {
        return switch (random.nextInt(12)) {
            case 0 -> NODES.numberNode(-1L);
            case 1 -> NODES.numberNode((long) Integer.MAX_VALUE + 1);
            case 2 -> NODES.numberNode(Long.MAX_VALUE);
            case 3 -> NODES.numberNode(Long.MIN_VALUE);
            case 4 -> NODES.numberNode(1.5);
            case 5 -> NODES.numberNode(-0.0);
            case 6 -> NODES.numberNode(1e300);
            case 7 -> NODES.numberNode(new BigInteger("-99999999999999999999999999999"));
            case 8 -> NODES.numberNode((long) Integer.MIN_VALUE);
            case 9 -> NODES.numberNode(9007199254740993L);
            case 10 -> NODES.numberNode(0L);
            default -> NODES.numberNode((long) random.nextInt(-100, 100));
        };
    }

    private JsonNode pastMaxDepth() {
        boolean objects = random.nextBoolean();
        if (random.nextInt(10) == 0) {
            // Too deep for Jackson's recursive writer: spliced in as text by toText.
            return NODES.stringNode(DEEP_MARKER + (objects ? "o" : "a") + (1000 + random.nextInt(9000)));
        }
        int levels = 257 + random.nextInt(200);
        JsonNode v = NODES.numberNode(1L);
        for (int i = 0; i < levels; i++) {
            v = objects ? NODES.objectNode().set("a", v) : NODES.arrayNode().add(NODES.arrayNode().add(v));
        }
        return v;
    }

    private String oddUnicode() {
        String[] odd = {"\u0000", "\uFEFF", "\uFFFF", "\uD83D\uDE00", "\u202E", "\u2028\u2029", "\u0301", "\uFFFD",
            "\uD800", "\uDFFF", "e\u0301"};
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            b.append(odd[random.nextInt(odd.length)]);
        }
        return b.toString();
    }

    private ArrayNode someArray(JsonNode message) {
        List<ArrayNode> arrays = new ArrayList<>();
        collect(message, arrays, null);
        return arrays.isEmpty() ? null : arrays.get(random.nextInt(arrays.size()));
    }

    /** Replaces a random node of the message (or the message itself) with {@code replacement}. */
    private void replaceSome(JsonNode message, List<JsonNode> trees, int at, JsonNode replacement) {
        List<ContainerNode<?>> parents = new ArrayList<>();
        collect(message, null, parents);
        if (parents.isEmpty() || random.nextInt(20) == 0) {
            trees.set(at, replacement);
            return;
        }
        ContainerNode<?> parent = parents.get(random.nextInt(parents.size()));
        if (parent instanceof ArrayNode a) {
            a.set(random.nextInt(a.size()), replacement);
        } else if (parent instanceof ObjectNode o) {
            List<String> names = new ArrayList<>(o.propertyNames());
            o.set(names.get(random.nextInt(names.size())), replacement);
        }
    }

    private static void collect(JsonNode node, List<ArrayNode> arrays, List<ContainerNode<?>> parents) {
        if (node instanceof ArrayNode a) {
            if (arrays != null) {
                arrays.add(a);
            }
            if (parents != null && !a.isEmpty()) {
                parents.add(a);
            }
        } else if (node instanceof ObjectNode o && parents != null && !o.isEmpty()) {
            parents.add(o);
        }
        for (JsonNode child : node) {
            collect(child, arrays, parents);
        }
    }
}
