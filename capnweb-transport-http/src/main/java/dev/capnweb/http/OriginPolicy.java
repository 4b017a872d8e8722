package dev.capnweb.http;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Which browser origins may open sessions. Browsers send an {@code Origin} header with every
 * cross-origin request and every WebSocket handshake, and a page cannot forge it; so a server
 * that lists the origins of its own pages keeps other sites from calling it with a visitor's
 * cookies. Requests without an {@code Origin} header (non-browser clients) are allowed, since
 * the header proves nothing about them.
 *
 * @param allowed the origins allowed, e.g. {@code https://app.example.com}; null means any
 */
public record OriginPolicy(Set<String> allowed) {
    /** Copies the set. */
    public OriginPolicy {
        allowed = allowed == null ? null : Set.copyOf(allowed);
    }

    /** @return a policy that allows every origin (the default) */
    public static OriginPolicy any() {
        return new OriginPolicy(null);
    }

    /**
     * @param origins scheme, host and port as browsers send them, e.g. {@code http://127.0.0.1:8080}
     * @return a policy that allows only these origins (and requests without an Origin header)
     */
    public static OriginPolicy only(String... origins) {
        Arrays.stream(origins).forEach(o -> Objects.requireNonNull(o, "origin"));
        return new OriginPolicy(Set.of(origins));
    }

    /**
     * @param origin the request's {@code Origin} header, or null when absent
     * @return whether a session may be opened
     */
    public boolean allows(String origin) {
        return origin == null || allowed == null || allowed.contains(origin);
    }
}
