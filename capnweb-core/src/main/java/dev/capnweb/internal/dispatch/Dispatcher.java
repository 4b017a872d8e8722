package dev.capnweb.internal.dispatch;

import dev.capnweb.RpcException;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;
import dev.capnweb.Undefined;

import java.lang.reflect.Type;
import java.util.List;

/**
 * Property reads and calls on local values: the security boundary between a peer's requests and
 * application objects. It follows the reference's {@code followPath} ({@code core.ts}).
 *
 * <p>A path is walked one element at a time (elements are {@code String}s or numbers):
 * <ul>
 *   <li>an element spelled like an {@code Object.prototype} name ({@code constructor},
 *       {@code __proto__}, {@code toString}, ...) gives {@code undefined}, whatever the object;</li>
 *   <li>a {@code Map} (a plain object) gives its own entry (a number is looked up as its decimal
 *       string); a {@code List}, other collection or Java array gives the element at a non-negative
 *       integer number in range, and never answers a string ({@code "length"}, {@code "0"});</li>
 *   <li>a record gives its component through the accessor (records are plain objects here);</li>
 *   <li>an {@link RpcTarget}: a public instance field fails with the reference's
 *       "instance property" {@code TypeError}; a getter runs; a callable method reads as a
 *       {@link BoundMethod}; anything else is {@code undefined} (see {@link MethodTable} for what
 *       is callable);</li>
 *   <li>an {@link RpcStub} or {@link RpcPromise}: the rest of the path goes to it
 *       ({@link Outcome.Forward});</li>
 *   <li>{@code null}, strings, numbers, booleans, bytes, dates, errors, URLs, fetch values,
 *       enums and functions give {@code undefined}; {@link Undefined} fails with
 *       "Cannot read properties of undefined (reading 'x')";</li>
 *   <li>any other object fails with the reference's "non-serializable type" {@code TypeError}.</li>
 * </ul>
 * Where Java differs: functions have no readable properties (JavaScript exposes {@code name}
 * and {@code length}); a class with both a getter {@code getX()} and a method {@code x()} reads
 * {@code x} through the getter and calls {@code x()} on a call; only public fields count as
 * instance properties (private fields are invisible, reading them gives {@code undefined});
 * getters and accessors may throw checked exceptions, which propagate unchanged.
 *
 * <p>A call walks all but the last element, then calls the last as a method of the value reached
 * (see {@link Overloads} for arity and conversions), or calls the value found there if it is a
 * function; a stub found there receives the call. Anything else fails with
 * "'&lt;path&gt;' is not a function.". All methods are thread-safe; per-class tables are cached.
 */
public final class Dispatcher {
    private Dispatcher() {
    }

    /** What a get or call on a local value came to. */
    public sealed interface Outcome {
        /**
         * The operation finished locally with this value (for calls: the raw return value,
         * possibly a CompletionStage, stub or promise; a void method gives Undefined.INSTANCE).
         *
         * @param value the value
         */
        record Value(Object value) implements Outcome {
        }

        /**
         * Walking reached a stub or promise with {@code rest} of the path still to go: the caller
         * forwards the whole operation (get, or call with the same args) to it.
         *
         * @param stub the stub or promise reached
         * @param rest the remaining path, possibly empty; unmodifiable
         */
        record Forward(RpcStub stub, List<Object> rest) implements Outcome {
        }
    }

    /**
     * Property read of {@code path} starting at {@code root}. As in the reference, a read that
     * ends on a promise forwards to it (with an empty rest) while one that ends on a plain stub
     * returns the stub as the value.
     *
     * @param root an RpcTarget, a function, a plain value tree, or a stub
     * @param path the property path
     * @return the value read, or where to forward
     * @throws RpcException a {@code TypeError} as described in the class documentation; a
     *                      getter's own exceptions propagate unchanged
     */
    public static Outcome get(Object root, List<Object> path) {
        Outcome walked = PathWalker.walk(root, path, path.size());
        if (walked instanceof Outcome.Value v && v.value() instanceof RpcPromise promise) {
            return new Outcome.Forward(promise, List.of());
        }
        return walked;
    }

