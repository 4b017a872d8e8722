package dev.capnweb.internal.dispatch;

import dev.capnweb.RpcTarget;

/**
 * A target's method read as a property: reading {@code square} on a target yields this, which the
 * session exports as a function stub, as the reference does. Calling it later resolves the
 * overloads of {@code name} on {@code target} with the same rules as a direct call; a name that
 * is not a callable method of the target (whoever built the record) is "not a function".
 *
 * @param target the target that holds the method
 * @param name   the method name
 */
public record BoundMethod(RpcTarget target, String name) {
}
