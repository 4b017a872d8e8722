package dev.capnweb.internal.dispatch;

import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;
import dev.capnweb.TypedBytes;
import dev.capnweb.Undefined;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Converts received values to declared Java types.
 *
 * <p>A converter is compiled once per {@link Type} and cached. Rules, in order:
 * <ul>
 *   <li>{@code null} and {@link Undefined} give {@code null} (an empty {@code Optional}); a primitive
 *       type refuses them.</li>
 *   <li>A value that already is an instance gives itself, so {@code Object}, {@code RpcStub},
 *       {@code List<Object>} or {@code Map<String, ?>} parameters receive the raw value.</li>
 *   <li>Numbers convert only exactly: {@code 3L} or {@code 3.0} to {@code int}, never {@code 2.5}
 *       or an out-of-range value; any number to {@code double}. Strings never become numbers and
 *       numbers never become strings (JavaScript has no such implicit conversion either).</li>
 *   <li>Arrays, collections, maps and {@code Optional} are converted element by element
 *       (generic element types included); records are built from an object's own entries by their
 *       canonical constructor (unknown entries ignored, a missing primitive component refused),
 *       so stubs can travel inside records and typed collections.</li>
 *   <li>Anything else (beans, enums from names aside) goes through {@link JacksonBridge}, only in
 *       the lenient pass.</li>
 * </ul>
 * The strict pass (no Jackson) lets overload resolution prefer overloads that take the values as
 * they are. Each conversion step adds to the pass's cost, which ranks overloads.
 */
final class ArgumentConverter {
    /** Converts one value. */
    interface Converter {
        /**
         * @param value the received value
         * @param pass  the pass: strict or lenient, and the accumulated cost
         * @return the converted value
         * @throws ConversionFailure when the value does not fit
         */
        Object convert(Object value, Pass pass) throws ConversionFailure;
    }

    /** One conversion attempt: whether Jackson may be used, and how much converting was needed. */
    static final class Pass {
        final boolean lenient;
        int cost;

        Pass(boolean lenient) {
            this.lenient = lenient;
        }
    }

    /** Returns the value as is; used for {@code Object} and unbounded type variables. */
    static final Converter IDENTITY = (value, pass) -> value;

    private static final Map<Type, Converter> CACHE = new ConcurrentHashMap<>();

    private ArgumentConverter() {
    }

    /** @return the converter for {@code type}, compiled once */
    static Converter forType(Type type) {
        Converter c = CACHE.get(type);
        if (c == null) {
            c = build(type);
            Converter prev = CACHE.putIfAbsent(type, c);
            if (prev != null) {
                c = prev;
            }
        }
        return c;
    }

    /** @return {@code value}, with {@link Undefined} read as {@code null} (a missing argument or property) */
    static Object missingAsNull(Object value) {
        return value == Undefined.INSTANCE ? null : value;
    }

