package dev.capnweb.internal;

import dev.capnweb.RpcException;
import dev.capnweb.StreamSink;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A pipe the peer opened with {@code ["pipe"]}: the peer writes into the sink end (exported
 * through a {@link SinkHook}), and whoever received {@code ["readable", id]} reads the publisher
 * end. A write completes when its chunk has been handed to the subscriber, so the peer's
 * acknowledgements, and with them its window, follow the subscriber's demand. One subscriber;
 * signals are delivered on the session's lane, in order, never re-entrantly.
 */
final class Pipe implements Flow.Publisher<Object>, StreamSink<Object> {
    private record Chunk(Object value, CompletableFuture<Void> taken) {
    }

    private final SerialLane lane;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private Flow.Subscriber<? super Object> subscriber;
    private long demand;
    private boolean delivering;
    private CompletableFuture<Void> closeDone;
    private boolean finished;
    private Throwable error;

    Pipe(SerialLane lane) {
        this.lane = lane;
    }

    // ---- sink end: called on the lane by the SinkHook, one at a time ----

    @Override
    public CompletionStage<Void> write(Object chunk) {
        if (error != null) {
            return CompletableFuture.failedFuture(error);
        }
        if (closeDone != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("write() after close() on a ReadableStream pipe"));
        }
        Chunk c = new Chunk(chunk, new CompletableFuture<>());
        queue.add(c);
        deliver();
        return c.taken();
    }

    @Override
    public CompletionStage<Void> close() {
        if (error != null) {
            return CompletableFuture.failedFuture(error);
        }
        if (closeDone != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("close() after close() on a ReadableStream pipe"));
        }
        closeDone = new CompletableFuture<>();
        deliver();
        return closeDone;
    }

    @Override
    public CompletionStage<Void> abort(Throwable reason) {
        fail(reason);
        return CompletableFuture.completedFuture(null);
    }

    // ---- publisher end ----

    @Override
    public void subscribe(Flow.Subscriber<? super Object> s) {
        lane.run(() -> {
            if (subscriber != null) {
                s.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
                s.onError(new IllegalStateException("This ReadableStream already has a subscriber; a stream is read once."));
                return;
            }
            subscriber = s;
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    lane.run(() -> more(n));
                }

                @Override
                public void cancel() {
                    lane.run(() -> cancelled(new RpcException("Error", "The ReadableStream's reader canceled it.")));
                }
            });
            deliver();
        });
    }

    /** The value was dropped unread: the writer learns at once, as the reference cancels such a stream. */
    void cancelIfUnread() {
        lane.run(() -> {
            if (subscriber == null && !finished) {
                cancelled(new RpcException("Error", "ReadableStream RPC stub was disposed without being consumed"));
            }
        });
    }

    private void more(long n) {
        if (finished) {
            return;
        }
        if (n <= 0) {
            fail(new IllegalArgumentException("Flow.Subscription.request(n) needs n > 0, got " + n));
            return;
        }
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        deliver();
    }

    private void cancelled(Throwable reason) {
        if (!finished) {
            subscriber = subscriber == null ? null : NOBODY;
        }
        fail(reason);
    }

    private void fail(Throwable reason) {
        if (error == null && !finished) {
            error = reason;
        }
        for (Chunk c; (c = queue.poll()) != null; ) {
            c.taken().completeExceptionally(reason);
        }
        if (closeDone != null && !closeDone.isDone()) {
            closeDone.completeExceptionally(reason);
        }
        deliver();
    }

    /** Hands queued chunks to the subscriber as far as its demand goes; then the end, if reached. */
    private void deliver() {
        if (delivering || subscriber == null || finished) {
            return;
        }
        delivering = true;
        try {
            while (!finished) {
                if (error != null) {
                    finished = true;
                    if (subscriber != NOBODY) {
                        subscriber.onError(error);
                    }
                } else if (!queue.isEmpty() && demand > 0) {
                    Chunk c = queue.poll();
                    demand--;
                    try {
                        subscriber.onNext(c.value());
                    } catch (RuntimeException e) {
                        // A subscriber that throws has cancelled (Reactive Streams rule 2.13).
                        c.taken().completeExceptionally(e);
                        subscriber = NOBODY;
                        fail(e);
                        continue;
                    }
                    c.taken().complete(null);
                } else if (queue.isEmpty() && closeDone != null) {
                    finished = true;
                    subscriber.onComplete();
                    closeDone.complete(null);
                } else {
                    break;
                }
            }
        } finally {
            delivering = false;
        }
    }

    /** Stands in for a subscriber that cancelled: nothing more is signalled to it. */
    private static final Flow.Subscriber<Object> NOBODY = new Flow.Subscriber<>() {
        @Override
        public void onSubscribe(Flow.Subscription s) {
        }

        @Override
        public void onNext(Object item) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onComplete() {
        }
    };

    @Override
    public String toString() {
        return "ReadableStream (capnweb pipe)";
    }
}
