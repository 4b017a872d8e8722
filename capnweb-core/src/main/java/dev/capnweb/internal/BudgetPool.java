package dev.capnweb.internal;

import dev.capnweb.RpcException;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared counter behind a {@code MemoryBudget}. Sessions take from it in slices through a
 * {@link BudgetAccount} of their own, so it is touched once per slice, not once per call.
 */
public final class BudgetPool {
    private final long limit;
    private final long slice;
    private final AtomicLong used = new AtomicLong();

    /**
     * @param limit the most bytes all accounts together may hold
     * @param slice how much an account takes at a time
     */
    public BudgetPool(long limit, long slice) {
        this.limit = limit;
        this.slice = slice;
    }

    /** @return the limit */
    public long limit() {
        return limit;
    }

    /** @return the bytes taken now */
    public long used() {
        return used.get();
    }

    long slice() {
        return slice;
    }

    /** @return whether {@code bytes} were taken; nothing is taken when they do not fit */
    boolean tryTake(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void giveBack(long bytes) {
        if (bytes > 0) {
            used.addAndGet(-bytes);
        }
    }

    RpcException exhausted() {
        return new RpcException("Error", "The memory budget for peers is exhausted (" + used.get() + " of " + limit
                + " bytes in use across sessions); try again later.");
    }
}
