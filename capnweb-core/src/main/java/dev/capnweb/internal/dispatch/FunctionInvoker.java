package dev.capnweb.internal.dispatch;

import dev.capnweb.RpcException;
import dev.capnweb.RpcFunction;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;
import dev.capnweb.Undefined;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Calls the values the dispatcher treats as functions.
 *
 * <p>An {@link RpcFunction} receives the argument list as received. The {@code java.util.function}
 * lambdas and {@code Runnable} take their arguments positionally, with missing or
 * {@code undefined} arguments as {@code null} and surplus ones dropped; their parameter types are
 * erased, so nothing is converted. {@code Consumer}, {@code BiConsumer} and {@code Runnable}
 * answer {@code undefined}. When a value implements several of these interfaces, the first in
 * this order is used: {@code RpcFunction}, {@link BoundMethod}, {@code Function},
 * {@code BiFunction}, {@code Supplier}, {@code Consumer}, {@code BiConsumer}, {@code Runnable}.
 *
 * <p>{@code Thread}s and {@code Future}s (e.g. {@code FutureTask}) are {@code Runnable} but never
 * functions: exporting one would let the peer run its body.
 */
final class FunctionInvoker {
    private FunctionInvoker() {
    }

    /** @return whether {@code value} is exported and called as a function */
    static boolean isFunction(Object value) {
        if (value == null || value instanceof RpcTarget || value instanceof RpcStub) {
            return false;
        }
        if (value instanceof RpcFunction || value instanceof BoundMethod || value instanceof Function
                || value instanceof BiFunction || value instanceof Supplier || value instanceof Consumer
                || value instanceof BiConsumer) {
            return true;
        }
        return value instanceof Runnable && !(value instanceof Thread) && !(value instanceof Future);
    }

    /**
     * Calls a function value; what it throws propagates unwrapped.
     *
     * @param fn   a value for which {@link #isFunction} holds
     * @param args the received arguments
     * @return its result; {@code undefined} for the void kinds
     */
    @SuppressWarnings("unchecked")
    static Object invoke(Object fn, List<Object> args) throws Throwable {
        if (fn instanceof RpcFunction f) {
            return f.call(Collections.unmodifiableList(args));
        }
        if (fn instanceof BoundMethod bm) {
            List<MethodEntry> overloads = bm.target() == null ? null
                    : MethodTable.of(bm.target().getClass()).methods(bm.name());
            if (overloads == null) {
                throw new RpcException("TypeError", "'" + bm.name() + "' is not a function.");
            }
            return Overloads.invoke(bm.target(), overloads, args);
        }
        if (fn instanceof Function<?, ?> f) {
            return ((Function<Object, Object>) f).apply(arg(args, 0));
        }
        if (fn instanceof BiFunction<?, ?, ?> f) {
            return ((BiFunction<Object, Object, Object>) f).apply(arg(args, 0), arg(args, 1));
        }
        if (fn instanceof Supplier<?> f) {
            return f.get();
        }
        if (fn instanceof Consumer<?> f) {
            ((Consumer<Object>) f).accept(arg(args, 0));
            return Undefined.INSTANCE;
        }
        if (fn instanceof BiConsumer<?, ?> f) {
            ((BiConsumer<Object, Object>) f).accept(arg(args, 0), arg(args, 1));
            return Undefined.INSTANCE;
        }
        if (isFunction(fn)) {
            ((Runnable) fn).run();
            return Undefined.INSTANCE;
        }
        throw new RpcException("TypeError", "'' is not a function.");
    }

    private static Object arg(List<Object> args, int i) {
        return i < args.size() ? ArgumentConverter.missingAsNull(args.get(i)) : null;
    }
}
