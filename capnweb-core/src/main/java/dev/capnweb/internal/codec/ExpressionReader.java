package dev.capnweb.internal.codec;

import dev.capnweb.FetchHeaders;
import dev.capnweb.FetchRequest;
import dev.capnweb.FetchResponse;
import dev.capnweb.InvalidDate;
import dev.capnweb.RpcException;
import dev.capnweb.TypedBytes;
import dev.capnweb.Undefined;

import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Evaluates a JSON value read by {@link JsonTree} as a Cap'n Web expression, in place and in
 * document order, with the reference's rules (reference-behaviour.md §1.4) and error texts.
 * References to capabilities are left as {@link WireRef}s and recorded with where they sit.
 */
final class ExpressionReader {
    /** Keys a TypeScript receiver drops: {@code Object.prototype} names and {@code toJSON}. */
    static final Set<String> BLOCKED_KEYS = Set.of("__proto__", "constructor", "hasOwnProperty", "isPrototypeOf",
            "propertyIsEnumerable", "toString", "toLocaleString", "valueOf", "__defineGetter__", "__defineSetter__",
            "__lookupGetter__", "__lookupSetter__", "toJSON");
    private static final double MAX_DATE_MS = 8.64e15;
    private static final Consumer<Object> NOWHERE = v -> { };

    private final CodecLimits limits;

    ExpressionReader(CodecLimits limits) {
        this.limits = limits;
    }

    Parsed root(Object json, int depth) {
        List<RefSlot> refs = new ArrayList<>();
        Parsed parsed = new Parsed(null, refs);
        parsed.setValue(eval(json, depth, refs, parsed::setValue, false));
        return parsed;
    }

