package dev.capnweb.internal.dispatch;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Exact numeric conversions. JavaScript has one number type, so a Java parameter of any numeric
 * type accepts any number that it can hold exactly; integer types refuse fractions, NaN, infinities
 * and out-of-range values rather than truncate them.
 */
final class Numbers {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Numbers() {
    }

    /**
     * @param n      the number
     * @param target a boxed numeric class ({@code Integer}, {@code Long}, ... {@code BigDecimal})
     * @param name   the type's name for messages
     * @return the number as {@code target}
     * @throws ConversionFailure when it does not fit exactly
     */
    static Object convert(Number n, Class<?> target, String name) throws ConversionFailure {
        if (target == Double.class) {
            return n.doubleValue();
        }
        if (target == Float.class) {
            return n.floatValue();
        }
        if (target == BigDecimal.class) {
            BigDecimal d = n instanceof Double && Double.isFinite(n.doubleValue())
                    ? BigDecimal.valueOf(n.doubleValue()) : decimal(n);
            if (d == null) {
                throw new ConversionFailure("expected " + name + ", got number " + n);
            }
            return d;
        }
        boolean small = n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
        BigInteger i = small ? null : integer(n);
        if (!small && i == null) {
            throw new ConversionFailure("expected an integer (" + name + "), got number " + n);
        }
        if (target == BigInteger.class) {
            return small ? BigInteger.valueOf(n.longValue()) : i;
        }
        long min;
        long max;
        if (target == Long.class) {
            min = Long.MIN_VALUE;
            max = Long.MAX_VALUE;
        } else if (target == Integer.class) {
            min = Integer.MIN_VALUE;
            max = Integer.MAX_VALUE;
        } else if (target == Short.class) {
            min = Short.MIN_VALUE;
            max = Short.MAX_VALUE;
        } else if (target == Byte.class) {
            min = Byte.MIN_VALUE;
            max = Byte.MAX_VALUE;
        } else {
            throw new ConversionFailure("expected " + name + ", got number " + n);
        }
        if (!small && (i.compareTo(LONG_MIN) < 0 || i.compareTo(LONG_MAX) > 0)) {
            throw new ConversionFailure("number " + n + " is out of range for " + name);
        }
        long v = small ? n.longValue() : i.longValue();
        if (v < min || v > max) {
            throw new ConversionFailure("number " + n + " is out of range for " + name);
        }
        if (target == Long.class) {
            return v;
        } else if (target == Integer.class) {
            return (int) v;
        } else if (target == Short.class) {
            return (short) v;
        }
        return (byte) v;
    }

    /** @return the exact integer value, or {@code null} for a fraction, NaN or an infinity */
    private static BigInteger integer(Number n) {
        if (n instanceof BigInteger b) {
            return b;
        }
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return BigInteger.valueOf(n.longValue());
        }
        BigDecimal d = decimal(n);
        if (d == null) {
            return null;
        }
        try {
            return d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return null;
            }
            return new BigDecimal(d);
        }
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return BigDecimal.valueOf(n.longValue());
        }
        try {
            return new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
