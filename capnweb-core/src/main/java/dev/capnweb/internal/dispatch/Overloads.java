package dev.capnweb.internal.dispatch;

import dev.capnweb.RpcException;
import dev.capnweb.Undefined;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses among a method's overloads and converts the arguments.
 *
 * <p>JavaScript never rejects a call for its number of arguments, so neither does this:
 * <ol>
 *   <li>the overloads that take exactly {@code args.size()} arguments (a varargs method takes any
 *       number from its arity minus one), else</li>
 *   <li>those with the smallest arity above it (missing trailing arguments are {@code null}; a
 *       primitive parameter refuses to be missing), else</li>
 *   <li>those with the largest arity below it (surplus arguments are dropped).</li>
 * </ol>
 * Within that group, a single overload is converted leniently (Jackson allowed). With several,
 * every overload is tried strictly (no Jackson) and the cheapest conversion wins (a value taken
 * as is costs nothing; each number or container conversion costs one); on a tie, the overload
 * whose parameter types are all subtypes of the other's wins, then the first by signature. If no
 * overload converts strictly, the first (by signature) that converts leniently is used. If none
 * converts, the call fails with the first overload's reason and the method is not called.
 */
final class Overloads {
    private static final Object MISSING = new Object();

    private Overloads() {
    }

    /**
     * Invokes the best overload on {@code target}; what the method throws propagates unwrapped.
     *
     * @param target    the receiver
     * @param overloads the candidates (non-empty), ordered by arity then signature
     * @param args      the received arguments
     * @return the method's return value, {@link Undefined#INSTANCE} for {@code void}
     */
    static Object invoke(Object target, List<MethodEntry> overloads, List<Object> args) throws Throwable {
        List<MethodEntry> group = group(overloads, args.size());
        if (group.size() == 1) {
            MethodEntry only = group.get(0);
            Object[] converted;
            try {
                converted = convert(only, args, new ArgumentConverter.Pass(true));
            } catch (IndexedFailure f) {
                throw f.toException(only);
            }
            return only.invoke(target, converted);
        }
        MethodEntry best = null;
        Object[] bestArgs = null;
        int bestCost = Integer.MAX_VALUE;
        IndexedFailure first = null;
        for (MethodEntry e : group) {
            ArgumentConverter.Pass pass = new ArgumentConverter.Pass(false);
            try {
                Object[] converted = convert(e, args, pass);
                if (pass.cost < bestCost || (pass.cost == bestCost && moreSpecific(e, best))) {
                    best = e;
                    bestArgs = converted;
                    bestCost = pass.cost;
                }
            } catch (IndexedFailure f) {
                if (first == null) {
                    first = f;
                }
            }
        }
        if (best == null) {
            for (MethodEntry e : group) {
                try {
                    bestArgs = convert(e, args, new ArgumentConverter.Pass(true));
                    best = e;
                    break;
                } catch (IndexedFailure f) {
                    // Try the next overload.
                }
            }
        }
        if (best == null) {
            throw first.toException(group.get(0));
        }
        return best.invoke(target, bestArgs);
    }

    /** @return the overloads that the arity policy selects for {@code n} arguments */
    static List<MethodEntry> group(List<MethodEntry> overloads, int n) {
        List<MethodEntry> fits = new ArrayList<>();
        for (MethodEntry e : overloads) {
            if (e.minArgs() <= n && n <= e.maxArgs()) {
                fits.add(e);
            }
        }
        if (!fits.isEmpty()) {
            return fits;
        }
        int above = Integer.MAX_VALUE;
        int below = -1;
        for (MethodEntry e : overloads) {
            if (e.minArgs() > n) {
                above = Math.min(above, e.minArgs());
            } else if (e.maxArgs() < n) {
                below = Math.max(below, e.maxArgs());
            }
        }
        List<MethodEntry> chosen = new ArrayList<>();
        for (MethodEntry e : overloads) {
            if (above != Integer.MAX_VALUE ? e.minArgs() == above : e.maxArgs() == below) {
                chosen.add(e);
            }
        }
        return chosen;
    }

    private static boolean moreSpecific(MethodEntry a, MethodEntry b) {
        if (b == null) {
            return true;
        }
        if (a.arity != b.arity) {
            return false;
        }
        boolean strictly = false;
        for (int i = 0; i < a.arity; i++) {
            Class<?> pa = ArgumentConverter.boxed(a.rawParams[i]);
            Class<?> pb = ArgumentConverter.boxed(b.rawParams[i]);
            if (!pb.isAssignableFrom(pa)) {
                return false;
            }
            strictly |= pa != pb;
        }
        return strictly;
    }

    private static Object[] convert(MethodEntry e, List<Object> args, ArgumentConverter.Pass pass)
            throws IndexedFailure {
        int n = args.size();
        Object[] out = new Object[e.arity];
        int fixed = e.varArgs ? e.arity - 1 : e.arity;
        for (int i = 0; i < fixed; i++) {
            out[i] = convertOne(e, i, i < n ? args.get(i) : MISSING, pass);
        }
        if (e.varArgs) {
            int last = e.arity - 1;
            Object rest;
            if (n == e.arity && ArgumentConverter.elements(args.get(last)) != null) {
                rest = args.get(last);
            } else {
                rest = n > last ? new ArrayList<>(args.subList(last, n)) : List.of();
            }
            out[last] = convertOne(e, last, rest, pass);
        }
        return out;
    }

    private static Object convertOne(MethodEntry e, int i, Object raw, ArgumentConverter.Pass pass)
            throws IndexedFailure {
        if (raw == MISSING || raw == Undefined.INSTANCE || raw == null) {
            if (raw != null && e.converters[i] == ArgumentConverter.IDENTITY) {
                // An Object parameter sees what JavaScript sees: an undefined or missing argument is undefined.
                return Undefined.INSTANCE;
            }
            if (e.rawParams[i].isPrimitive()) {
                String what = raw == null ? "null for" : "missing value for";
                throw new IndexedFailure(i, what + " primitive parameter '" + e.paramNames[i] + "' ("
                        + e.rawParams[i].getName() + ")");
            }
            raw = null;
        }
        try {
            return e.converters[i].convert(raw, pass);
        } catch (ConversionFailure f) {
            throw new IndexedFailure(i, f.getMessage());
        }
    }

    /** A conversion failure of one argument; becomes the call's TypeError. */
    private static final class IndexedFailure extends Exception {
        final int index;

        IndexedFailure(int index, String reason) {
            super(reason, null, false, false);
            this.index = index;
        }

        RpcException toException(MethodEntry e) {
            return new RpcException("TypeError", "Cannot convert argument " + index + " of " + e.name + ": "
                    + getMessage());
        }
    }
}
