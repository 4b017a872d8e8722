package dev.capnweb.testsupport;

import dev.capnweb.RpcTarget;

import java.util.concurrent.atomic.AtomicInteger;

/** A main object whose answers can be made large, counting the ones it makes: for peers that do not read. */
public final class CountingTarget extends RpcTarget {
    private final AtomicInteger made;

    /** @param made counts the calls of {@link #text} */
    public CountingTarget(AtomicInteger made) {
        this.made = made;
    }

    /** @param length how long @return that many {@code x} */
    public String text(int length) {
        made.incrementAndGet();
        return "x".repeat(length);
    }

    /** @param i a number @return its square */
    public long square(long i) {
        return i * i;
    }
}
