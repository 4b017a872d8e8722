package dev.capnweb;

import java.util.List;
import java.util.Map;

/**
 * A Fetch API {@code Headers} object ({@code ["headers", [[name, value], ...]]}), kept as the
 * ordered list of pairs the peer sent.
 *
 * @param entries name/value pairs in wire order
 */
public record FetchHeaders(List<Map.Entry<String, String>> entries) {
    /** Copies the list. */
    public FetchHeaders {
        entries = List.copyOf(entries);
    }
}
