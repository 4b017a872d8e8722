package dev.capnweb.internal;

import dev.capnweb.RpcException;

/**
 * One session's share of a {@link BudgetPool}: what the peer's messages have left in the tables,
 * charged when an entry is made and released with it. The session takes from the pool a slice
 * at a time and gives back what it no longer needs, so most charges touch only this object.
 * Used on the session's lane only.
 */
final class BudgetAccount {
    private final BudgetPool pool;
    private final long sessionLimit;
    /** Charged to the peer's live entries. */
    private long charged;
    /** Taken from the pool; at least {@link #charged}. */
    private long held;

    BudgetAccount(BudgetPool pool, long sessionLimit) {
        this.pool = pool;
        this.sessionLimit = sessionLimit;
    }

    /** @throws RpcException when the session's limit or the shared budget cannot cover {@code bytes} */
    void charge(long bytes) {
        long after = charged + bytes;
        if (after > sessionLimit) {
            throw new RpcException("Error", "The peer's messages would hold " + after + " bytes in this session, over its limit of "
                    + sessionLimit + " (maxRetainedBytes); pull or release earlier results first.");
        }
        long need = after - held;
        if (need > 0) {
            long take = Math.max(need, pool.slice());
            if (!pool.tryTake(take)) {
                if (take == need || !pool.tryTake(need)) {
                    throw pool.exhausted();
                }
                take = need;
            }
            held += take;
        }
        charged = after;
    }

    void release(long bytes) {
        charged -= bytes;
        long spare = held - charged;
        if (spare > 2 * pool.slice()) {
            long give = spare - pool.slice();
            pool.giveBack(give);
            held -= give;
        }
    }

    /** @return bytes charged now */
    long charged() {
        return charged;
    }

    /** The session is over: everything goes back. */
    void close() {
        pool.giveBack(held);
        held = 0;
        charged = 0;
    }
}