    private static Converter build(Type type) {
        if (type instanceof Class<?> c) {
            return forClass(c);
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (raw == Optional.class) {
                return new OptionalConverter(forType(Types.argument(p, 0)));
            }
            if (Collection.class.isAssignableFrom(raw) && raw.getTypeParameters().length == 1) {
                return collection(raw, forType(Types.argument(p, 0)));
            }
            if (Map.class.isAssignableFrom(raw) && raw.getTypeParameters().length == 2) {
                return map(raw, Types.argument(p, 0), forType(Types.argument(p, 1)));
            }
            if (raw.isRecord()) {
                return new RecordConverter(raw, p);
            }
            if (Collection.class.isAssignableFrom(raw)) {
                return collection(raw, IDENTITY);
            }
            if (Map.class.isAssignableFrom(raw)) {
                return map(raw, Object.class, IDENTITY);
            }
            return new GeneralConverter(p, raw);
        }
        if (type instanceof GenericArrayType g) {
            return new ArrayConverter(Types.raw(g), forType(g.getGenericComponentType()), false);
        }
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
            return forType(Types.raw(type));
        }
        return IDENTITY;
    }

    private static Converter forClass(Class<?> c) {
        if (c == Object.class) {
            return IDENTITY;
        }
        if (c == RpcStub.class) {
            return ArgumentConverter::toStub;
        }
        if (c.isPrimitive() || c == Integer.class || c == Long.class || c == Short.class || c == Byte.class
                || c == Double.class || c == Float.class || c == Boolean.class || c == Character.class
                || c == String.class || c == BigInteger.class || c == BigDecimal.class) {
            return new ScalarConverter(c);
        }
        if (c.isArray()) {
            return new ArrayConverter(c, forType(c.getComponentType()), true);
        }
        if (c.isRecord()) {
            return new RecordConverter(c, null);
        }
        if (c == Optional.class) {
            return new OptionalConverter(IDENTITY);
        }
        if (Collection.class.isAssignableFrom(c)) {
            return collection(c, IDENTITY);
        }
        if (Map.class.isAssignableFrom(c)) {
            return map(c, Object.class, IDENTITY);
        }
        return new GeneralConverter(c, c);
    }

    /**
     * A parameter typed {@code RpcStub} also takes a local target or function: a peer naming one
     * of our own exports (e.g. a pipelined result of ours passed back) delivers the object itself.
     */
    private static Object toStub(Object value, Pass pass) throws ConversionFailure {
        if (value == null || value == Undefined.INSTANCE || value instanceof RpcStub) {
            return value == Undefined.INSTANCE ? null : value;
        }
        if (value instanceof dev.capnweb.RpcTarget || Dispatcher.isFunction(value)) {
            pass.cost++;
            return RpcStub.of(value);
        }
        throw new ConversionFailure("expected RpcStub, got " + describe(value));
    }

    // ---------------------------------------------------------------- scalars

    private static final class ScalarConverter implements Converter {
        private final Class<?> box;
        private final boolean primitive;
        private final String name;

        ScalarConverter(Class<?> type) {
            this.primitive = type.isPrimitive();
            this.box = primitive ? Primitives.box(type) : type;
            this.name = type.isPrimitive() ? type.getName() : type.getSimpleName();
        }

        @Override
        public Object convert(Object value, Pass pass) throws ConversionFailure {
            if (value == null || value == Undefined.INSTANCE) {
                if (primitive) {
                    throw new ConversionFailure("expected " + name + ", got " + describe(value));
                }
                return null;
            }
            if (box.isInstance(value)) {
                return value;
            }
            if (value instanceof Number n && Number.class.isAssignableFrom(box)) {
                pass.cost++;
                return Numbers.convert(n, box, name);
            }
            if (box == Character.class && value instanceof String s && s.length() == 1) {
                pass.cost++;
                return s.charAt(0);
            }
            throw new ConversionFailure("expected " + name + ", got " + describe(value));
        }
    }

    /** The box of a primitive type. */
    private static final class Primitives {
        private Primitives() {
        }

        static Class<?> box(Class<?> primitive) {
            if (primitive == int.class) {
                return Integer.class;
            } else if (primitive == long.class) {
                return Long.class;
            } else if (primitive == double.class) {
                return Double.class;
            } else if (primitive == boolean.class) {
                return Boolean.class;
            } else if (primitive == float.class) {
                return Float.class;
            } else if (primitive == short.class) {
                return Short.class;
            } else if (primitive == byte.class) {
                return Byte.class;
            } else if (primitive == char.class) {
                return Character.class;
            }
            return Void.class;
        }
    }

    /** @return the box of a primitive class, or the class itself */
    static Class<?> boxed(Class<?> c) {
        return c.isPrimitive() ? Primitives.box(c) : c;
    }

    // ---------------------------------------------------------------- arrays and collections

    private static final class ArrayConverter implements Converter {
        private final Class<?> arrayClass;
        private final Class<?> component;
        private final Converter element;
        private final boolean exact;

        ArrayConverter(Class<?> arrayClass, Converter element, boolean exact) {
            this.arrayClass = arrayClass;
            this.component = arrayClass.getComponentType();
            this.element = element;
            this.exact = exact;
        }

        @Override
        public Object convert(Object value, Pass pass) throws ConversionFailure {
            if (value == null || value == Undefined.INSTANCE) {
                return null;
            }
            if (arrayClass.isInstance(value) && exact) {
                return value;
            }
            if (component == byte.class && value instanceof TypedBytes tb) {
                pass.cost++;
                return tb.bytes().clone();
            }
            List<?> source = elements(value);
            if (source == null) {
                throw new ConversionFailure("expected " + typeName(arrayClass) + ", got " + describe(value));
            }
            pass.cost++;
            Object out = Array.newInstance(component, source.size());
            for (int i = 0; i < source.size(); i++) {
                Object converted;
                try {
                    converted = element.convert(source.get(i), pass);
                } catch (ConversionFailure f) {
                    throw f.at("[" + i + "]");
                }
                try {
                    Array.set(out, i, converted);
                } catch (IllegalArgumentException e) {
                    throw new ConversionFailure("[" + i + "]: expected " + typeName(component) + ", got "
                            + describe(source.get(i)));
                }
            }
            return out;
        }
    }

    /** @return the elements of an array-like value, or {@code null} if it is not one */
    static List<?> elements(Object value) {
        if (value instanceof List<?> l) {
            return l;
        }
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (value instanceof Object[] a) {
            return Arrays.asList(a);
        }
        if (value != null && value.getClass().isArray() && !(value instanceof byte[])) {
            int n = Array.getLength(value);
            List<Object> l = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                l.add(Array.get(value, i));
            }
            return l;
        }
        return null;
    }

    private static Converter collection(Class<?> raw, Converter element) {
        Supplier<Collection<Object>> factory;
        if (raw.isAssignableFrom(ArrayList.class)) {
            factory = ArrayList::new;
        } else if (raw.isAssignableFrom(LinkedHashSet.class)) {
            factory = LinkedHashSet::new;
        } else if (raw.isAssignableFrom(TreeSet.class)) {
            factory = TreeSet::new;
        } else if (raw.isAssignableFrom(ArrayDeque.class)) {
            factory = ArrayDeque::new;
        } else {
            factory = null;
        }
        return new CollectionConverter(raw, element, factory);
    }

    private static final class CollectionConverter implements Converter {
        private final Class<?> raw;
        private final Converter element;
        private final Supplier<Collection<Object>> factory;

        CollectionConverter(Class<?> raw, Converter element, Supplier<Collection<Object>> factory) {
            this.raw = raw;
            this.element = element;
            this.factory = factory;
        }

        @Override
        public Object convert(Object value, Pass pass) throws ConversionFailure {
            if (value == null || value == Undefined.INSTANCE) {
                return null;
            }
            boolean instance = raw.isInstance(value);
            if (instance && element == IDENTITY) {
                return value;
            }
            List<?> source = elements(value);
            if (source == null) {
                throw new ConversionFailure("expected " + typeName(raw) + ", got " + describe(value));
            }
            List<Object> converted = new ArrayList<>(source.size());
            boolean same = true;
            for (int i = 0; i < source.size(); i++) {
                Object x = source.get(i);
                Object y;
                try {
                    y = element.convert(x, pass);
                } catch (ConversionFailure f) {
                    throw f.at("[" + i + "]");
                }
                same &= y == x;
                converted.add(y);
            }
            if (same && instance) {
                return value;
            }
            if (factory == null) {
                throw new ConversionFailure("cannot create a " + typeName(raw));
            }
            pass.cost++;
            Collection<Object> out = factory.get();
            try {
                out.addAll(converted);
            } catch (RuntimeException e) {
                throw new ConversionFailure("cannot create a " + typeName(raw) + " of these elements");
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- maps

    private static Converter map(Class<?> raw, Type keyType, Converter value) {
        Supplier<Map<Object, Object>> factory;
        if (raw.isAssignableFrom(LinkedHashMap.class)) {
            factory = LinkedHashMap::new;
        } else if (raw.isAssignableFrom(TreeMap.class)) {
            factory = TreeMap::new;
        } else if (raw.isAssignableFrom(HashMap.class)) {
            factory = HashMap::new;
        } else {
            factory = null;
        }
        return new MapConverter(raw, Types.raw(keyType), value, factory);
    }

    private static final class MapConverter implements Converter {
        private final Class<?> raw;
        private final Class<?> keyType;
        private final boolean keysAsIs;
        private final Converter value;
        private final Supplier<Map<Object, Object>> factory;

        MapConverter(Class<?> raw, Class<?> keyType, Converter value, Supplier<Map<Object, Object>> factory) {
            this.raw = raw;
            this.keyType = keyType;
            this.keysAsIs = keyType == Object.class || keyType == String.class || keyType == CharSequence.class;
            this.value = value;
            this.factory = factory;
        }

        @Override
        public Object convert(Object v, Pass pass) throws ConversionFailure {
            if (v == null || v == Undefined.INSTANCE) {
                return null;
            }
            if (!(v instanceof Map<?, ?> source)) {
                throw new ConversionFailure("expected " + typeName(raw) + ", got " + describe(v));
            }
            boolean instance = raw.isInstance(v);
            if (instance && keysAsIs && value == IDENTITY) {
                return v;
            }
            Map<Object, Object> out = factory == null ? null : factory.get();
            boolean same = true;
            for (Map.Entry<?, ?> e : source.entrySet()) {
                Object k = convertKey(e.getKey());
                Object x = e.getValue();
                Object y;
                try {
                    y = value.convert(x, pass);
                } catch (ConversionFailure f) {
                    throw f.at("property '" + e.getKey() + "'");
                }
                same &= y == x && k == e.getKey();
                if (out != null) {
                    try {
                        out.put(k, y);
                    } catch (RuntimeException ex) {
                        throw new ConversionFailure("cannot create a " + typeName(raw) + " of these entries");
                    }
                }
            }
            if (same && instance) {
                return v;
            }
            if (out == null) {
                throw new ConversionFailure("cannot create a " + typeName(raw));
            }
            pass.cost++;
            return out;
        }

        private Object convertKey(Object key) throws ConversionFailure {
            if (keysAsIs || keyType.isInstance(key)) {
                return key;
            }
            String s = String.valueOf(key);
            if (Number.class.isAssignableFrom(boxed(keyType))) {
                BigDecimal d;
                try {
                    d = new BigDecimal(s);
                } catch (NumberFormatException e) {
                    throw new ConversionFailure("key '" + s + "' is not a number");
                }
                return Numbers.convert(d, boxed(keyType), typeName(keyType));
            }
            if (keyType.isEnum()) {
                return enumConstant(keyType, s);
            }
            throw new ConversionFailure("unsupported key type " + typeName(keyType));
        }
    }

    // ---------------------------------------------------------------- Optional

    private static final class OptionalConverter implements Converter {
        private final Converter element;

        OptionalConverter(Converter element) {
            this.element = element;
        }

        @Override
        public Object convert(Object value, Pass pass) throws ConversionFailure {
            if (value == null || value == Undefined.INSTANCE) {
                return Optional.empty();
            }
            if (value instanceof Optional<?> o && element == IDENTITY) {
                return o;
            }
            pass.cost++;
            return Optional.ofNullable(element.convert(value, pass));
        }
    }

    // ---------------------------------------------------------------- records

    private static final class RecordConverter implements Converter {
        private final Class<?> type;
        private final ParameterizedType generic;
        private volatile Converter[] components;

        RecordConverter(Class<?> type, ParameterizedType generic) {
            this.type = type;
            this.generic = generic;
        }

        private Converter[] components(RecordTable table) {
            Converter[] c = components;
            if (c == null) {
                Map<TypeVariable<?>, Type> bindings = new HashMap<>();
                if (generic != null) {
                    TypeVariable<?>[] vars = type.getTypeParameters();
                    Type[] args = generic.getActualTypeArguments();
                    for (int i = 0; i < vars.length && i < args.length; i++) {
                        bindings.put(vars[i], args[i]);
                    }
                }
                Type[] types = table.componentTypes();
                c = new Converter[types.length];
                for (int i = 0; i < types.length; i++) {
                    c[i] = forType(Types.resolve(types[i], bindings));
                }
                components = c;
            }
            return c;
        }

        @Override
        public Object convert(Object value, Pass pass) throws ConversionFailure {
            if (value == null || value == Undefined.INSTANCE) {
                return null;
            }
            if (type.isInstance(value)) {
                return value;
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw new ConversionFailure("expected " + typeName(type) + ", got " + describe(value));
            }
            RecordTable table = RecordTable.of(type);
            Converter[] converters = components(table);
            String[] names = table.names();
            Object[] args = new Object[names.length];
            Class<?>[] classes = table.componentClasses();
            for (int i = 0; i < names.length; i++) {
                Object v = missingAsNull(map.get(names[i]));
                if (v == null && classes[i].isPrimitive()) {
                    String what = map.containsKey(names[i]) && map.get(names[i]) == null ? "null" : "missing";
                    throw new ConversionFailure("property '" + names[i] + "': " + what + " value for primitive "
                            + classes[i].getName());
                }
                try {
                    args[i] = converters[i].convert(v, pass);
                } catch (ConversionFailure f) {
                    throw f.at("property '" + names[i] + "'");
                }
            }
            MethodHandle ctor = table.constructor();
            if (ctor == null) {
                throw new ConversionFailure(table.accessError());
            }
            pass.cost++;
            try {
                return ctor.invokeExact(args);
            } catch (Exception e) {
                throw new ConversionFailure("cannot create " + typeName(type) + ": " + e.getMessage());
            } catch (Throwable t) {
                throw Throwing.sneaky(t);
            }
        }
    }

    // ---------------------------------------------------------------- everything else

    private static final class GeneralConverter implements Converter {
        private final Type type;
        private final Class<?> raw;

        GeneralConverter(Type type, Class<?> raw) {
            this.type = type;
            this.raw = raw;
        }

        @Override
        public Object convert(Object value, Pass pass) throws ConversionFailure {
            if (value == null || value == Undefined.INSTANCE) {
                return null;
            }
            if (raw.isInstance(value)) {
                return value;
            }
            Object simple = simpleConversion(value);
            if (simple != null) {
                pass.cost++;
                return simple;
            }
            if (!pass.lenient || !JacksonBridge.accepts(raw)) {
                throw new ConversionFailure("expected " + typeName(type) + ", got " + describe(value));
            }
            pass.cost += 2;
            return JacksonBridge.convert(value, type);
        }

        private Object simpleConversion(Object value) throws ConversionFailure {
            if (raw.isEnum() && value instanceof String s) {
                return enumConstant(raw, s);
            }
            if (raw == Date.class && value instanceof Instant i) {
                return Date.from(i);
            }
            if (raw == Instant.class && value instanceof Date d) {
                return d.toInstant();
            }
            if (raw == URL.class && value instanceof URI u) {
                try {
                    return u.toURL();
                } catch (MalformedURLException | IllegalArgumentException e) {
                    throw new ConversionFailure("expected URL, got " + u);
                }
            }
            if (raw == ByteBuffer.class && value instanceof byte[] b) {
                return ByteBuffer.wrap(b);
            }
            return null;
        }
    }

    private static Object enumConstant(Class<?> enumType, String name) throws ConversionFailure {
        for (Object constant : enumType.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new ConversionFailure("'" + name + "' is not a " + typeName(enumType));
    }

    // ---------------------------------------------------------------- messages

    /** @return a JavaScript-flavoured description of a received value's type */
    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v == Undefined.INSTANCE) {
            return "undefined";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        if (v instanceof BigInteger) {
            return "bigint";
        }
        if (v instanceof Number n) {
            return "number " + n;
        }
        if (v instanceof byte[] || v instanceof TypedBytes) {
            return "bytes";
        }
        if (v instanceof Map) {
            return "object";
        }
        if (elements(v) != null) {
            return "array";
        }
        if (v instanceof RpcStub) {
            return "stub";
        }
        if (v instanceof RpcTarget) {
            return "RpcTarget";
        }
        if (Dispatcher.isFunction(v)) {
            return "function";
        }
        if (v instanceof CompletionStage) {
            return "promise";
        }
        if (v instanceof Instant || v instanceof Date) {
            return "date";
        }
        if (v instanceof Throwable) {
            return "error";
        }
        if (v instanceof java.util.concurrent.Flow.Publisher) {
            return "ReadableStream";
        }
        if (v instanceof dev.capnweb.StreamSink) {
            return "WritableStream";
        }
        if (v instanceof dev.capnweb.Blob) {
            return "Blob";
        }
        return "object";
    }

    /** @return a short Java type name for messages, e.g. {@code List<Integer>} */
    static String typeName(Type t) {
        if (t instanceof Class<?> c) {
            if (c.isArray()) {
                return typeName(c.getComponentType()) + "[]";
            }
            String s = c.getSimpleName();
            return s.isEmpty() ? c.getName() : s;
        }
        if (t instanceof ParameterizedType p) {
            StringBuilder sb = new StringBuilder(typeName(p.getRawType())).append('<');
            Type[] args = p.getActualTypeArguments();
            for (int i = 0; i < args.length; i++) {
                sb.append(i > 0 ? ", " : "").append(typeName(args[i]));
            }
            return sb.append('>').toString();
        }
        if (t instanceof GenericArrayType g) {
            return typeName(g.getGenericComponentType()) + "[]";
        }
        return t.getTypeName();
    }
}
