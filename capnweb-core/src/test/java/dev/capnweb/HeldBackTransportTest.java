package dev.capnweb;

import dev.capnweb.spi.InMemoryTransport;
import dev.capnweb.spi.RpcTransport;
import dev.capnweb.spi.SendRefusedException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SPI a batching transport relies on: {@link RpcTransport#flush()} when the application
 * blocks or calls {@link RpcSession#flush()}, and {@link SendRefusedException} failing only what
 * produced the refused message.
 */
class HeldBackTransportTest {
    static final String REFUSED = "held back: already sent";

    /** Holds messages until flushed once, then refuses more; passes everything to an in-memory peer. */
    static final class OneShot implements RpcTransport {
        private final InMemoryTransport inner;
        private final List<String> held = new ArrayList<>();
        private boolean sent;
        final CompletableFuture<List<String>> flushed = new CompletableFuture<>();

        OneShot(InMemoryTransport inner) {
            this.inner = inner;
        }

        @Override
        public void start(Receiver receiver) {
            inner.start(receiver);
        }

        @Override
        public synchronized void send(String message) {
            if (sent) {
                throw new SendRefusedException(REFUSED);
            }
            held.add(message);
        }

        @Override
        public boolean holdsMessagesBack() {
            return true;
        }

        @Override
        public synchronized void flush() {
            if (sent) {
                return;
            }
            sent = true;
            held.forEach(inner::send);
            flushed.complete(List.copyOf(held));
        }

        @Override
        public void abort(Throwable reason) {
            inner.abort(reason);
        }
    }

    private record Pair(RpcSession client, RpcSession server, OneShot transport) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            server.close();
        }
    }

    private static Pair pair() {
        InMemoryTransport[] t = InMemoryTransport.pair();
        OneShot oneShot = new OneShot(t[0]);
        RpcSession server = RpcSession.create(t[1], new TestTarget());
        return new Pair(RpcSession.create(oneShot), server, oneShot);
    }

    @Test
    void blockingOnAResultFlushesEverythingBeforeIt() throws Exception {
        try (Pair p = pair()) {
            RpcPromise a = p.client.main().call("square", 3);
            RpcPromise b = p.client.main().call("square", a);
            assertThat(p.transport.flushed).isNotDone();
            assertThat(b.join()).isEqualTo(81L);
            assertThat(p.transport.flushed.get(10, TimeUnit.SECONDS)).containsExactly(
                    "[\"push\",[\"pipeline\",0,[\"square\"],[3]]]",
                    "[\"push\",[\"pipeline\",0,[\"square\"],[[\"pipeline\",1]]]]",
                    "[\"pull\",2]");
        }
    }

    @Test
    void sessionFlushSendsWithoutBlocking() throws Exception {
        try (Pair p = pair()) {
            CompletableFuture<Object> a = p.client.main().call("square", 4).toCompletableFuture();
            p.client.flush();
            assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(16L);
        }
    }

    @Test
    void aRefusedCallFailsAloneAndLeavesNothingExported() throws Exception {
        try (Pair p = pair()) {
            p.client.main().call("square", 2).join();
            Counter arg = new Counter(1);
            RpcPromise late = p.client.main().call("echo", arg);
            assertThatThrownBy(late::join).isInstanceOf(RpcException.class).hasMessage(REFUSED);
            assertThat(p.client.brokenReason()).isEmpty();
            assertThat(p.client.stats().exports()).as("the argument's export was rolled back").isEqualTo(1);
        }
    }

    @Test
    void waitingOnAResultNobodyAskedForFailsAtOnce() {
        try (Pair p = pair()) {
            RpcPromise unasked = p.client.main().call("square", 5);
            RpcPromise asked = p.client.main().call("square", 6);
            assertThat(asked.join()).isEqualTo(36L);
            assertThatThrownBy(unasked::join).isInstanceOf(RpcException.class).hasMessage(REFUSED);
            assertThat(p.client.brokenReason()).isEmpty();
        }
    }

    @Test
    void aRefusedReleaseIsDroppedWithoutEndingTheSession() {
        try (Pair p = pair()) {
            RpcPromise counter = p.client.main().call("makeCounter", 1);
            RpcPromise value = counter.call("increment", 2);
            assertThat(value.join()).isEqualTo(3L);
            counter.close();
            value.close();
            assertThat(p.client.brokenReason()).isEmpty();
        }
    }
}
