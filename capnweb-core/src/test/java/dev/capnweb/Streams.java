package dev.capnweb;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** Publishers and subscribers for stream tests. */
final class Streams {
    private Streams() {
    }

    /** A publisher of {@code n} chunks made on demand; remembers whether it was cancelled. */
    static final class Generated implements Flow.Publisher<Object> {
        final int n;
        final IntFunction<Object> chunk;
        final AtomicBoolean cancelled = new AtomicBoolean();
        final CompletableFuture<Void> cancelledSignal = new CompletableFuture<>();
        final Throwable failAtEnd;

        Generated(int n, IntFunction<Object> chunk) {
            this(n, chunk, null);
        }

        Generated(int n, IntFunction<Object> chunk, Throwable failAtEnd) {
            this.n = n;
            this.chunk = chunk;
            this.failAtEnd = failAtEnd;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super Object> s) {
            AtomicLong demand = new AtomicLong();
            int[] next = {0};
            AtomicBoolean emitting = new AtomicBoolean();
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long k) {
                    demand.addAndGet(k);
                    // Synchronous on purpose: the pump must cope with emission from inside request().
                    if (!emitting.compareAndSet(false, true)) {
                        return;
                    }
                    try {
                        while (demand.get() > 0 && next[0] < n && !cancelled.get()) {
                            demand.decrementAndGet();
                            s.onNext(chunk.apply(next[0]++));
                        }
                        if (next[0] == n && !cancelled.get()) {
                            next[0]++;
                            if (failAtEnd != null) {
                                s.onError(failAtEnd);
                            } else {
                                s.onComplete();
                            }
                        }
                    } finally {
                        emitting.set(false);
                    }
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                    cancelledSignal.complete(null);
                }
            });
        }
    }

    /** Chunk {@code i} of the mixed test streams: a string, bytes or an object, in turn. */
    static Object mixedChunk(int i) {
        switch (i % 3) {
            case 0:
                return "chunk " + i;
            case 1:
                return new byte[] {(byte) i, (byte) (i >> 8), 7};
            default:
                return java.util.Map.of("i", (long) i);
        }
    }
}
