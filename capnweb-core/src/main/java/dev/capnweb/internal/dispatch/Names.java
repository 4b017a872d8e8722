package dev.capnweb.internal.dispatch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;

/** Path element spelling and the names that are never reachable over RPC. */
final class Names {
    /**
     * The names JavaScript finds on {@code Object.prototype}. The reference turns any path element
     * spelled like one of them into {@code undefined}, whatever the object holds under that name.
     */
    static final Set<String> OBJECT_PROTOTYPE = Set.of(
            "constructor", "__proto__", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf",
            "propertyIsEnumerable", "toLocaleString", "__defineGetter__", "__defineSetter__",
            "__lookupGetter__", "__lookupSetter__");

    /**
     * Method names that are never callable on a target, even when a subclass declares them:
     * {@link Object}'s methods (overrides included) and {@code close}, which the session calls on
     * release and a peer must not.
     */
    static final Set<String> REFUSED_METHODS = Set.of(
            "hashCode", "equals", "getClass", "notify", "notifyAll", "wait", "clone", "finalize", "close",
            "toString", "valueOf", "constructor", "__proto__", "hasOwnProperty", "isPrototypeOf",
            "propertyIsEnumerable", "toLocaleString", "__defineGetter__", "__defineSetter__",
            "__lookupGetter__", "__lookupSetter__");

    private Names() {
    }

    /** @return whether the element is one of the blocked {@code Object.prototype} names */
    static boolean isBlocked(Object element) {
        return element instanceof String s && OBJECT_PROTOTYPE.contains(s);
    }

    /** @return the element as JavaScript would spell it as a property key ({@code 2} is {@code "2"}) */
    static String key(Object element) {
        if (element instanceof String s) {
            return s;
        }
        if (element instanceof Long || element instanceof Integer || element instanceof Short
                || element instanceof Byte || element instanceof BigInteger) {
            return element.toString();
        }
        if (element instanceof Double || element instanceof Float || element instanceof BigDecimal) {
            double d = ((Number) element).doubleValue();
            if (Double.isNaN(d)) {
                return "NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "Infinity" : "-Infinity";
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e21) {
                return new BigDecimal(d).toBigInteger().toString();
            }
            return Double.toString(d);
        }
        return String.valueOf(element);
    }

    /** @return the first {@code end} elements joined with dots, as the reference prints paths */
    static String join(List<Object> path, int end) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < end; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(key(path.get(i)));
        }
        return sb.toString();
    }

    /**
     * The JavaBeans property name of a getter ({@code getValue} → {@code value}, {@code getURL}
     * → {@code URL}), or {@code null} when the method name is not a getter's.
     */
    static String propertyOfGetter(String methodName, boolean booleanResult) {
        String rest;
        if (methodName.startsWith("get") && methodName.length() > 3) {
            rest = methodName.substring(3);
        } else if (booleanResult && methodName.startsWith("is") && methodName.length() > 2) {
            rest = methodName.substring(2);
        } else {
            return null;
        }
        if (!Character.isUpperCase(rest.charAt(0))) {
            return null;
        }
        if (rest.length() > 1 && Character.isUpperCase(rest.charAt(1))) {
            return rest;
        }
        return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    }
}
