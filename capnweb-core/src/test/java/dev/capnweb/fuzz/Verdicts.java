package dev.capnweb.fuzz;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What counts as a clean answer from a session under fuzzing. An abort must carry an error that
 * names the problem; "Internal error" means an unexpected exception escaped the session's
 * handling, which the suite reports as a bug.
 */
public final class Verdicts {
    /** Generated messages nest past Jackson's default limits (on purpose: past maxDepth). */
    static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100_000)
                    .maxStringLength(Integer.MAX_VALUE).maxNumberLength(100_000).build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(100_000).build())
            .build()).build();

    private Verdicts() {
    }

    /** @return the message parsed, or null if it is not JSON */
    static JsonNode parse(String message) {
        try {
            return JSON.readTree(message);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** @return whether a message from the session is an abort */
    public static boolean isAbort(String message) {
        return message.startsWith("[\"abort\"");
    }

    /**
     * @param message a message the session sent
     * @return null if it is acceptable, else what is wrong with it
     */
    public static String problem(String message) {
        if (message.contains("Internal error")) {
            return "an unexpected exception escaped: " + message;
        }
        if (!isAbort(message)) {
            return null;
        }
        JsonNode m = parse(message);
        if (m == null || m.size() < 2 || !m.get(1).isArray() || m.get(1).size() < 3
                || !"error".equals(m.get(1).get(0).asString(""))) {
            return "an abort without an error expression: " + message;
        }
        String text = m.get(1).get(2).asString("");
        if (text.isBlank()) {
            return "an abort whose error names no problem: " + message;
        }
        return null;
    }

    /**
     * @param message  a message the session sent
     * @param probeId  the import ID of the probe call
     * @param expected the probe's expected answer
     * @return whether it is the probe's answer
     */
    public static boolean answersProbe(String message, int probeId, long expected) {
        return message.equals("[\"resolve\"," + probeId + "," + expected + "]");
    }
}
