package dev.capnweb.internal.codec;

import dev.capnweb.FetchHeaders;
import dev.capnweb.FetchRequest;
import dev.capnweb.FetchResponse;
import dev.capnweb.InvalidDate;
import dev.capnweb.RpcException;
import dev.capnweb.TypedBytes;
import dev.capnweb.Undefined;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints Java values as Cap'n Web expressions (reference-behaviour.md §1.11) straight into the
 * message's JSON text. Capabilities are handed to the {@link WriteContext}.
 */
final class ValueWriter {
    /** The reference's fixed serialization depth limit, which also catches cycles. */
    static final int MAX_DEPTH = 256;

    private final JsonOut g;
    private final WriteContext ctx;

    ValueWriter(JsonOut g, WriteContext ctx) {
        this.g = g;
        this.ctx = ctx;
    }

    void write(Object value, int depth) {
        if (depth >= MAX_DEPTH) {
            throw new RpcException("Error", "Serialization exceeded maximum allowed depth. (Does the message contain cycles?)");
        }
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            tag("bigint", big.toString());
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            writeDouble(((Number) value).doubleValue());
        } else if (value instanceof Number num) {
            writeDouble(num.doubleValue());
        } else if (value instanceof Undefined) {
            g.writeStartArray();
            g.writeString("undefined");
            g.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            writeMap(map, depth);
        } else if (value instanceof WireRef ref) {
            writeRef(ref, depth);
        } else if (value instanceof Collection<?> list) {
            g.writeStartArray();
            g.writeStartArray();
            for (Object item : list) {
                write(item, depth + 1);
            }
            g.writeEndArray();
            g.writeEndArray();
        } else if (value instanceof byte[] bytes) {
            tag("bytes", Base64Codec.encode(bytes, 0, bytes.length));
        } else if (value instanceof TypedBytes t) {
            g.writeStartArray();
            g.writeString("bytes");
            g.writeString(Base64Codec.encode(t.bytes(), 0, t.bytes().length));
            g.writeString(t.type());
            g.writeEndArray();
        } else if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            tag("bytes", Base64Codec.encode(bytes, 0, bytes.length));
        } else if (value instanceof Instant instant) {
            g.writeStartArray();
            g.writeString("date");
            g.writeNumber(instant.toEpochMilli());
            g.writeEndArray();
        } else if (value instanceof java.util.Date date) {
            g.writeStartArray();
            g.writeString("date");
            g.writeNumber(date.getTime());
            g.writeEndArray();
        } else if (value instanceof InvalidDate) {
            g.writeStartArray();
            g.writeString("date");
            g.writeNull();
            g.writeEndArray();
        } else if (value instanceof URI || value instanceof URL) {
            tag("url", value.toString());
        } else if (value instanceof Throwable t) {
            writeError(t, depth);
        } else if (value instanceof FetchHeaders h) {
            g.writeStartArray();
            g.writeString("headers");
            writePairs(h.entries());
            g.writeEndArray();
        } else if (value instanceof FetchRequest r) {
            g.writeStartArray();
            g.writeString("request");
            g.writeString(r.url());
            writeInit(r.init(), depth);
            g.writeEndArray();
        } else if (value instanceof FetchResponse r) {
            g.writeStartArray();
            g.writeString("response");
            write(r.body(), depth + 1);
            writeInit(r.init() == null ? Map.of() : r.init(), depth);
            g.writeEndArray();
        } else if (value.getClass().isArray() && !(value instanceof byte[])) {
            g.writeStartArray();
            g.writeStartArray();
            for (int i = 0; i < Array.getLength(value); i++) {
                write(Array.get(value, i), depth + 1);
            }
            g.writeEndArray();
            g.writeEndArray();
        } else {
            writeOther(value, depth);
        }
    }

    private void writeOther(Object value, int depth) {
        WireRef ref = ctx.exportCapability(value);
        if (ref != null) {
            writeRef(ref, depth);
        } else if (value.getClass().isRecord()) {
            writeRecord(value, depth);
        } else {
            writeMap(bean(value), depth);
        }
    }

    private void tag(String tag, String text) {
        g.writeStartArray();
        g.writeString(tag);
        g.writeString(text);
        g.writeEndArray();
    }

    private void writeDouble(double d) {
        if (Double.isNaN(d)) {
            g.writeStartArray();
            g.writeString("nan");
            g.writeEndArray();
        } else if (Double.isInfinite(d)) {
            g.writeStartArray();
            g.writeString(d > 0 ? "inf" : "-inf");
            g.writeEndArray();
        } else {
            g.writeNumber(JsNumbers.format(d));
        }
    }

    private void writeMap(Map<?, ?> map, int depth) {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw cannotSerialize(map);
            }
            g.writeName(key);
            write(e.getValue(), depth + 1);
        }
        g.writeEndObject();
    }

    private void writeRecord(Object record, int depth) {
        g.writeStartObject();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object v;
            try {
                var accessor = c.getAccessor();
                accessor.setAccessible(true);
                v = accessor.invoke(record);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw cannotSerialize(record);
            }
            g.writeName(c.getName());
            write(v, depth + 1);
        }
        g.writeEndObject();
    }

    /** A Java bean outside the JDK, as Jackson sees its properties; anything else cannot travel. */
    private static Map<?, ?> bean(Object value) {
        String pkg = value.getClass().getPackageName();
        if (pkg.startsWith("java.") || pkg.startsWith("javax.") || pkg.startsWith("jdk.") || pkg.startsWith("sun.")) {
            throw cannotSerialize(value);
        }
        try {
            Map<?, ?> map = Json.MAPPER.convertValue(value, LinkedHashMap.class);
            if (map == null || map.isEmpty()) {
                throw cannotSerialize(value);
            }
            return map;
        } catch (RuntimeException e) {
            if (e instanceof RpcException) {
                throw e;
            }
            throw cannotSerialize(value);
        }
    }

    static RpcException cannotSerialize(Object value) {
        String text;
        try {
            text = String.valueOf(value);
        } catch (RuntimeException e) {
            text = "(couldn't stringify value)";
        }
        return new RpcException("TypeError", "Cannot serialize value: " + text);
    }

    private void writePairs(List<Map.Entry<String, String>> pairs) {
        g.writeStartArray();
        for (Map.Entry<String, String> e : pairs) {
            g.writeStartArray();
            g.writeString(e.getKey());
            g.writeString(e.getValue());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    /** Request/response init: only the body is an expression; the other fields travel as plain JSON. */
    private void writeInit(Map<String, Object> init, int depth) {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : init.entrySet()) {
            g.writeName(e.getKey());
            if (e.getKey().equals("body")) {
                write(e.getValue(), depth + 2);
            } else {
                writeRaw(e.getValue());
            }
        }
        g.writeEndObject();
    }

    private void writeRaw(Object v) {
        if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writeRaw(item);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeName(String.valueOf(e.getKey()));
                writeRaw(e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof FetchHeaders h) {
            writePairs(h.entries());
        } else {
            write(v, 0);
        }
    }

    private void writeError(Throwable original, int depth) {
        if (original instanceof RpcException re && re.hasValue()) {
            write(re.value(), depth);
            return;
        }
        Throwable replacement = ctx.onSendError(original);
        Throwable e = replacement != null ? replacement : original;
        String stack = null;
        if (replacement != null) {
            stack = e instanceof RpcException re && re.remoteStack() != null ? re.remoteStack() : stackText(e);
        }
        Map<String, Object> props = e instanceof RpcException re ? re.properties() : Map.of();
        Map<String, String> printed = new LinkedHashMap<>();
        for (Map.Entry<String, Object> p : props.entrySet()) {
            String json = WireWriter.tryValue(p.getValue(), ctx, depth + 2);
            if (json != null) {
                printed.put(p.getKey(), json);
            }
        }
        g.writeStartArray();
        g.writeString("error");
        g.writeString(ErrorNames.of(e));
        g.writeString(e.getMessage() == null ? "" : e.getMessage());
        if (!printed.isEmpty()) {
            if (stack == null) {
                g.writeNull();
            } else {
                g.writeString(stack);
            }
            g.writeStartObject();
            for (Map.Entry<String, String> p : printed.entrySet()) {
                g.writeName(p.getKey());
                g.writeRawValue(p.getValue());
            }
            g.writeEndObject();
        } else if (stack != null) {
            g.writeString(stack);
        }
        g.writeEndArray();
    }

    private static String stackText(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    void writeRef(WireRef ref, int depth) {
        g.writeStartArray();
        if (ref instanceof WireRef.Import i) {
            g.writeString(i.pipeline() ? "pipeline" : "import");
            g.writeNumber(i.id());
            if (i.path() != null || i.args() != null) {
                writePath(i.path() == null ? List.of() : i.path());
            }
            if (i.args() != null) {
                g.writeStartArray();
                for (Object a : (List<?>) i.args().value()) {
                    write(a, depth + 1);
                }
                g.writeEndArray();
            }
        } else if (ref instanceof WireRef.Export e) {
            idTag("export", e.id());
        } else if (ref instanceof WireRef.Promise p) {
            idTag("promise", p.id());
        } else if (ref instanceof WireRef.Writable w) {
            idTag("writable", w.id());
        } else if (ref instanceof WireRef.Readable r) {
            idTag("readable", r.id());
        } else if (ref instanceof WireRef.Blob b) {
            g.writeString("blob");
            g.writeString(b.type());
            write(b.content().value(), depth + 1);
        } else if (ref instanceof WireRef.Remap m) {
            g.writeString("remap");
            g.writeNumber(m.id());
            writePath(m.path());
            g.writeStartArray();
            for (WireRef.Capture c : m.captures()) {
                g.writeStartArray();
                g.writeString(c.export() ? "export" : "import");
                g.writeNumber(c.id());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeRawValue(m.instructionsJson());
        }
        g.writeEndArray();
    }

    private void idTag(String tag, long id) {
        g.writeString(tag);
        g.writeNumber(id);
    }

    JsonOut out() {
        return g;
    }

    void writePath(List<Object> path) {
        g.writeStartArray();
        for (Object p : path) {
            if (p instanceof String s) {
                g.writeString(s);
            } else if (p instanceof Long || p instanceof Integer) {
                g.writeNumber(((Number) p).longValue());
            } else {
                writeDouble(((Number) p).doubleValue());
            }
        }
        g.writeEndArray();
    }
}
