package dev.capnweb.internal.dispatch;

import dev.capnweb.FetchHeaders;
import dev.capnweb.FetchRequest;
import dev.capnweb.FetchResponse;
import dev.capnweb.InvalidDate;
import dev.capnweb.RpcException;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;
import dev.capnweb.TypedBytes;
import dev.capnweb.Undefined;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Walks a property path one element at a time, with the reference's rules (see {@link Dispatcher}). */
final class PathWalker {
    /** How a value behaves when a path walks into it. */
    enum Kind { UNDEFINED, STUB, TARGET, FUNCTION, NO_PROPERTIES, OBJECT, ARRAY, RECORD, UNSUPPORTED }

    private PathWalker() {
    }

    /** @return how a path step treats {@code v} */
    static Kind kind(Object v) {
        if (v == null) {
            return Kind.NO_PROPERTIES;
        }
        if (v == Undefined.INSTANCE) {
            return Kind.UNDEFINED;
        }
        if (v instanceof RpcStub) {
            return Kind.STUB;
        }
        if (v instanceof RpcTarget) {
            return Kind.TARGET;
        }
        if (FunctionInvoker.isFunction(v)) {
            return Kind.FUNCTION;
        }
        if (isValueType(v)) {
            return Kind.NO_PROPERTIES;
        }
        if (v instanceof Map) {
            return Kind.OBJECT;
        }
        if (v instanceof Collection || v instanceof Object[] || v.getClass().isArray()) {
            return Kind.ARRAY;
        }
        if (v instanceof Record) {
            return Kind.RECORD;
        }
        return Kind.UNSUPPORTED;
    }

    /** Values that travel by value and have no properties a peer can read. */
    private static boolean isValueType(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Character
                || v instanceof byte[] || v instanceof ByteBuffer || v instanceof TypedBytes
                || v instanceof Instant || v instanceof Date || v instanceof InvalidDate
                || v instanceof Throwable || v instanceof URI || v instanceof URL
                || v instanceof FetchHeaders || v instanceof FetchRequest || v instanceof FetchResponse
                || v instanceof Enum;
    }

    /**
     * Walks {@code path[0..end)} from {@code root}.
     *
     * @return {@code Value} of what was reached, or {@code Forward} when a stub was reached with
     *         elements still to go (those, up to the end of {@code path}, are its rest)
     */
    static Dispatcher.Outcome walk(Object root, List<Object> path, int end) {
        Object value = root;
        for (int i = 0; i < end; i++) {
            Object next = step(value, path, i);
            if (next instanceof Forwarding f) {
                return f.outcome;
            }
            value = next;
        }
        return new Dispatcher.Outcome.Value(value);
    }

    /** A step that reached a stub; never escapes this package. */
    record Forwarding(Dispatcher.Outcome.Forward outcome) {
    }

    /**
     * One step: reads {@code path.get(i)} of {@code value}.
     *
     * @return the property's value, or a {@link Forwarding} when {@code value} is a stub
     */
    static Object step(Object value, List<Object> path, int i) {
        Object element = path.get(i);
        if (Names.isBlocked(element)) {
            return Undefined.INSTANCE;
        }
        switch (kind(value)) {
            case STUB:
                return new Forwarding(new Dispatcher.Outcome.Forward((RpcStub) value, rest(path, i)));
            case TARGET:
                return targetProperty((RpcTarget) value, Names.key(element));
            case OBJECT: {
                Map<?, ?> map = (Map<?, ?>) value;
                String key = Names.key(element);
                try {
                    return map.containsKey(key) ? map.get(key) : Undefined.INSTANCE;
                } catch (ClassCastException | NullPointerException e) {
                    return Undefined.INSTANCE;
                }
            }
            case ARRAY:
                return element(value, element);
            case RECORD: {
                String key = Names.key(element);
                RecordTable table = RecordTable.of(value.getClass());
                return table.has(key) ? table.read(value, key) : Undefined.INSTANCE;
            }
            case FUNCTION:
            case NO_PROPERTIES:
                return Undefined.INSTANCE;
            case UNDEFINED:
                throw new RpcException("TypeError",
                        "Cannot read properties of undefined (reading '" + Names.key(element) + "')");
            case UNSUPPORTED:
            default:
                if (i == 0) {
                    throw new RpcException("TypeError", "RPC stub points at a non-serializable type.");
                }
                String prefix = Names.join(path, i);
                throw new RpcException("TypeError", "'" + prefix + "' is not a serializable type, so property "
                        + prefix + " cannot be accessed.");
        }
    }

    /**
     * A property of a target: a public instance field is refused; a getter runs; a method reads
     * as a {@link BoundMethod}; anything else is {@code undefined}.
     */
    static Object targetProperty(RpcTarget target, String key) {
        MethodTable table = MethodTable.of(target.getClass());
        if (table.isInstanceField(key)) {
            throw instanceProperty(key);
        }
        MethodEntry getter = table.getter(key);
        if (getter != null) {
            try {
                return getter.invoke(target, new Object[0]);
            } catch (Throwable t) {
                throw Throwing.sneaky(t);
            }
        }
        if (table.methods(key) != null) {
            return new BoundMethod(target, key);
        }
        return Undefined.INSTANCE;
    }

    /** @return the reference's error for reading an instance property of a target */
    static RpcException instanceProperty(String key) {
        return new RpcException("TypeError", "Attempted to access property '" + key + "', which is an instance "
                + "property of the RpcTarget. To avoid leaking private internals, instance properties cannot be "
                + "accessed over RPC. If you want to make this property available over RPC, define it as a method "
                + "or getter on the class, instead of an instance property.");
    }

    /** Array indexing: only a non-negative integer number in range; strings are never indexes. */
    private static Object element(Object array, Object element) {
        long index = index(element);
        if (index < 0) {
            return Undefined.INSTANCE;
        }
        if (array instanceof List<?> list) {
            return index < list.size() ? list.get((int) index) : Undefined.INSTANCE;
        }
        if (array instanceof Collection<?> c) {
            if (index >= c.size()) {
                return Undefined.INSTANCE;
            }
            Iterator<?> it = c.iterator();
            for (long k = 0; k < index; k++) {
                it.next();
            }
            return it.next();
        }
        int length = Array.getLength(array);
        return index < length ? Array.get(array, (int) index) : Undefined.INSTANCE;
    }

    /** @return the element as a non-negative int index, or -1 if it is not one */
    private static long index(Object element) {
        long v;
        if (element instanceof Long || element instanceof Integer || element instanceof Short
                || element instanceof Byte) {
            v = ((Number) element).longValue();
        } else if (element instanceof Double || element instanceof Float) {
            double d = ((Number) element).doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d) || d > Integer.MAX_VALUE) {
                return -1;
            }
            v = (long) d;
        } else if (element instanceof BigInteger || element instanceof BigDecimal) {
            try {
                v = new BigDecimal(element.toString()).intValueExact();
            } catch (ArithmeticException e) {
                return -1;
            }
        } else {
            return -1;
        }
        return v >= 0 && v <= Integer.MAX_VALUE ? v : -1;
    }

    private static List<Object> rest(List<Object> path, int from) {
        return Collections.unmodifiableList(new ArrayList<>(path.subList(from, path.size())));
    }
}
