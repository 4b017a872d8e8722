package dev.capnweb.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Sends a local {@link Flow.Publisher} over a pipe: asks for one chunk at a time, writes it, and
 * asks for the next once the window has room, so a publisher is never read faster than the peer
 * acknowledges. The publisher's end becomes {@code close}, its error {@code abort}; if the peer
 * stops reading, the subscription is cancelled. Signals hop onto the session's lane, queued
 * rather than nested, so a publisher that emits from inside {@code request} cannot grow the stack.
 */
final class PublisherPump implements Flow.Subscriber<Object> {
    private final SerialLane lane;
    private final RemoteWritable out;
    private Flow.Subscription subscription;
    private boolean done;

    private PublisherPump(SerialLane lane, RemoteWritable out) {
        this.lane = lane;
        this.out = out;
    }

    /** Starts sending {@code source} into {@code out}. */
    @SuppressWarnings("unchecked")
    static void start(SerialLane lane, Flow.Publisher<?> source, RemoteWritable out) {
        PublisherPump pump = new PublisherPump(lane, out);
        try {
            ((Flow.Publisher<Object>) source).subscribe(pump);
        } catch (RuntimeException e) {
            pump.onError(e);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        lane.execute(() -> {
            if (subscription != null || done) {
                s.cancel();
                return;
            }
            subscription = s;
            s.request(1);
        });
    }

    @Override
    public void onNext(Object chunk) {
        lane.execute(() -> {
            if (done) {
                return;
            }
            CompletableFuture<Void> written = out.write(chunk);
            written.whenComplete((v, err) -> {
                if (err != null) {
                    stop();
                } else if (!done) {
                    subscription.request(1);
                }
            });
        });
    }

    @Override
    public void onError(Throwable error) {
        lane.execute(() -> {
            if (!done) {
                done = true;
                out.abort(error);
            }
        });
    }

    @Override
    public void onComplete() {
        lane.execute(() -> {
            if (!done) {
                done = true;
                out.close();
            }
        });
    }

    /** The peer stopped reading (or the session ended): stop the publisher. */
    private void stop() {
        if (!done) {
            done = true;
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }
}
