package dev.capnweb.internal.dispatch;

import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;
import dev.capnweb.Undefined;

import java.lang.reflect.Type;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Converts received values to beans and other types the dispatcher does not build itself.
 *
 * <p>The mapper is configured for values chosen by a peer:
 * <ul>
 *   <li>no default typing, and a polymorphic type validator that allows no class at all, so no
 *       wire data can name a Java class to instantiate (annotation-driven {@code @JsonTypeInfo}
 *       with class names fails; name-based ids limited to declared subtypes still work);</li>
 *   <li>{@code java.lang.Class}, {@code InetAddress} and {@code InetSocketAddress} are never
 *       deserialized (class loading by name; DNS lookups on the session's read loop);</li>
 *   <li>unknown properties are ignored, because a TypeScript peer may send objects with more
 *       properties than the Java type declares and JavaScript ignores extra properties;</li>
 *   <li>no scalar coercion: strings do not become numbers or booleans, numbers and booleans do
 *       not become strings, fractions do not become integers; {@code null} for a primitive field fails.</li>
 * </ul>
 * Values holding stubs, targets, functions or promises are refused before Jackson sees them:
 * they are capabilities, not data.
 */
final class JacksonBridge {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .deactivateDefaultTyping()
            .polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder().build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, cfg -> cfg
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .addModule(refusals())
            .build();

    private JacksonBridge() {
    }

    private static SimpleModule refusals() {
        SimpleModule m = new SimpleModule("capnweb-refusals");
        m.addDeserializer(Class.class, new Refuse<>("Class"));
        m.addDeserializer(InetAddress.class, new Refuse<>("InetAddress"));
        m.addDeserializer(InetSocketAddress.class, new Refuse<>("InetSocketAddress"));
        return m;
    }

    /** A deserializer that always fails: the type must not be built from wire data. */
    private static final class Refuse<T> extends ValueDeserializer<T> {
        private final String name;

        Refuse(String name) {
            this.name = name;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) {
            return ctxt.reportInputMismatch(this, "%s values cannot be received over RPC", name);
        }
    }

    /** @return whether Jackson may be asked to build {@code raw} at top level */
    static boolean accepts(Class<?> raw) {
        if (raw == Class.class || ClassLoader.class.isAssignableFrom(raw) || Thread.class.isAssignableFrom(raw)
                || RpcStub.class.isAssignableFrom(raw) || RpcTarget.class.isAssignableFrom(raw)
                || CompletionStage.class.isAssignableFrom(raw) || java.util.concurrent.Flow.Publisher.class.isAssignableFrom(raw)
                || dev.capnweb.StreamSink.class.isAssignableFrom(raw) || raw == dev.capnweb.Blob.class || raw == InetAddress.class
                || raw == InetSocketAddress.class) {
            return false;
        }
        String pkg = raw.getPackageName();
        return !pkg.equals("java.lang.reflect") && !pkg.equals("java.lang.invoke");
    }

    /**
     * @return {@code value} converted to {@code type}
     * @throws ConversionFailure when it holds a capability or Jackson cannot convert it
     */
    static Object convert(Object value, Type type) throws ConversionFailure {
        Object data = sanitize(value, type);
        try {
            JavaType javaType = MAPPER.constructType(type);
            return MAPPER.convertValue(data, javaType);
        } catch (IllegalArgumentException | JacksonException e) {
            throw new ConversionFailure(reason(e));
        }
    }

    /** Copies the tree without {@code undefined}, refusing capabilities. */
    private static Object sanitize(Object value, Type type) throws ConversionFailure {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() != Undefined.INSTANCE) {
                    out.put(String.valueOf(e.getKey()), sanitize(e.getValue(), type));
                }
            }
            return out;
        }
        List<?> elements = value instanceof byte[] ? null : ArgumentConverter.elements(value);
        if (elements != null) {
            List<Object> out = new ArrayList<>(elements.size());
            for (Object x : elements) {
                out.add(x == Undefined.INSTANCE ? null : sanitize(x, type));
            }
            return out;
        }
        if (value instanceof RpcStub || value instanceof RpcTarget || value instanceof CompletionStage
                || Dispatcher.isFunction(value)) {
            throw new ConversionFailure("a " + ArgumentConverter.describe(value) + " cannot be converted to "
                    + ArgumentConverter.typeName(type) + " (declare the parameter or record component as RpcStub)");
        }
        return value == Undefined.INSTANCE ? null : value;
    }

    private static String reason(RuntimeException e) {
        Throwable t = e;
        while (!(t instanceof JacksonException) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t instanceof JacksonException je ? je.getOriginalMessage() : t.getMessage();
        if (msg == null) {
            msg = t.getClass().getSimpleName();
        }
        int nl = msg.indexOf('\n');
        if (nl >= 0) {
            msg = msg.substring(0, nl);
        }
        return msg.length() > 200 ? msg.substring(0, 200) + "…" : msg;
    }
}
