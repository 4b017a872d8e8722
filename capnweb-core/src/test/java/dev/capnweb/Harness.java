package dev.capnweb;

import dev.capnweb.spi.InMemoryTransport;
import dev.capnweb.spi.RpcTransport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client session (no main) and a server session (main = a target) over the in-memory pair,
 * with every message each side sends recorded. Closing checks the reference's leak oracle: both
 * sides back to {imports: 1, exports: 1}.
 */
final class Harness implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final Recording clientSide;
    final Recording serverSide;
    final RpcSession client;
    final RpcSession server;

    Harness(Object serverMain) {
        this(serverMain, null, SessionOptions.defaults());
    }

    Harness(Object serverMain, Object clientMain, SessionOptions serverOptions) {
        InMemoryTransport[] pair = InMemoryTransport.pair();
        clientSide = new Recording(pair[0]);
        serverSide = new Recording(pair[1]);
        server = RpcSession.create(serverSide, serverMain, serverOptions);
        client = RpcSession.create(clientSide, clientMain);
    }

    RpcStub api() {
        return client.main();
    }

    /** Waits until both sides are quiet with only their main entries left. */
    void assertNoLeaks() {
        await(() -> client.stats().equals(new SessionStats(1, 1)) && server.stats().equals(new SessionStats(1, 1)));
        assertThat(client.stats()).isEqualTo(new SessionStats(1, 1));
        assertThat(server.stats()).isEqualTo(new SessionStats(1, 1));
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }

    /** Polls a condition another thread will make true; fails after {@link #TIMEOUT}. */
    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
    }

    /** @return whether a condition another thread makes true became true within {@code millis} */
    static boolean awaitTrue(BooleanSupplier condition, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        return true;
    }

    /** A transport that records what its session sends. */
    static final class Recording implements RpcTransport {
        final RpcTransport inner;
        final List<String> sent = new CopyOnWriteArrayList<>();

        Recording(RpcTransport inner) {
            this.inner = inner;
        }

        @Override
        public void start(Receiver receiver) {
            inner.start(receiver);
        }

        @Override
        public void send(String message) {
            sent.add(message);
            inner.send(message);
        }

        @Override
        public void abort(Throwable reason) {
            inner.abort(reason);
        }

        /** @return the messages sent so far, once {@code count} have been sent */
        List<String> awaitSent(int count) {
            await(() -> sent.size() >= count);
            return new ArrayList<>(sent);
        }
    }

    /**
     * The far end of a session driven by hand: the test sends raw messages and reads what the
     * session answers.
     */
    static final class RawPeer implements RpcTransport.Receiver {
        final InMemoryTransport transport;
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> closed = new LinkedBlockingQueue<>();
        final RpcSession session;

        RawPeer(Object main, SessionOptions options) {
            InMemoryTransport[] pair = InMemoryTransport.pair();
            transport = pair[1];
            session = RpcSession.create(pair[0], main, options);
            transport.start(this);
        }

        void send(String message) {
            transport.send(message);
        }

        /** @return the next message the session sent; fails the test after the timeout */
        String next() {
            try {
                String m = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(m).as("a message from the session").isNotNull();
                return m;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** @return whether the session closed the transport, waiting up to the timeout */
        boolean awaitClosed() {
            try {
                return closed.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) != null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public void onMessage(String message) {
            received.add(message);
        }

        @Override
        public void onClosed(Throwable reason) {
            closed.add(reason);
        }
    }
}
