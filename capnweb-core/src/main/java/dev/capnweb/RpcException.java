package dev.capnweb;

import java.util.Collections;
import java.util.Map;

/**
 * An error that crossed the wire, or one a target throws to control what the peer sees.
 *
 * <p>It keeps the JavaScript error {@link #name()} ({@code "TypeError"}, {@code "RangeError"},
 * a custom name...), the message, the remote stack when the peer chose to send one, and the
 * extra own properties of the error ({@code cause}, {@code code}, ...). A rejection whose value
 * is not an error at all (a TypeScript peer may {@code throw "text"}) arrives as an
 * {@code RpcException} named {@code "Error"} whose {@link #value()} holds that value.
 *
 * <p>How Java exceptions thrown by targets are named on the wire: {@code RpcException} keeps its
 * name; {@link IllegalArgumentException}, {@link ClassCastException}, {@link NullPointerException}
 * and {@link UnsupportedOperationException} become {@code TypeError};
 * {@link IndexOutOfBoundsException} and {@link ArithmeticException} become {@code RangeError};
 * everything else becomes {@code Error}. The message is kept; the stack is never sent unless the
 * session's {@code onSendError} hook returns an error to send in its place.
 */
public class RpcException extends RuntimeException {
    private final String name;
    private final String remoteStack;
    private final Map<String, Object> properties;
    private final transient Object value;
    private final boolean hasValue;

    /**
     * An error with a name and a message.
     *
     * @param name    the JavaScript error name, e.g. {@code "TypeError"}
     * @param message the message
     */
    public RpcException(String name, String message) {
        this(name, message, null, Map.of());
    }

    /**
     * An error with everything the wire can carry.
     *
     * @param name        the JavaScript error name
     * @param message     the message
     * @param remoteStack the stack text the peer sent, or {@code null}
     * @param properties  extra own properties (values are wire values); kept as a read-only view,
     *                    so pass a map nobody changes afterwards
     */
    public RpcException(String name, String message, String remoteStack, Map<String, Object> properties) {
        super(message);
        this.name = name;
        this.remoteStack = remoteStack;
        this.properties = Collections.unmodifiableMap(properties);
        this.value = null;
        this.hasValue = false;
    }

    private RpcException(Object value) {
        super(String.valueOf(value), null, true, false);
        this.name = "Error";
        this.remoteStack = null;
        this.properties = Map.of();
        this.value = value;
        this.hasValue = true;
    }

    /**
     * Wraps a rejection value that is not an error.
     *
     * @param value the value the peer rejected with
     * @return an exception whose {@link #value()} is {@code value}
     */
    public static RpcException ofValue(Object value) {
        return new RpcException(value);
    }

    /** @return the JavaScript error name */
    public String name() {
        return name;
    }

    /** @return the stack text the peer sent, or {@code null} (the usual case) */
    public String remoteStack() {
        return remoteStack;
    }

    /** @return the error's extra properties, e.g. {@code cause} or {@code code}; never null */
    public Map<String, Object> properties() {
        return properties;
    }

    /** @return whether this wraps a non-error rejection value */
    public boolean hasValue() {
        return hasValue;
    }

    /** @return the non-error rejection value, or {@code null} when {@link #hasValue()} is false */
    public Object value() {
        return value;
    }

    @Override
    public String toString() {
        return hasValue ? "RpcException(rejected with " + value + ")" : name + ": " + getMessage();
    }
}
