package dev.capnweb.interop;

import dev.capnweb.RpcTarget;
import dev.capnweb.Undefined;

/** The reference's test {@code Counter}: {@code increment(amount = 1)} and a {@code value} property. */
public final class InteropCounter extends RpcTarget {
    private Object i;

    InteropCounter(Object i) {
        this.i = i;
    }

    /**
     * @param amount how much to add, with JavaScript's {@code +=}; undefined or missing means 1,
     *               as the reference's default argument
     * @return the new value
     */
    public synchronized Object increment(Object amount) {
        i = JsOps.add(i, amount == Undefined.INSTANCE ? 1L : amount);
        return i;
    }

    /** @return the value, read over RPC as the property {@code value} */
    public synchronized Object getValue() {
        return i;
    }
}
