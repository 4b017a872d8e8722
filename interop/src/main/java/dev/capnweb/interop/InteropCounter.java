package dev.capnweb.interop;

import dev.capnweb.RpcTarget;

/** The reference's test {@code Counter}: {@code increment(amount = 1)} and a {@code value} property. */
public final class InteropCounter extends RpcTarget {
    private long i;

    InteropCounter(long i) {
        this.i = i;
    }

    /**
     * @param amount how much to add; missing means 1, as the reference's default argument
     * @return the new value
     */
    public synchronized long increment(Long amount) {
        i += amount == null ? 1 : amount;
        return i;
    }

    /** @return the value, read over RPC as the property {@code value} */
    public synchronized long getValue() {
        return i;
    }
}
