package dev.capnweb.internal.codec;

import java.util.List;

/**
 * A parsed expression: the Java value (plain values already final, {@link WireRef}s in the
 * places of capabilities) and the list of those references in document order.
 */
public final class Parsed {
    private Object value;
    private List<RefSlot> refs;

    /**
     * @param value the value
     * @param refs  the references inside it, in document order (empty list when none)
     */
    public Parsed(Object value, List<RefSlot> refs) {
        this.value = value;
        this.refs = refs;
    }

    /** @return the value, with references replaced once the session has resolved them */
    public Object value() {
        return value;
    }

    /** @param value the new root value (used by the root slot's setter) */
    public void setValue(Object value) {
        this.value = value;
    }

    /** @return the references in document order */
    public List<RefSlot> refs() {
        return refs;
    }

    /**
     * Forgets the references once they have been resolved, with the parsed call arguments and
     * paths they hold: a value kept for long (a push nobody pulled) then keeps only the value.
     */
    public void releaseRefs() {
        refs = List.of();
    }
}
