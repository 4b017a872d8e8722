package dev.capnweb.webtransport;

import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import dev.capnweb.spi.Backpressure;
import dev.capnweb.testsupport.CountingTarget;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebTransport stream whose peer never reads, as QUIC's flow control shows it to the server: a
 * write that blocks. The session stops reading the peer's calls once its backlog is over the bound
 * and closes the WebTransport session when it stays there. (Over real QUIC on loopback, Kwik's
 * client now and then leaves written bytes unsent, which makes a raw non-reading client unreliable
 * as a test peer; the stream ends are what StreamTransport sees either way.)
 */
class StreamTransportBacklogTest {
    /** What a QUIC stream looks like when the peer's window is full: a write that never returns until closed. */
    private static final class Blocked extends OutputStream {
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void write(int b) throws IOException {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
            throw new IOException("stream closed");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            write(0);
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void aPeerThatDoesNotReadIsHeldBackThenDropped() throws Exception {
        AtomicInteger made = new AtomicInteger();
        CompletableFuture<Throwable> reason = new CompletableFuture<>();
        SessionOptions options = SessionOptions.builder()
                .maxQueuedSendBytes(64 * 1024)
                .sendStallTimeout(Duration.ofMillis(500))
                .build();
        PipedOutputStream peer = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(peer, 1 << 20);
        Blocked out = new Blocked();
        CompletableFuture<String> closedWith = new CompletableFuture<>();
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            StreamTransport transport = new StreamTransport(new LineReader(in, 1 << 20), out,
                    (code, text) -> {
                        closedWith.complete(code + " " + text);
                        out.close();
                    }, threads, options);
            RpcSession session = RpcSession.create(transport, new CountingTarget(made), options);
            session.onBroken(reason::complete);
            int calls = 2_000;
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 1; i <= calls; i++) {
                        peer.write(("[\"push\",[\"pipeline\",0,[\"text\"],[10000]]]\n[\"pull\"," + i + "]\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // The session stopped reading and the pipe's reader went away.
                }
            }, threads);

            assertThat(reason.get(10, TimeUnit.SECONDS)).hasMessageStartingWith("Peer is not reading")
                    .hasMessageContaining("maxQueuedSendBytes");
            assertThat(closedWith.get(10, TimeUnit.SECONDS)).startsWith("3000 Peer is not reading");
            // The bound and the limit on calls not yet handled keep the answers made to a few:
            // enough to go over 64 KiB, plus the calls already taken in.
            assertThat(made.get()).isLessThanOrEqualTo(64 * 1024 / 10_000 + 1 + Backpressure.MAX_UNHANDLED_MESSAGES);
            in.close();
            writer.get(10, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
    }
}
