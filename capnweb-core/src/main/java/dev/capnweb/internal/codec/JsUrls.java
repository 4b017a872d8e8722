package dev.capnweb.internal.codec;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Parses an absolute URL the way the reference's {@code new URL(text)} accepts it, as far as
 * {@link URI} can hold it: the WHATWG URL parser drops surrounding C0 controls and spaces and any
 * tab or newline, percent-encodes characters after the host that RFC 3986 does not allow, and
 * refuses a relative URL or a port above 65535.
 */
final class JsUrls {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsUrls() {
    }

    /** @param text the URL as sent @return the URL, or null where the reference's parser refuses it */
    static URI parse(String text) {
        String cleaned = clean(text);
        URI uri = tryParse(cleaned);
        if (uri == null) {
            uri = tryParse(encodeAfterAuthority(cleaned));
        }
        if (uri == null || !uri.isAbsolute() || uri.getPort() > 65535) {
            return null;
        }
        return uri;
    }

    private static URI tryParse(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String clean(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) <= ' ') {
            end--;
        }
        String trimmed = text.substring(start, end);
        if (trimmed.indexOf('\t') < 0 && trimmed.indexOf('\n') < 0 && trimmed.indexOf('\r') < 0) {
            return trimmed;
        }
        StringBuilder out = new StringBuilder(trimmed.length());
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Percent-encodes what RFC 3986 refuses in the path, query and fragment; the host is left as it is. */
    private static String encodeAfterAuthority(String text) {
        int from = text.indexOf(':') + 1;
        if (text.startsWith("//", from)) {
            from += 2;
            while (from < text.length() && "/?#".indexOf(text.charAt(from)) < 0) {
                from++;
            }
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, from);
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean escape = c <= ' ' || c == 127 || "\"<>\\^`{|}".indexOf(c) >= 0
                    || (c == '%' && !(i + 2 < text.length() && hex(text.charAt(i + 1)) && hex(text.charAt(i + 2))));
            if (escape) {
                out.append('%').append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }
}
