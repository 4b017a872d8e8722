package dev.capnweb.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A map from {@code long} IDs to values, for a session's import and export tables: open
 * addressing with linear probing, so a lookup on the call path neither boxes its key nor walks
 * a node. Not thread-safe: a session's tables are only touched on its lane.
 *
 * <p>IDs are handed out in sequence, so their low bits would put the live ones in one unbroken
 * probe run (a few hundred entries under load), and every removal would scan the rest of that
 * run. The slot is taken from a multiplicative hash instead, which scatters consecutive IDs.
 *
 * @param <V> the values; never null
 */
final class LongTable<V> {
    private static final int MIN_CAPACITY = 16;

    private long[] keys = new long[MIN_CAPACITY];
    private Object[] values = new Object[MIN_CAPACITY];
    private int size;

    /** @return the number of entries */
    int size() {
        return size;
    }

    /** @return the value for {@code id}, or null */
    @SuppressWarnings("unchecked")
    V get(long id) {
        int mask = keys.length - 1;
        for (int i = slot(id, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == id) {
                return (V) v;
            }
        }
    }

    /** @return whether {@code id} has a value */
    boolean containsKey(long id) {
        return get(id) != null;
    }

    /**
     * @param value not null
     * @return the value {@code id} had, or null
     */
    @SuppressWarnings("unchecked")
    V put(long id, V value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        int mask = keys.length - 1;
        int i = slot(id, mask);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == id) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
        }
        keys[i] = id;
        values[i] = value;
        if (++size * 2 > keys.length) {
            resize(keys.length * 2);
        }
        return null;
    }

    /** @return the value {@code id} had, or null */
    @SuppressWarnings("unchecked")
    V remove(long id) {
        int mask = keys.length - 1;
        int i = slot(id, mask);
        while (true) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == id) {
                closeGap(i, mask);
                size--;
                return (V) v;
            }
            i = (i + 1) & mask;
        }
    }

    /** @return a copy of the values, in no particular order */
    @SuppressWarnings("unchecked")
    List<V> values() {
        List<V> out = new ArrayList<>(size);
        for (Object v : values) {
            if (v != null) {
                out.add((V) v);
            }
        }
        return out;
    }

    /** Removes every entry and gives back the memory a large table held. */
    void clear() {
        keys = new long[MIN_CAPACITY];
        values = new Object[MIN_CAPACITY];
        size = 0;
    }

    private static int slot(long id, int mask) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    /** Backward-shift deletion: moves later entries of the probe run into the gap at {@code gap}. */
    private void closeGap(int gap, int mask) {
        int i = gap;
        while (true) {
            i = (i + 1) & mask;
            Object v = values[i];
            if (v == null) {
                break;
            }
            int home = slot(keys[i], mask);
            // The entry may move into the gap unless its home lies cyclically in (gap, i].
            boolean homeBetween = gap <= i ? gap < home && home <= i : gap < home || home <= i;
            if (!homeBetween) {
                keys[gap] = keys[i];
                values[gap] = v;
                gap = i;
            }
        }
        values[gap] = null;
        keys[gap] = 0;
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[capacity];
        values = new Object[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            Object v = oldValues[j];
            if (v != null) {
                int i = slot(oldKeys[j], mask);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = v;
            }
        }
    }
}
