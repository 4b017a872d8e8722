package dev.capnweb;

import dev.capnweb.internal.BudgetPool;

/**
 * A memory budget shared by every session whose {@link SessionOptions} name it: what the peers
 * of all those sessions together can make this process hold. When a message from a peer would
 * take the budget past its limit, that session aborts with
 * {@code Error: The memory budget for peers is exhausted (...)}, and servers refuse new sessions
 * (HTTP 503) until enough is released; the sessions already open go on.
 *
 * <p>What is counted is what a peer's messages leave behind in the tables: each push, stream
 * write and stub or promise the peer exports to this side, from the message that made it until
 * it is released, costs {@link #ENTRY_COST} bytes plus the length of that message. Values the
 * application itself makes (its own calls, the results its methods return) are the
 * application's to bound.
 *
 * <p>The default, {@link #shared()}, is one budget for the whole JVM, a quarter of the maximum
 * heap, so that no number of peers can exhaust the heap through the tables. A server that wants
 * a share of its own gets one with {@link #ofBytes}.
 *
 * <p>Sessions take from the budget in slices of {@link #SLICE} bytes and give back what they
 * do not use, so the shared counter is touched about once per {@code SLICE} bytes of traffic,
 * not once per call.
 */
public final class MemoryBudget {
    /** The charge for one table entry, above the bytes of the message that made it (an unpulled call measured 353 bytes of heap, table slot aside). */
    public static final int ENTRY_COST = 512;
    /** The text servers answer with when they refuse a new session because the budget is used up (HTTP 503). */
    public static final String SESSION_REFUSED = "The server is at its memory budget for peers; try again later.";
    /** How much a session takes from the budget at a time. */
    public static final long SLICE = 64 * 1024;

    private static final MemoryBudget SHARED = new MemoryBudget(Runtime.getRuntime().maxMemory() / 4);

    private final BudgetPool pool;

    private MemoryBudget(long limit) {
        this.pool = new BudgetPool(limit, SLICE);
    }

    /**
     * @param limit the most bytes the sessions that share this budget may hold for their peers;
     *              at least one {@link #SLICE}
     * @return a new budget
     */
    public static MemoryBudget ofBytes(long limit) {
        if (limit < SLICE) {
            throw new IllegalArgumentException("A memory budget holds at least one slice (" + SLICE + " bytes): " + limit);
        }
        return new MemoryBudget(limit);
    }

    /** @return the JVM-wide budget every session uses by default: a quarter of the maximum heap */
    public static MemoryBudget shared() {
        return SHARED;
    }

    /** @return the limit in bytes */
    public long limit() {
        return pool.limit();
    }

    /** @return the bytes taken from the budget now, slices that sessions hold but have not used included */
    public long used() {
        return pool.used();
    }

    /** @return whether less than one slice is left, so that servers refuse new sessions */
    public boolean isExhausted() {
        return pool.limit() - pool.used() < SLICE;
    }

    /** @return the counter sessions take from */
    BudgetPool pool() {
        return pool;
    }

    @Override
    public String toString() {
        return "MemoryBudget[used=" + used() + ", limit=" + limit() + "]";
    }
}
