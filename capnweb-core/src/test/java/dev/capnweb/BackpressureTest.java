package dev.capnweb;

import dev.capnweb.spi.InMemoryTransport;
import dev.capnweb.spi.RpcTransport;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 64 MiB streamed to a reader that takes each chunk a little after the one before: the sender's
 * unacknowledged bytes stay within its window the whole way, and the heap does not grow with the
 * amount sent. Without flow control the fast producer would put the whole stream in flight.
 */
class BackpressureTest {
    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 1024;

    public static class Source extends RpcTarget {
        public Flow.Publisher<Object> bytes(int chunks, int size) {
            return new Streams.Generated(chunks, i -> {
                byte[] b = new byte[size];
                b[0] = (byte) i;
                return b;
            });
        }
    }

    /** Counts the server's stream writes not yet acknowledged (acks come in order, one per write). */
    static final class Ledger implements RpcTransport {
        private final RpcTransport inner;
        private final ArrayDeque<Integer> unacked = new ArrayDeque<>();
        private long inFlight;
        long maxInFlight;
        long written;

        Ledger(RpcTransport inner) {
            this.inner = inner;
        }

        @Override
        public void start(Receiver receiver) {
            inner.start(new Receiver() {
                @Override
                public void onMessage(String message) {
                    if (message.startsWith("[\"resolve\",")) {
                        acked();
                    }
                    receiver.onMessage(message);
                }

                @Override
                public void onClosed(Throwable reason) {
                    receiver.onClosed(reason);
                }
            });
        }

        @Override
        public void send(String message) {
            if (message.startsWith("[\"stream\",") && message.contains("[\"write\"]")) {
                synchronized (this) {
                    unacked.add(message.length());
                    inFlight += message.length();
                    written += message.length();
                    maxInFlight = Math.max(maxInFlight, inFlight);
                }
            }
            inner.send(message);
        }

        private synchronized void acked() {
            Integer size = unacked.poll();
            if (size != null) {
                inFlight -= size;
            }
        }

        @Override
        public void abort(Throwable reason) {
            inner.abort(reason);
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void aSlowReaderHoldsTheSenderToItsWindowAndMemoryStaysFlat() throws Exception {
        InMemoryTransport[] pair = InMemoryTransport.pair();
        Ledger serverSide = new Ledger(pair[1]);
        RpcSession server = RpcSession.create(serverSide, new Source());
        RpcSession client = RpcSession.create(pair[0], null);
        Executor slowly = CompletableFuture.delayedExecutor(300, TimeUnit.MICROSECONDS);
        long[] heap = new long[CHUNKS / 128 + 1];
        CompletableFuture<Long> received = new CompletableFuture<>();
        try {
            Object stream = client.main().call("bytes", CHUNKS, CHUNK).join();
            heap[0] = usedHeapAfterGc();
            ((Flow.Publisher<?>) stream).subscribe(new Flow.Subscriber<Object>() {
                Flow.Subscription subscription;
                long bytes;
                int count;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    s.request(1);
                }

                @Override
                public void onNext(Object item) {
                    bytes += ((byte[]) item).length;
                    int n = ++count;
                    // The reader is slow: it asks for the next chunk a moment later, elsewhere.
                    slowly.execute(() -> {
                        if (n % 128 == 0) {
                            heap[n / 128] = usedHeapAfterGc();
                        }
                        subscription.request(1);
                    });
                }

                @Override
                public void onError(Throwable t) {
                    received.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                    received.complete(bytes);
                }
            });
            assertThat(received.get(120, TimeUnit.SECONDS)).isEqualTo((long) CHUNKS * CHUNK);
        } finally {
            client.close();
            server.close();
        }
        // The window starts at 256 KiB and grows with the measured bandwidth-delay product (seen
        // here: 1 to 3 MiB); without flow control the whole stream (87 MB of JSON) would be in flight.
        assertThat(serverSide.maxInFlight).as("bytes in flight").isLessThanOrEqualTo(8L * 1024 * 1024);
        assertThat(serverSide.written).as("bytes written").isGreaterThan(64L * 1024 * 1024);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long h : heap) {
            min = Math.min(min, h);
            max = Math.max(max, h);
        }
        System.out.printf("backpressure: max in flight %d bytes, heap after GC %d..%d MiB%n",
                serverSide.maxInFlight, min >> 20, max >> 20);
        assertThat(max - min).as("heap growth while 64 MiB passed").isLessThan(24L * 1024 * 1024);
    }
}
