package dev.capnweb;

/**
 * Base class for objects passed to the peer by reference.
 *
 * <p>When an {@code RpcTarget} is sent over a session (as a parameter, inside a result, or as a
 * session's main object), the peer receives a stub and every call it makes runs here. Only the
 * <b>public instance methods declared by subclasses</b> are callable: never the methods of
 * {@link Object}, of {@code RpcTarget} itself, statics, synthetic or bridge methods, or
 * {@link AutoCloseable#close()}.
 *
 * <p>Property reads map to Java getters: reading {@code value} calls a public no-argument
 * {@code getValue()} (or {@code isValue()} for a {@code boolean}). Reading the name of a method
 * yields a callable function stub, as in the reference. Public instance fields are never
 * readable; reading one fails with the reference's "instance property" {@code TypeError}.
 *
 * <p>Arguments arrive converted to the declared parameter types. Missing trailing arguments (and
 * {@link Undefined}) arrive as {@code null}; an overload whose arity equals the number of
 * arguments is preferred. A method may return a plain value, a {@link java.util.concurrent.CompletionStage}
 * (awaited without blocking the session), a stub or promise (pipelined), or be {@code void}
 * (the caller sees {@code undefined}).
 *
 * <p>If a subclass implements {@link AutoCloseable}, {@code close()} runs when the last stub the
 * peer holds on this export is released, or when the session ends. Calls are delivered to a
 * target in the order they arrived, on the session's serial lane: a method must not block
 * waiting for a result of the same session; return a {@code CompletionStage} instead.
 */
public abstract class RpcTarget {
    /** For subclasses. */
    protected RpcTarget() {
    }
}
