package dev.capnweb.internal.codec;

import java.net.URI;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the Fetch API constructors the reference hands {@code headers}, {@code request} and
 * {@code response} values to ({@code new Headers}, {@code new Request}, {@code new Response}) refuse,
 * with the texts of Node's implementation (undici), which the reference runs on in Node: header
 * names must be HTTP tokens and values free of NUL, CR and LF; a request needs an absolute URL
 * without credentials, a valid and allowed method, no body with GET or HEAD, and known enum values;
 * a response status lies in 200-599 and a body is refused for 204, 205 and 304.
 */
final class FetchRules {
    private static final Set<String> FORBIDDEN_METHODS = Set.of("CONNECT", "TRACE", "TRACK");
    private static final Set<String> NORMALIZED_METHODS = Set.of("DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT");
    private static final Set<Integer> NULL_BODY_STATUS = Set.of(101, 204, 205, 304);
    /** The RequestInit enums in the order undici converts them, each with its values in order. */
    private static final List<Map.Entry<String, List<String>>> ENUMS = List.of(
            Map.entry("referrerPolicy", List.of("", "no-referrer", "no-referrer-when-downgrade", "same-origin", "origin",
                    "strict-origin", "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url")),
            Map.entry("mode", List.of("navigate", "same-origin", "no-cors", "cors")),
            Map.entry("credentials", List.of("omit", "same-origin", "include")),
            Map.entry("cache", List.of("default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached")),
            Map.entry("redirect", List.of("follow", "manual", "error")),
            Map.entry("duplex", List.of("half")));
    private static final String HEADERS_NOT_CONVERTIBLE = "Headers constructor: Argument 1 could not be converted to "
            + "one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.";

    private FetchRules() {
    }

    /** @param raw the wire list of a {@code ["headers", list]} value @return its pairs as strings */
    static List<Map.Entry<String, String>> headers(List<?> raw) {
        List<Map.Entry<String, String>> pairs = convertHeaders(raw, "Headers contructor: init");
        fillHeaders(pairs, raw);
        return pairs;
    }

    /** Checks a request's URL and init (already evaluated by the caller) as {@code new Request(url, init)} does. */
    static void request(String url, Map<String, Object> init) {
        for (Map.Entry<String, List<String>> e : ENUMS) {
            if (init.containsKey(e.getKey())) {
                String value = jsString(init.get(e.getKey()));
                if (!e.getValue().contains(value)) {
                    throw type("Request constructor: " + value + " is not an accepted type. Expected one of "
                            + String.join(", ", e.getValue()) + ".");
                }
            }
        }
        List<Map.Entry<String, String>> headers = init.get("headers") instanceof List<?> raw
                ? convertHeaders(raw, "Request constructor: init.headers") : null;
        URI parsed = JsUrls.parse(url);
        if (parsed == null) {
            throw type("Failed to parse URL from " + url);
        }
        if (parsed.getRawUserInfo() != null) {
            throw type("Request cannot be constructed from a URL that includes credentials: " + url);
        }
        if (init.containsKey("window") && init.get("window") != null) {
            throw type("'window' option 'client' must be null");
        }
        if (init.containsKey("referrer")) {
            String referrer = jsString(init.get("referrer"));
            if (!referrer.isEmpty() && JsUrls.parse(referrer) == null) {
                throw type("Referrer \"" + referrer + "\" is not a valid URL.");
            }
        }
        if ("navigate".equals(init.get("mode"))) {
            throw type("Request constructor: invalid request mode navigate.");
        }
        if ("only-if-cached".equals(init.get("cache")) && !"same-origin".equals(init.get("mode"))) {
            throw type("'only-if-cached' can be set only with 'same-origin' mode");
        }
        String method = "GET";
        if (init.containsKey("method")) {
            method = jsString(init.get("method"));
            if (!token(method)) {
                throw type("'" + method + "' is not a valid HTTP method.");
            }
            String upper = method.toUpperCase(Locale.ROOT);
            if (FORBIDDEN_METHODS.contains(upper)) {
                throw type("'" + method + "' HTTP method is unsupported.");
            }
            if (NORMALIZED_METHODS.contains(upper)) {
                method = upper;
            }
        }
        fillInitHeaders(headers, init);
        if (init.get("body") != null && (method.equals("GET") || method.equals("HEAD"))) {
            throw type("Request with GET/HEAD method cannot have body.");
        }
    }

