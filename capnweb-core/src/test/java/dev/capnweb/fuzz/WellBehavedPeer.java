package dev.capnweb.fuzz;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The peer's bookkeeping, as a well-behaved Cap'n Web client keeps it: the IDs its push, stream
 * and pipe messages took, the stubs and promises the session exported to it (with their
 * refcounts), and the session's own calls, which it answers (pulls get a result, stream writes
 * an ack). {@link #releaseAll} then says what the peer must send to let go of everything, after
 * which the session must hold its main object only.
 */
public final class WellBehavedPeer {
    /** What the peer answers when the session pulls one of its calls to the peer. */
    public static final long CALLBACK_ANSWER = 1;

    private final Set<Integer> heldPushes = new LinkedHashSet<>();
    private final Map<Integer, Integer> heldExports = new LinkedHashMap<>();
    /** Pulls (and stream messages, which pull themselves) not answered yet. */
    private final Set<Integer> unanswered = new LinkedHashSet<>();
    private int nextImport = 1;
    private int nextSessionImport = 1;

    /** @return the ID the next push, stream or pipe the peer sends will take */
    public int nextImportId() {
        return nextImport;
    }

    /** Records a message the peer sent. */
    public void sent(String message) {
        JsonNode m = Verdicts.parse(message);
        if (m == null || !m.isArray() || m.isEmpty()) {
            return;
        }
        switch (m.get(0).asString("")) {
            case "push", "pipe" -> heldPushes.add(nextImport++);
            case "stream" -> unanswered.add(nextImport++);
            case "pull" -> {
                if (m.size() > 1 && m.get(1).isInt()) {
                    unanswered.add(m.get(1).intValue());
                }
            }
            case "release" -> {
                if (m.size() > 1 && m.get(1).isInt()) {
                    heldPushes.remove(m.get(1).intValue());
                    heldExports.remove(m.get(1).intValue());
                }
            }
            default -> {
            }
        }
    }

    /**
     * Records a message the session sent.
     *
     * @return the peer's answers to it (possibly none)
     */
    public List<String> received(String message) {
        List<String> replies = new ArrayList<>();
        JsonNode m = Verdicts.parse(message);
        if (m == null || !m.isArray() || m.isEmpty()) {
            return replies;
        }
        String type = m.get(0).asString("");
        switch (type) {
            case "push" -> {
                nextSessionImport++;
                countExports(m.get(1));
            }
            case "stream" -> {
                replies.add("[\"resolve\"," + nextSessionImport++ + ",[\"undefined\"]]");
                countExports(m.get(1));
            }
            case "pipe" -> nextSessionImport++;
            case "pull" -> replies.add("[\"resolve\"," + m.get(1).asInt() + "," + CALLBACK_ANSWER + "]");
            case "resolve", "reject" -> {
                if (m.size() > 1 && m.get(1).isInt()) {
                    unanswered.remove(m.get(1).intValue());
                }
                countExports(m.get(2));
            }
            default -> {
            }
        }
        return replies;
    }

    /** @return how many of the peer's pulls the session had not answered yet */
    public int unansweredPulls() {
        return unanswered.size();
    }

    /** @return the releases that drop everything the peer holds; afterwards it holds nothing */
    public List<String> releaseAll() {
        List<String> out = new ArrayList<>();
        for (int id : heldPushes) {
            out.add("[\"release\"," + id + ",1]");
        }
        heldExports.forEach((id, count) -> out.add("[\"release\"," + id + "," + count + "]"));
        heldPushes.clear();
        heldExports.clear();
        return out;
    }

    /** Counts every {@code export} and {@code promise} in an expression: each is one reference. */
    private void countExports(JsonNode expr) {
        if (expr == null) {
            return;
        }
        if (expr.isObject()) {
            for (JsonNode v : expr) {
                countExports(v);
            }
            return;
        }
        if (!expr.isArray() || expr.isEmpty()) {
            return;
        }
        if (expr.size() == 1 && expr.get(0).isArray()) {
            for (JsonNode e : expr.get(0)) {
                countExports(e);
            }
            return;
        }
        String tag = expr.get(0).isString() ? expr.get(0).stringValue() : "";
        if ((tag.equals("export") || tag.equals("promise")) && expr.size() > 1) {
            heldExports.merge(expr.get(1).asInt(), 1, Integer::sum);
            return;
        }
        if (tag.equals("pipeline") || tag.equals("import")) {
            // The arguments, if any, are a plain list of expressions, not an escaped array.
            if (expr.size() > 3) {
                for (JsonNode arg : expr.get(3)) {
                    countExports(arg);
                }
            }
            return;
        }
        for (int i = 1; i < expr.size(); i++) {
            countExports(expr.get(i));
        }
    }
}
