package dev.capnweb.spi;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a server knows about the connection a new session arrives on, handed to the factory that
 * makes the session's main object (e.g. to read a cookie or the remote address).
 *
 * @param transport     {@code "http-batch"}, {@code "websocket"} or another transport's name
 * @param path          the request path the session was opened on
 * @param remoteAddress the peer's address
 * @param headers       the request headers, names in lower case
 */
public record ConnectionInfo(String transport, String path, InetSocketAddress remoteAddress,
                             Map<String, List<String>> headers) {
    /** Copies the headers into an unmodifiable map keyed by lower-case names. */
    public ConnectionInfo {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(path, "path");
        Map<String, List<String>> copy = new TreeMap<>();
        if (headers != null) {
            // One immutable list per name; a list that is one already (List.of) is kept, not copied.
            headers.forEach((name, values) -> copy.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
                    (earlier, more) -> {
                        List<String> joined = new ArrayList<>(earlier);
                        joined.addAll(more);
                        return List.copyOf(joined);
                    }));
        }
        headers = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * @param name a header name, any case
     * @return its first value, if present
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
