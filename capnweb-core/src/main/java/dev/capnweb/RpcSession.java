package dev.capnweb;

import dev.capnweb.internal.SessionCore;
import dev.capnweb.spi.RpcTransport;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A Cap'n Web session over one transport. Each side may expose a main object to the other
 * ({@code localMain}) and reach the other's main object through {@link #main()}: a client
 * usually does only the latter, a server only the former, and a peer-to-peer application both.
 * There is no handshake: calls can be made at once.
 *
 * <pre>{@code
 * try (RpcSession session = RpcSession.create(transport, new MyApi())) {
 *     RpcPromise sum = session.main().call("add", 1, 2);   // sent now, not awaited
 *     System.out.println(sum.join(Integer.class));
 * }
 * }</pre>
 *
 * <p>The session ends when either side aborts, the transport closes, or the application closes
 * the session or its main stub. Then every pending call fails with the reason, every stub of the
 * session is broken, everything exported is released (targets' {@code close()} runs) and the
 * {@link #onBroken} callbacks run in registration order.
 */
public final class RpcSession implements AutoCloseable {
    private final SessionCore core;
    private final RpcStub main;

    private RpcSession(SessionCore core) {
        this.core = core;
        this.main = new RpcStub(core.mainHook());
    }

    /**
     * A session with no main object of its own, e.g. a client.
     *
     * @param transport the transport, not yet started
     * @return the running session
     */
    public static RpcSession create(RpcTransport transport) {
        return create(transport, null, SessionOptions.defaults());
    }

    /**
     * A session that exposes {@code localMain} to the peer.
     *
     * @param transport the transport, not yet started
     * @param localMain an {@link RpcTarget} (or any value) the peer reaches as its main object, or null
     * @return the running session
     */
    public static RpcSession create(RpcTransport transport, Object localMain) {
        return create(transport, localMain, SessionOptions.defaults());
    }

    /**
     * A session with options.
     *
     * @param transport the transport, not yet started
     * @param localMain the object the peer reaches as its main, or null for none
     * @param options   limits, error hook and executor
     * @return the running session
     */
    public static RpcSession create(RpcTransport transport, Object localMain, SessionOptions options) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(options, "options");
        SessionCore core = new SessionCore(transport, localMain, options, options.memoryBudget().pool());
        RpcSession session = new RpcSession(core);
        core.start();
        return session;
    }

    /**
     * The peer's main object. Always the same stub; closing it ends the session.
     *
     * @return the stub
     */
    public RpcStub main() {
        return main;
    }

    /** @return live import and export table sizes, main entries included (1 and 1 when quiet) */
    public SessionStats stats() {
        return core.stats();
    }

    /**
     * Completes when every result this side is resolving for the peer (pulled calls, exported
     * promises) has been sent. Calls the peer did not pull are not waited for. When the session
     * is idle, the check runs on the calling thread, so the future may already be complete (and
     * its dependent actions run there) when this returns.
     *
     * @return a future; it fails with the reason if the session ends first
     */
    public CompletableFuture<Void> drain() {
        return core.drain();
    }

    /**
     * Asks the transport to send whatever it holds back, after every message sent so far. Only
     * batching transports hold messages back (an HTTP batch client sends its request); for the
     * others this does nothing. A blocking wait on a result of this session does the same.
     */
    public void flush() {
        core.requestFlush();
    }

    /**
     * @param callback told once, in registration order, when the session ends, with the reason;
     *                 at once if it already has
     */
    public void onBroken(Consumer<Throwable> callback) {
        core.onBroken(Objects.requireNonNull(callback, "callback"));
    }

    /** @return why the session ended, or empty while it is open */
    public Optional<Throwable> brokenReason() {
        return Optional.ofNullable(core.abortReason());
    }

    /**
     * Ends the session with an error the peer is told about (an {@code abort} message).
     *
     * @param reason the error; its stack is not sent unless the {@code onSendError} hook says so
     */
    public void abort(Throwable reason) {
        core.abortWith(Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Ends the session, as closing the main stub does: the peer sees the connection close. When
     * the session is idle, everything it held is released (and exported targets' {@code close()}
     * runs) on the calling thread before this returns; when it is busy, on its lane soon after.
     */
    @Override
    public void close() {
        core.shutdown();
    }
}
