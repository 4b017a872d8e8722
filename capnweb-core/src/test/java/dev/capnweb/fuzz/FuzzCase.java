package dev.capnweb.fuzz;

import java.util.List;

/**
 * One generated case: the messages to send, in order, and what the suite may expect of them.
 *
 * @param index    the case's index, for {@code -Dcapnweb.fuzz.case}
 * @param kind     what the case is ("valid", or the mutation applied), for failure reports
 * @param messages the raw messages, in order
 * @param valid    whether every message is valid, so a session that survives must hold exactly
 *                 what the protocol says once the peer released everything
 */
public record FuzzCase(int index, String kind, List<String> messages, boolean valid) {
    /** Long messages are cut in reports; the case replays in full from its seed and index. */
    private static final int SHOWN = 300;

    /** @return the case for a failure report: index, kind and (shortened) messages */
    public String describe() {
        StringBuilder b = new StringBuilder("case ").append(index).append(" (").append(kind).append("):");
        for (String m : messages) {
            b.append("\n    ").append(m.length() > SHOWN ? m.substring(0, SHOWN) + "...(" + m.length() + " chars)" : m);
        }
        return b.toString();
    }
}