    private Object eval(Object json, int depth, List<RefSlot> refs, Consumer<Object> place, boolean discard) {
        if (depth >= limits.maxDepth()) {
            throw new WireFormatException("TypeError",
                    "Deserialization exceeded maximum allowed message depth of " + limits.maxDepth() + ".");
        }
        if (json instanceof List<?> raw) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) raw;
            if (list.size() == 1 && list.get(0) instanceof List<?> innerRaw) {
                @SuppressWarnings("unchecked")
                List<Object> inner = (List<Object>) innerRaw;
                for (int i = 0; i < inner.size(); i++) {
                    int index = i;
                    inner.set(i, eval(inner.get(i), depth + 1, refs, v -> inner.set(index, v), discard));
                }
                return inner;
            }
            return tagged(list, depth, refs, place, discard);
        }
        if (json instanceof Map<?, ?> raw) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) raw;
            for (String key : new ArrayList<>(map.keySet())) {
                if (BLOCKED_KEYS.contains(key)) {
                    eval(map.remove(key), depth + 1, refs, NOWHERE, true);
                } else {
                    map.put(key, eval(map.get(key), depth + 1, refs, v -> map.put(key, v), discard));
                }
            }
            return map;
        }
        return json;
    }

    private Object tagged(List<Object> v, int depth, List<RefSlot> refs, Consumer<Object> place, boolean discard) {
        if (v.isEmpty() || !(v.get(0) instanceof String tag)) {
            throw unknown(v);
        }
        int n = v.size();
        switch (tag) {
            case "bigint":
                if (n >= 2 && v.get(1) instanceof String digits) {
                    return bigint(digits);
                }
                break;
            case "date":
                if (n >= 2 && v.get(1) == null) {
                    return InvalidDate.INSTANCE;
                }
                if (n >= 2 && v.get(1) instanceof Number ms) {
                    double d = ms.doubleValue();
                    return Math.abs(d) > MAX_DATE_MS ? InvalidDate.INSTANCE : Instant.ofEpochMilli((long) d);
                }
                break;
            case "bytes":
                if (n >= 2 && v.get(1) instanceof String b64) {
                    return bytes(b64, n >= 3 ? v.get(2) : null, n >= 3);
                }
                break;
            case "error":
                if (n >= 3 && v.get(1) instanceof String name && v.get(2) instanceof String message) {
                    return error(v, name, message, depth, refs, discard);
                }
                break;
            case "undefined":
                if (n == 1) {
                    return Undefined.INSTANCE;
                }
                break;
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            case "nan":
                return Double.NaN;
            case "url":
                if (n == 2 && v.get(1) instanceof String href) {
                    return url(href);
                }
                break;
            case "headers":
                if (n == 2 && v.get(1) instanceof List<?> pairs) {
                    return new FetchHeaders(FetchRules.headers(pairs));
                }
                break;
            case "request":
                if (n == 3 && v.get(1) instanceof String url && (v.get(2) instanceof Map<?, ?> || v.get(2) instanceof List<?>)) {
                    // An array is an object too: new Request(url, []) takes it as an empty init.
                    return request(url, v.get(2) instanceof Map<?, ?> init ? init : new LinkedHashMap<>(), depth, refs, discard);
                }
                break;
            case "response":
                if (n == 3) {
                    return response(v, depth, refs, place, discard);
                }
                break;
            case "blob":
                if (n == 3 && v.get(1) instanceof String type) {
                    List<RefSlot> inner = new ArrayList<>();
                    Parsed content = new Parsed(null, inner);
                    content.setValue(eval(v.get(2), depth + 1, inner, content::setValue, discard));
                    return ref(new WireRef.Blob(type, content), refs, place, discard);
                }
                break;
            case "import":
            case "pipeline":
                if (n >= 2 && n <= 4 && v.get(1) instanceof Number id && integral(id)) {
                    List<Object> path = n >= 3 ? path(v.get(2)) : null;
                    if (n >= 3 && path == null) {
                        break;
                    }
                    Parsed args = null;
                    if (n == 4) {
                        if (!(v.get(3) instanceof List<?> rawArgs)) {
                            break;
                        }
                        List<Object> argList = new ArrayList<>(rawArgs);
                        List<RefSlot> argRefs = new ArrayList<>();
                        for (int i = 0; i < argList.size(); i++) {
                            int index = i;
                            argList.set(i, eval(argList.get(i), depth + 1, argRefs, x -> argList.set(index, x), discard));
                        }
                        args = new Parsed(argList, argRefs);
                    }
                    return ref(new WireRef.Import(tag.equals("pipeline"), id.longValue(), path, args), refs, place, discard);
                }
                break;
            case "remap":
                if (n == 5 && v.get(1) instanceof Number id && integral(id) && v.get(2) instanceof List<?>
                        && v.get(3) instanceof List<?> captures && v.get(4) instanceof List<?> instructions) {
                    List<Object> path = path(v.get(2));
                    if (path == null) {
                        break;
                    }
                    List<WireRef.Capture> caps = new ArrayList<>();
                    for (Object c : captures) {
                        caps.add(capture(c));
                    }
                    return ref(new WireRef.Remap(id.longValue(), path, List.copyOf(caps), JsonTree.print(instructions)),
                            refs, place, discard);
                }
                break;
            case "export":
            case "promise":
            case "writable":
            case "readable":
                if (n >= 2 && v.get(1) instanceof Number id && integral(id)) {
                    long i = id.longValue();
                    WireRef r = switch (tag) {
                        case "export" -> new WireRef.Export(i);
                        case "promise" -> new WireRef.Promise(i);
                        case "writable" -> new WireRef.Writable(i);
                        default -> new WireRef.Readable(i);
                    };
                    return ref(r, refs, place, discard);
                }
                break;
            default:
                break;
        }
        throw unknown(v);
    }

    private static WireRef ref(WireRef r, List<RefSlot> refs, Consumer<Object> place, boolean discard) {
        refs.add(new RefSlot(r, place, discard));
        return r;
    }

    static WireFormatException unknown(Object value) {
        return new WireFormatException("TypeError", "unknown special value: " + JsonTree.print(value));
    }

    private static boolean integral(Number n) {
        return n instanceof Long || (n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue()));
    }

    private BigInteger bigint(String digits) {
        if (digits.length() > limits.maxBigIntDigits()) {
            throw new WireFormatException("TypeError",
                    "Deserialized bigint exceeds maximum length of " + limits.maxBigIntDigits() + " digits.");
        }
        return JsBigInts.parse(digits);
    }

    private static Object bytes(String b64, Object marker, boolean hasMarker) {
        byte[] data = Base64Codec.decode(b64);
        if (!hasMarker) {
            return data;
        }
        if (!(marker instanceof String type)) {
            throw new WireFormatException("TypeError", "Unknown bytes type marker type: " + typeOf(marker));
        }
        if (!TypedBytes.TYPES.contains(type)) {
            throw new WireFormatException("TypeError",
                    "Unknown bytes type marker: " + (type.length() > 64 ? type.substring(0, 64) : type));
        }
        int size = TypedBytes.elementSize(type);
        if (data.length % size != 0) {
            throw new WireFormatException("TypeError",
                    "Invalid byte length " + data.length + " for " + type + "; expected a multiple of " + size);
        }
        return new TypedBytes(type, data);
    }

    private static String typeOf(Object v) {
        if (v instanceof Number) {
            return "number";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        return "object";
    }

    private Object error(List<Object> v, String name, String message, int depth, List<RefSlot> refs, boolean discard) {
        String stack = v.size() >= 4 && v.get(3) instanceof String s ? s : null;
        Map<String, Object> props = new LinkedHashMap<>();
        if (v.size() >= 5) {
            if (!(v.get(4) instanceof Map<?, ?> raw)) {
                throw unknown(v);
            }
            for (Map.Entry<?, ?> e : raw.entrySet()) {
                String key = (String) e.getKey();
                if (key.equals("name") || key.equals("message") || key.equals("stack")) {
                    continue;
                }
                if (BLOCKED_KEYS.contains(key)) {
                    eval(e.getValue(), depth + 1, refs, NOWHERE, true);
                } else {
                    props.put(key, eval(e.getValue(), depth + 1, refs, x -> props.put(key, x), discard));
                }
            }
        }
        return new RpcException(name, message, stack, props);
    }

    private static URI url(String href) {
        URI uri = JsUrls.parse(href);
        if (uri == null) {
            throw new WireFormatException("TypeError", "Invalid URL");
        }
        return uri;
    }

    private Object request(String url, Map<?, ?> rawInit, int depth, List<RefSlot> refs, boolean discard) {
        @SuppressWarnings("unchecked")
        Map<String, Object> init = (Map<String, Object>) rawInit;
        if (init.containsKey("body")) {
            Object body = eval(init.get("body"), depth + 1, refs, x -> init.put("body", x), discard);
            checkBody(body, "Request body must be of type ReadableStream.");
            init.put("body", body);
        }
        if (truthy(init.get("signal"))) {
            throw new WireFormatException("TypeError", "Request siganl must be of type AbortSignal.");
        }
        checkHeaders(init.get("headers"));
        FetchRules.request(url, init);
        return new FetchRequest(url, init);
    }

    private Object response(List<Object> v, int depth, List<RefSlot> refs, Consumer<Object> place, boolean discard) {
        Object rawInit = v.get(2);
        // The body is evaluated (and checked) before the init is looked at, as the reference does.
        Map<String, Object> init = new LinkedHashMap<>();
        // The record is immutable: a body stream, once resolved, replaces the whole response.
        Object body = eval(v.get(1), depth + 1, refs, x -> place.accept(new FetchResponse(x, init)), discard);
        checkBody(body, "Response body must be of type ReadableStream.");
        if (rawInit instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) m;
            init.putAll(fields);
        } else if (!(rawInit instanceof List<?>)) {
            throw unknown(v);
        }
        if (truthy(init.get("webSocket"))) {
            throw new WireFormatException("TypeError", "Can't deserialize a Response containing a webSocket.");
        }
        checkHeaders(init.get("headers"));
        FetchRules.response(body, init);
        return new FetchResponse(body, init);
    }

    private static void checkBody(Object body, String message) {
        if (!(body == null || body instanceof String || body instanceof byte[] || body instanceof WireRef.Readable
                || (body instanceof TypedBytes t && t.type().equals("Uint8Array")))) {
            throw new WireFormatException("TypeError", message);
        }
    }

    private static void checkHeaders(Object headers) {
        if (truthy(headers) && !(headers instanceof List<?>)) {
            throw new WireFormatException("TypeError", "Request headers must be serialized as an array of pairs.");
        }
    }

    private static boolean truthy(Object v) {
        return v != null && !Boolean.FALSE.equals(v) && !"".equals(v)
                && !(v instanceof Number num && (num.doubleValue() == 0 || Double.isNaN(num.doubleValue())));
    }

    private static List<Object> path(Object raw) {
        if (!(raw instanceof List<?> list)) {
            return null;
        }
        List<Object> out = new ArrayList<>(list.size());
        for (Object e : list) {
            if (e instanceof String) {
                out.add(e);
            } else if (e instanceof Number num) {
                out.add(num instanceof Long ? num : (Object) num.doubleValue());
            } else {
                return null;
            }
        }
        return List.copyOf(out);
    }

    private static WireRef.Capture capture(Object c) {
        if (c instanceof List<?> l && l.size() == 2 && l.get(1) instanceof Number id && integral(id)
                && ("import".equals(l.get(0)) || "export".equals(l.get(0)))) {
            return new WireRef.Capture("export".equals(l.get(0)), id.longValue());
        }
        throw new WireFormatException("TypeError", "unknown map capture: " + JsonTree.print(c));
    }
}
