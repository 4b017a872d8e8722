package dev.capnweb;

import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublishersTest {
    @Test
    void collectsWhatAnIterableHolds() throws Exception {
        assertThat(Publishers.collect(Publishers.fromIterable(List.of("a", "b", "c"))).get(5, TimeUnit.SECONDS))
                .containsExactly("a", "b", "c");
        assertThat(Publishers.collect(Publishers.fromIterable(List.of())).get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void theIteratorIsReadOnlyAsFarAsTheDemandGoes() {
        AtomicInteger advanced = new AtomicInteger();
        Iterable<Integer> counting = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return advanced.incrementAndGet();
            }
        };
        Flow.Subscription[] held = new Flow.Subscription[1];
        Publishers.fromIterable(counting).subscribe(new Flow.Subscriber<Integer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                held[0] = s;
                s.request(3);
            }

            @Override
            public void onNext(Integer item) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        assertThat(advanced).hasValue(3);
        held[0].request(2);
        assertThat(advanced).hasValue(5);
        held[0].cancel();
        held[0].request(2);
        assertThat(advanced).hasValue(5);
    }

    @Test
    void oneAtATimeFromInsideOnNextDoesNotRecurse() throws Exception {
        List<Integer> items = IntStream.range(0, 200_000).boxed().toList();
        CompletableFuture<Integer> count = new CompletableFuture<>();
        Publishers.fromIterable(items).subscribe(new Flow.Subscriber<Integer>() {
            Flow.Subscription s;
            int n;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                this.s = s;
                s.request(1);
            }

            @Override
            public void onNext(Integer item) {
                n++;
                s.request(1);
            }

            @Override
            public void onError(Throwable t) {
                count.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                count.complete(n);
            }
        });
        assertThat(count.get(5, TimeUnit.SECONDS)).isEqualTo(200_000);
    }

    @Test
    void forEachTakesOneChunkAtATimeAndStopsOnAFailure() throws Exception {
        List<Integer> seen = new java.util.ArrayList<>();
        Publishers.forEach(Publishers.fromIterable(List.of(1, 2, 3)), seen::add).get(5, TimeUnit.SECONDS);
        assertThat(seen).containsExactly(1, 2, 3);
        AtomicInteger advanced = new AtomicInteger();
        Iterable<Integer> endless = () -> IntStream.iterate(0, i -> i + 1).peek(i -> advanced.incrementAndGet()).iterator();
        CompletableFuture<Void> stopped = Publishers.forEach(Publishers.fromIterable(endless), i -> {
            if (i == 5) {
                throw new IllegalStateException("enough");
            }
        });
        assertThatThrownBy(() -> stopped.get(5, TimeUnit.SECONDS)).cause().hasMessage("enough");
        assertThat(advanced.get()).isLessThanOrEqualTo(7);
    }

    @Test
    void anIteratorFailureEndsTheStreamWithIt() {
        Iterable<String> broken = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                throw new IllegalStateException("broken source");
            }
        };
        assertThatThrownBy(() -> Publishers.collect(Publishers.fromIterable(broken)).get(5, TimeUnit.SECONDS))
                .cause().hasMessage("broken source");
    }
}