    /**
     * Call of {@code path} on {@code root} with {@code args}. Empty path: call {@code root}
     * itself as a function.
     *
     * @param root the value the path starts from
     * @param path the path of the function
     * @param args the arguments as received
     * @return the method's raw result, or where to forward the call
     * @throws Throwable what the method throws, unwrapped; an {@link RpcException}
     *                   {@code TypeError} when the path is not callable or the arguments do not
     *                   convert (the method is then not called)
     */
    public static Outcome call(Object root, List<Object> path, List<Object> args) throws Throwable {
        int n = path.size();
        Object member;
        if (n == 0) {
            member = root;
        } else {
            Outcome walked = PathWalker.walk(root, path, n - 1);
            if (walked instanceof Outcome.Forward) {
                return walked;
            }
            Object holder = ((Outcome.Value) walked).value();
            Object last = path.get(n - 1);
            if (Names.isBlocked(last)) {
                member = Undefined.INSTANCE;
            } else if (holder instanceof RpcTarget target) {
                String key = Names.key(last);
                MethodTable table = MethodTable.of(target.getClass());
                if (table.isInstanceField(key)) {
                    throw PathWalker.instanceProperty(key);
                }
                List<MethodEntry> overloads = table.methods(key);
                if (overloads != null) {
                    return new Outcome.Value(Overloads.invoke(target, overloads, args));
                }
                member = PathWalker.targetProperty(target, key);
            } else {
                Object next = PathWalker.step(holder, path, n - 1);
                if (next instanceof PathWalker.Forwarding f) {
                    return f.outcome();
                }
                member = next;
            }
        }
        if (member instanceof RpcStub stub) {
            return new Outcome.Forward(stub, List.of());
        }
        if (isFunction(member)) {
            return new Outcome.Value(FunctionInvoker.invoke(member, args));
        }
        throw new RpcException("TypeError", "'" + Names.join(path, n) + "' is not a function.");
    }

    /**
     * Whether the session should export this value as a callable function
     * ({@code ["export", id]}): RpcFunction, BoundMethod, java.util.function
     * Function/BiFunction/Supplier/Consumer/BiConsumer, Runnable, but never an RpcTarget or
     * RpcStub (nor a {@code Thread} or {@code Future}, whose body the peer must not run).
     *
     * @param value any value
     * @return whether it is a function
     */
    public static boolean isFunction(Object value) {
        return FunctionInvoker.isFunction(value);
    }

    /**
     * Converts a received value to a Java type with the same rules as method arguments: exact
     * numbers, element-wise collections and records, then Jackson (no polymorphic typing).
     * {@code null} and {@link Undefined} give {@code null}.
     *
     * @param value the received value
     * @param type  the target type; a primitive class gives its box
     * @param <T>   the type
     * @return the converted value
     * @throws RpcException a {@code TypeError} when the value does not convert
     */
    @SuppressWarnings("unchecked")
    public static <T> T convert(Object value, Class<T> type) {
        return (T) convert(value, (Type) type);
    }

    /**
     * Converts a received value to a generic Java type, e.g. {@code List<Integer>}.
     *
     * @param value the received value
     * @param type  the target type
     * @return the converted value
     * @throws RpcException a {@code TypeError} when the value does not convert
     */
    public static Object convert(Object value, Type type) {
        try {
            return ArgumentConverter.forType(type)
                    .convert(ArgumentConverter.missingAsNull(value), new ArgumentConverter.Pass(true));
        } catch (ConversionFailure f) {
            throw new RpcException("TypeError", "Cannot convert value to " + ArgumentConverter.typeName(type) + ": "
                    + f.getMessage());
        }
    }
}
