package dev.capnweb.examples;

import dev.capnweb.RpcFunction;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcSession;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;
import dev.capnweb.spi.InMemoryTransport;
import dev.capnweb.spi.RpcTransport;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two peers in one process, joined by an in-memory transport, each exporting an object to the
 * other: pipelined calls, an object passed by reference, a callback the other side calls, and an
 * error that crosses the wire. Prints how many messages each step took.
 */
public final class PeerToPeerExample {
    /** Alice's main object. */
    public static final class Calculator extends RpcTarget {
        public long add(long a, long b) {
            return a + b;
        }

        public long square(long i) {
            return i * i;
        }

        public Counter makeCounter(long start) {
            return new Counter(start);
        }

        /** Calls the caller back, without blocking Alice's session while Bob answers. */
        public CompletionStage<Object> tellMe(RpcStub callback, String news) {
            return callback.invoke("Alice says: " + news).thenApply(reply -> "Bob replied: " + reply);
        }

        public long divide(long a, long b) {
            if (b == 0) {
                throw new ArithmeticException("division by zero");
            }
            return a / b;
        }
    }

    /** A counter Alice hands out by reference. */
    public static final class Counter extends RpcTarget {
        private long value;

        Counter(long start) {
            value = start;
        }

        public long increment(long by) {
            value += by;
            return value;
        }

        public long getValue() {
            return value;
        }
    }

    /** Bob's main object: Alice may call it too. */
    public static final class Greeter extends RpcTarget {
        public String hello(String name) {
            return "Hello, " + name + ", from Bob";
        }
    }

    private PeerToPeerExample() {
    }

    /**
     * Runs the example.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        InMemoryTransport[] pair = InMemoryTransport.pair();
        CountingTransport aliceSide = new CountingTransport(pair[0]);
        CountingTransport bobSide = new CountingTransport(pair[1]);
        try (RpcSession alice = RpcSession.create(aliceSide, new Calculator());
             RpcSession bob = RpcSession.create(bobSide, new Greeter())) {
            RpcStub calc = bob.main();

            System.out.println("square(7) = " + calc.call("square", 7).join(Long.class));

            int before = bobSide.sent.get();
            // Three dependent calls, one round trip: the second and third use results not yet known.
            RpcPromise counter = calc.call("makeCounter", 10);
            counter.call("increment", 5);
            RpcPromise total = calc.call("add", counter.get("value"), 100);
            System.out.println("add(makeCounter(10).increment(5).value, 100) = " + total.join(Long.class)
                    + "  [" + (bobSide.sent.get() - before) + " messages from Bob, one round trip]");

            RpcFunction callback = callArgs -> {
                System.out.println("  Bob's callback got: " + callArgs.get(0));
                return "thanks!";
            };
            System.out.println(calc.call("tellMe", callback, "the build is green").join());

            System.out.println("Alice calls Bob's main: " + alice.main().call("hello", "Alice").join());

            try {
                calc.call("divide", 1, 0).join();
            } catch (RuntimeException e) {
                System.out.println("divide(1, 0) failed as expected: " + e);
            }
            counter.close();
            total.close();
            System.out.println("messages sent: Bob " + bobSide.sent.get() + ", Alice " + aliceSide.sent.get());
        }
    }

    /** Counts the messages a side sends. */
    private static final class CountingTransport implements RpcTransport {
        private final RpcTransport inner;
        private final AtomicInteger sent = new AtomicInteger();

        CountingTransport(RpcTransport inner) {
            this.inner = inner;
        }

        @Override
        public void start(Receiver receiver) {
            inner.start(receiver);
        }

        @Override
        public void send(String message) {
            sent.incrementAndGet();
            inner.send(message);
        }

        @Override
        public void abort(Throwable reason) {
            inner.abort(reason);
        }
    }

}
