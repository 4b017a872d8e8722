package dev.capnweb;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small bridges between {@link Flow} streams and plain Java, for code that sends or reads
 * ReadableStreams without a reactive library. (Reactor, RxJava and Mutiny publishers work as
 * they are; their {@code Flow} adapters give a {@link Flow.Publisher}.)
 */
public final class Publishers {
    private Publishers() {
    }

    /**
     * A publisher that reads {@code items} lazily, as the subscriber asks: sent as a ReadableStream,
     * the iterator is advanced only as fast as the peer takes chunks. Each subscriber gets its own
     * iterator. An exception thrown by the iterator ends the stream with that error.
     *
     * @param items the chunks
     * @param <T>   the chunk type
     * @return the publisher
     */
    public static <T> Flow.Publisher<T> fromIterable(Iterable<? extends T> items) {
        Objects.requireNonNull(items, "items");
        return subscriber -> new IteratorSubscription<T>(items.iterator(), subscriber).start();
    }

    /**
     * Reads a whole stream into a list.
     *
     * @param publisher the stream, for example a ReadableStream received from the peer
     * @param <T>       the chunk type
     * @return completes with every chunk in order, or with the stream's error
     */
    public static <T> CompletableFuture<List<T>> collect(Flow.Publisher<? extends T> publisher) {
        CompletableFuture<List<T>> result = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<T>() {
            private final List<T> items = new ArrayList<>();

            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(T item) {
                items.add(item);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                result.complete(items);
            }
        });
        return result;
    }

    /**
     * Reads a stream chunk by chunk: asks for the next chunk only after {@code action} returned for
     * the one before, so a ReadableStream from the peer flows no faster than it is consumed.
     * {@code action} runs on the thread that delivers the chunk (for a stream from the peer, the
     * session's thread): keep it short. If it throws, the stream is cancelled and the future fails.
     *
     * @param publisher the stream
     * @param action    what to do with each chunk
     * @param <T>       the chunk type
     * @return completes when the stream has ended, or fails with its error
     */
    public static <T> CompletableFuture<Void> forEach(Flow.Publisher<? extends T> publisher,
                                                      java.util.function.Consumer<? super T> action) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<T>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(T item) {
                if (result.isDone()) {
                    return;
                }
                try {
                    action.accept(item);
                } catch (RuntimeException e) {
                    subscription.cancel();
                    result.completeExceptionally(e);
                    return;
                }
                subscription.request(1);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                result.complete(null);
            }
        });
        return result;
    }

    /** Emits from an iterator up to the demand, without recursion when request() is called from onNext. */
    private static final class IteratorSubscription<T> implements Flow.Subscription {
        private final Iterator<? extends T> items;
        private final Flow.Subscriber<? super T> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicBoolean done = new AtomicBoolean();

        IteratorSubscription(Iterator<? extends T> items, Flow.Subscriber<? super T> subscriber) {
            this.items = items;
            this.subscriber = subscriber;
        }

        void start() {
            subscriber.onSubscribe(this);
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                if (done.compareAndSet(false, true)) {
                    subscriber.onError(new IllegalArgumentException("request(n) needs n > 0, got " + n));
                }
                return;
            }
            // Whoever raises the demand from zero emits; a nested request() only adds to it.
            if (demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b) != 0) {
                return;
            }
            long emitted = 0;
            while (!done.get()) {
                long wanted = demand.get();
                while (emitted < wanted && !done.get()) {
                    T next;
                    try {
                        if (!items.hasNext()) {
                            if (done.compareAndSet(false, true)) {
                                subscriber.onComplete();
                            }
                            return;
                        }
                        next = items.next();
                    } catch (RuntimeException e) {
                        if (done.compareAndSet(false, true)) {
                            subscriber.onError(e);
                        }
                        return;
                    }
                    subscriber.onNext(next);
                    emitted++;
                }
                if (demand.addAndGet(-emitted) == 0) {
                    return;
                }
                emitted = 0;
            }
        }

        @Override
        public void cancel() {
            done.set(true);
        }
    }
}
