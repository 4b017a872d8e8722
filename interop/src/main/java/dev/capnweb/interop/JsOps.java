package dev.capnweb.interop;

import dev.capnweb.RpcException;
import dev.capnweb.Undefined;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * JavaScript's {@code *}, {@code +} and {@code <} on received values, so the Java test target
 * answers every input as the reference's TypeScript one does: numbers are doubles, a string
 * operand of {@code +} concatenates, other operands convert with ToNumber, and bigints stay
 * bigints but do not mix with numbers.
 */
final class JsOps {
    private JsOps() {
    }

    /** @return {@code a * b} */
    static Object multiply(Object a, Object b) {
        Object x = toNumeric(a);
        Object y = toNumeric(b);
        if (x instanceof BigInteger bx && y instanceof BigInteger by) {
            return bx.multiply(by);
        }
        return (Double) number(x) * (Double) number(y);
    }

    /** @return {@code a + b} */
    static Object add(Object a, Object b) {
        Object x = primitive(a);
        Object y = primitive(b);
        if (x instanceof String || y instanceof String) {
            return string(x) + string(y);
        }
        Object nx = toNumeric(x);
        Object ny = toNumeric(y);
        if (nx instanceof BigInteger bx && ny instanceof BigInteger by) {
            return bx.add(by);
        }
        return (Double) number(nx) + (Double) number(ny);
    }

    /** @return {@code a < b} for a number {@code a} */
    static boolean lessThan(double a, Object b) {
        Object n = toNumeric(b);
        return a < (n instanceof BigInteger big ? big.doubleValue() : (Double) n);
    }

    /** JavaScript's ToNumber of a non-bigint value (ToIntegerOrInfinity is left to the caller). */
    static double toNumber(Object v) {
        Object n = toNumeric(v);
        if (n instanceof BigInteger) {
            throw new RpcException("TypeError", "Cannot convert a BigInt value to a number");
        }
        return (Double) n;
    }

    private static Object number(Object numeric) {
        if (numeric instanceof BigInteger) {
            throw new RpcException("TypeError", "Cannot mix BigInt and other types, use explicit conversions");
        }
        return numeric;
    }

    /** ToNumeric: a bigint as itself, anything else as a double. */
    private static Object toNumeric(Object v) {
        Object p = primitive(v);
        if (p instanceof BigInteger) {
            return p;
        }
        if (p == Undefined.INSTANCE) {
            return Double.NaN;
        }
        if (p == null) {
            return 0.0;
        }
        if (p instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (p instanceof Number n) {
            return n.doubleValue();
        }
        String s = ((String) p).strip();
        if (s.isEmpty()) {
            return 0.0;
        }
        try {
            if (s.matches("[+-]?(Infinity|[0-9]+\\.?[0-9]*([eE][+-]?[0-9]+)?|\\.[0-9]+([eE][+-]?[0-9]+)?)")) {
                return s.endsWith("Infinity") ? (s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                        : Double.parseDouble(s);
            }
            if (s.matches("0[xX][0-9a-fA-F]+")) {
                return new BigInteger(s.substring(2), 16).doubleValue();
            }
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** ToPrimitive for the values a call can receive: arrays print as their joined elements, objects as text. */
    private static Object primitive(Object v) {
        if (v instanceof List<?> list) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                Object e = list.get(i);
                if (e != null && e != Undefined.INSTANCE) {
                    out.append(string(primitive(e)));
                }
            }
            return out.toString();
        }
        if (v instanceof Map<?, ?>) {
            return "[object Object]";
        }
        return v;
    }

    private static String string(Object p) {
        if (p == Undefined.INSTANCE) {
            return "undefined";
        }
        if (p instanceof Double d) {
            if (d.isNaN()) {
                return "NaN";
            }
            if (d.isInfinite()) {
                return d > 0 ? "Infinity" : "-Infinity";
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e21) {
                return Long.toString(d.longValue());
            }
        }
        return String.valueOf(p);
    }
}