    /** Checks a response's init as {@code new Response(body, init)} does. */
    static void response(Object body, Map<String, Object> init) {
        // "undefined: undefined" is undici's own text for the Response init's headers.
        List<Map.Entry<String, String>> headers = init.get("headers") instanceof List<?> raw
                ? convertHeaders(raw, "undefined: undefined.headers") : null;
        int status = init.containsKey("status") ? unsignedShort(init.get("status")) : 200;
        String statusText = init.containsKey("statusText") ? byteString(jsString(init.get("statusText"))) : "";
        if (status < 200 || status > 599) {
            throw new WireFormatException("RangeError", "init[\"status\"] must be in the range of 200 to 599, inclusive.");
        }
        for (int i = 0; i < statusText.length(); i++) {
            char c = statusText.charAt(i);
            if (!(c == '\t' || (c >= ' ' && c != 127))) {
                throw type("Invalid statusText");
            }
        }
        fillInitHeaders(headers, init);
        if (body != null && NULL_BODY_STATUS.contains(status)) {
            throw type("Response constructor: Invalid response status code " + status);
        }
    }

    /** The init's headers, if it has the key: a list is filled; anything else (only falsy values get here) is refused. */
    private static void fillInitHeaders(List<Map.Entry<String, String>> converted, Map<String, Object> init) {
        if (converted != null) {
            fillHeaders(converted, (List<?>) init.get("headers"));
        } else if (init.containsKey("headers")) {
            throw type(HEADERS_NOT_CONVERTIBLE);
        }
    }

    /** WebIDL's {@code sequence<sequence<ByteString>>}: each entry iterable, each element a byte string. */
    private static List<Map.Entry<String, String>> convertHeaders(List<?> raw, String where) {
        List<Map.Entry<String, String>> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof List<?> pair)) {
                Object entry = raw.get(i);
                String shown = entry instanceof Map<?, ?> ? "" : " (" + (entry instanceof String str ? JsonTree.print(str)
                        : jsString(entry)) + ")";
                throw type(where + "[" + i + "]" + shown + " is not iterable.");
            }
            String name = pair.size() > 0 ? byteString(jsString(pair.get(0))) : "";
            String value = pair.size() > 1 ? byteString(jsString(pair.get(1))) : "";
            for (int j = 2; j < pair.size(); j++) {
                byteString(jsString(pair.get(j)));
            }
            out.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        }
        return out;
    }

    /** The Headers fill algorithm's checks, in order, on the converted pairs (raw gives each pair's length). */
    private static void fillHeaders(List<Map.Entry<String, String>> pairs, List<?> raw) {
        for (int i = 0; i < pairs.size(); i++) {
            int length = ((List<?>) raw.get(i)).size();
            if (length != 2) {
                throw type("Headers constructor: expected name/value pair to be length 2, found " + length + ".");
            }
            String name = pairs.get(i).getKey();
            if (!token(name)) {
                throw type("Headers.append: \"" + name + "\" is an invalid header name.");
            }
            String value = trimHttpWhitespace(pairs.get(i).getValue());
            if (value.indexOf('\0') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw type("Headers.append: \"" + value + "\" is an invalid header value.");
            }
        }
    }

    private static String byteString(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 255) {
                throw type("Cannot convert argument to a ByteString because the character at index " + i
                        + " has a value of " + (int) s.charAt(i) + " which is greater than 255.");
            }
        }
        return s;
    }

    /** RFC 9110 token: one or more of the characters a header name or method may hold. */
    private static boolean token(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 128 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String trimHttpWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && " \t\r\n".indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && " \t\r\n".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    /** WebIDL {@code unsigned short} as undici converts it: ToNumber, truncated, remainder of 2^16 (NaN and infinities are 0). */
    private static int unsignedShort(Object v) {
        double d = toNumber(v);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return 0;
        }
        double truncated = d < 0 ? Math.ceil(d) : Math.floor(d);
        // JavaScript's % keeps the dividend's sign, and undici does not wrap a negative result.
        return (int) (truncated % 65536);
    }

    private static double toNumber(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        String s = jsString(v).strip();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** JavaScript's {@code String(v)} for a JSON value. */
    static String jsString(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Long l) {
            return l.toString();
        }
        if (v instanceof Double d) {
            return d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : JsNumbers.format(d);
        }
        if (v instanceof List<?> list) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                if (list.get(i) != null) {
                    out.append(jsString(list.get(i)));
                }
            }
            return out.toString();
        }
        if (v instanceof Map<?, ?>) {
            return "[object Object]";
        }
        return String.valueOf(v);
    }

    private static WireFormatException type(String message) {
        return new WireFormatException("TypeError", message);
    }
}
