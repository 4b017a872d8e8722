package dev.capnweb.internal.codec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Prints doubles as JavaScript's {@code Number.prototype.toString} does, so output matches the reference. */
final class JsNumbers {
    private JsNumbers() {
    }

    /** @param d a finite double @return its JavaScript text */
    static String format(double d) {
        if (d == 0) {
            return "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        BigDecimal exact = shortest(Math.abs(d));
        String s = exact.unscaledValue().toString();
        int k = s.length();
        int n = k - exact.scale();
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
        if (k <= n && n <= 21) {
            out.append(s).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(s);
        } else {
            int e = n - 1;
            out.append(s.charAt(0));
            if (k > 1) {
                out.append('.').append(s, 1, k);
            }
            out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return out.toString();
    }

    /** JDK 17's {@code Double.toString} is occasionally a digit longer than needed (4.9E-324); trim it. */
    private static BigDecimal shortest(double d) {
        BigDecimal best = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        for (int digits = best.precision() - 1; digits >= 1; digits--) {
            BigDecimal shorter = best.round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
            if (shorter.doubleValue() != d) {
                break;
            }
            best = shorter;
        }
        return best;
    }
}
