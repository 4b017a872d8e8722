package dev.capnweb.ws;

import dev.capnweb.MemoryBudget;
import dev.capnweb.RpcException;
import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import dev.capnweb.http.OriginPolicy;
import dev.capnweb.spi.ConnectionInfo;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.DefaultWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A WebSocket-only Cap'n Web server on Java-WebSocket, for applications that want no Jetty
 * ({@link CapnWebServer} also serves HTTP batch). Every connection, on any path, is one session
 * with a fresh main object from the factory.
 *
 * <pre>{@code
 * try (StandaloneWebSocketServer server = StandaloneWebSocketServer.builder()
 *         .bind("127.0.0.1", 8080)
 *         .main(info -> new Api())
 *         .start()) {
 *     server.join();
 * }
 * }</pre>
 *
 * <p>When a connection closes, for whatever reason, its session ends and everything it held is
 * released: the main object's and every exported target's {@code close()} runs. A message that
 * breaks the protocol (a binary frame, bad JSON) is answered with an {@code abort} message and a
 * close with code 3000, as the reference does.
 *
 * <p>Slow and idle peers: a handshake request must arrive within
 * {@link Builder#requestHeaderTimeout} (10 s by default) and a session that carries no message for
 * {@link Builder#idleTimeout} (5 minutes by default) is aborted.
 *
 * <p>Threads: one selector thread, a small fixed number of decoder threads
 * ({@link Builder#decoderThreads}), one keep-alive timer, one thread for the deadlines and, with TLS, one thread for handshake
 * work; calls run on the sessions' executor ({@link SessionOptions#executor()}). They are not
 * daemon threads: a started server keeps the JVM running until it is closed.
 */
public final class StandaloneWebSocketServer implements AutoCloseable {
    /** How long {@link #close()} lets sessions say goodbye and sockets close cleanly. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final AtomicInteger TLS_THREADS = new AtomicInteger();
    private static final AtomicInteger TIMER_THREADS = new AtomicInteger();

    private final Engine engine;
    private final ServerSocketChannel listener;
    private final String uriHost;
    private final boolean tls;
    private final Set<RpcSession> sessions = ConcurrentHashMap.newKeySet();
    /** Every accepted socket, handshake done or not, so that {@link #close()} leaves none open. */
    private final Set<SocketChannel> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger acceptedSincePrune = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StandaloneWebSocketServer(Builder b, ServerSocketChannel listener) {
        this.listener = listener;
        this.tls = b.sslContext != null;
        this.uriHost = uriHost(b.host);
        this.engine = new Engine(b, listener);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the port the server listens on (the one chosen when bound to port 0) */
    public int port() {
        return engine.getPort();
    }

    /**
     * @param path the path to put in the URI (the server serves every path)
     * @return {@code ws://host:port/path}, or {@code wss://} with TLS; a wildcard bind address
     *         gives {@code localhost}
     */
    public URI uri(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        return URI.create((tls ? "wss" : "ws") + "://" + uriHost + ":" + port() + p);
    }

    /** @return the number of sessions open now */
    public int openSessions() {
        return sessions.size();
    }

    /** @return the sessions open now (tests check their tables) */
    List<RpcSession> sessions() {
        return List.copyOf(sessions);
    }

    /**
     * Blocks until the server is closed.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void join() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops listening and ends every session: each client is sent an {@code abort} with
     * {@code Error: The server is shutting down.} and a close with code 3000. Sockets that have
     * not closed within a few seconds are dropped. Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        boolean interrupted = false;
        try {
            List<CompletableFuture<Throwable>> ends = new ArrayList<>();
            RpcException shutdown = new RpcException("Error", "The server is shutting down.");
            for (RpcSession session : sessions) {
                session.abort(shutdown);
                // Registered after the abort, this runs once the session has released everything.
                CompletableFuture<Throwable> end = new CompletableFuture<>();
                session.onBroken(end::complete);
                ends.add(end);
            }
            try {
                CompletableFuture.allOf(ends.toArray(new CompletableFuture<?>[0]))
                        .get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // A session stuck in a long call ends when its socket is dropped below.
            } catch (InterruptedException e) {
                interrupted = true;
            }
            try {
                engine.stop((int) STOP_GRACE.toMillis(), "The server is shutting down.");
            } catch (InterruptedException e) {
                interrupted = true;
            }
            // Java-WebSocket's stop leaves sockets that did not finish closing in time, and
            // sockets that never finished their handshake, open: drop them.
            for (WebSocket conn : engine.getConnections()) {
                conn.closeConnection(CloseFrame.GOING_AWAY, "The server is shutting down.");
            }
            for (SocketChannel channel : accepted) {
                closeQuietly(channel);
            }
            closeQuietly(listener);
        } finally {
            stopped.countDown();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void track(SocketChannel channel) {
        accepted.add(channel);
        // Amortised cleanup: closed sockets leave no callback that would reliably remove them.
        if (acceptedSincePrune.incrementAndGet() >= 64 + accepted.size() / 2) {
            acceptedSincePrune.set(0);
            accepted.removeIf(c -> !c.isOpen());
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing more can be done for a socket that fails to close.
        }
    }

    private static String uriHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isEmpty()) {
            return "localhost";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    static String pathOf(String resource) {
        int end = resource.length();
        int query = resource.indexOf('?');
        if (query >= 0) {
            end = query;
        }
        int fragment = resource.indexOf('#');
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        String path = resource.substring(0, end);
        if (!path.startsWith("/")) {
            // An absolute-form request target, e.g. through a proxy.
            try {
                String raw = URI.create(path).getRawPath();
                path = raw == null ? "" : raw;
            } catch (IllegalArgumentException e) {
                path = "";
            }
        }
        return path.isEmpty() ? "/" : path;
    }

    /** The Java-WebSocket server, whose callbacks run on its decoder and selector threads. */
    private final class Engine extends WebSocketServer {
        /** Attached to a connection whose handshake was refused: it gets no session. */
        private static final Object REFUSED = new Object();

        private final Function<ConnectionInfo, ?> factory;
        private final SessionOptions options;
        private final OriginPolicy origins;
        private final int tooLargeUnits;
        private final Duration headerTimeout;
        private final Duration idleTimeout;
        /** One thread for every connection's deadlines; it only closes sockets and aborts sessions. */
        private final ScheduledThreadPoolExecutor timers;
        final CompletableFuture<Void> started = new CompletableFuture<>();

        Engine(Builder b, ServerSocketChannel listener) {
            // Bound by the builder, so that a taken port fails start() in the caller's thread.
            super(listener);
            this.factory = b.factory;
            this.options = b.options;
            this.origins = b.origins;
            int bytes = b.maxMessageBytes > 0 ? b.maxMessageBytes : b.options.maxMessageSize();
            this.tooLargeUnits = Math.min(bytes, b.options.maxMessageSize());
            this.headerTimeout = b.requestHeaderTimeout;
            this.idleTimeout = b.idleTimeout;
            this.timers = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "capnweb-ws-timer-" + TIMER_THREADS.incrementAndGet());
                t.setDaemon(false);
                return t;
            });
            // Cancelled timers (most header deadlines) leave the queue at once, not when due.
            timers.setRemoveOnCancelPolicy(true);
            // The constructor made one decoder per processor; they are only started by run().
            while (decoders.size() > b.decoderThreads) {
                decoders.remove(decoders.size() - 1);
            }
            while (decoders.size() < b.decoderThreads) {
                decoders.add(new WebSocketWorker());
            }
            setReuseAddr(true);
            setTcpNoDelay(true);
            setConnectionLostTimeout(b.connectionLostTimeoutSeconds);
            WebSocketServerFactory base = b.sslContext == null
                    ? new DefaultWebSocketServerFactory()
                    : new DefaultSSLWebSocketServerFactory(b.sslContext, Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "capnweb-ws-tls-" + TLS_THREADS.incrementAndGet());
                        t.setDaemon(false);
                        return t;
                    }));
            setWebSocketFactory(new Factory(base, List.of(new ServerDraft(bytes))));
        }

        @Override
        public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
                                                                           ClientHandshake request) throws InvalidDataException {
            if (conn instanceof TimedWebSocket timed) {
                if (!timed.handshakeDecided.compareAndSet(false, true)) {
                    throw new InvalidDataException(CloseFrame.NEVER_CONNECTED, "The request headers took too long.");
                }
                timed.cancelTimers();
            }
            ServerHandshakeBuilder response = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
            String origin = request.hasFieldValue("Origin") ? request.getFieldValue("Origin") : null;
            if (!origins.allows(origin)) {
                // Throwing here would answer 404; ServerDraft writes this status as a 403 instead.
                response.setHttpStatus(ServerDraft.FORBIDDEN);
                conn.setAttachment(REFUSED);
            }
            return response;
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            if (conn.getAttachment() == REFUSED) {
                // The 403 is queued; send it, then close the socket without a closing handshake.
                ((WebSocketImpl) conn).flushAndClose(CloseFrame.POLICY_VALIDATION, "Origin not allowed", false);
                return;
            }
            if (closing.get()) {
                conn.close(CloseFrame.GOING_AWAY, "The server is shutting down.");
                return;
            }
            if (options.memoryBudget().isExhausted()) {
                // 1013, Try Again Later: the handshake is already answered, so no 503 can be sent.
                conn.close(CloseFrame.TRY_AGAIN_LATER, MemoryBudget.SESSION_REFUSED);
                return;
            }
            Object main;
            try {
                main = factory.apply(new ConnectionInfo("websocket", pathOf(handshake.getResourceDescriptor()),
                        conn.getRemoteSocketAddress(), headers(handshake)));
            } catch (RuntimeException e) {
                conn.close(CloseFrame.UNEXPECTED_CONDITION, "The server could not start a session.");
                return;
            }
            ServerTransport transport = new ServerTransport((WebSocketImpl) conn, tooLargeUnits, options);
            conn.setAttachment(transport);
            RpcSession session = RpcSession.create(transport, main, options);
            sessions.add(session);
            session.onBroken(reason -> sessions.remove(session));
            if (conn instanceof TimedWebSocket timed && !idleTimeout.isZero()) {
                timed.session = session;
                timed.traffic();
                scheduleIdleCheck(timed, idleTimeout.toNanos());
            }
            if (closing.get()) {
                // close() may have gone through the sessions before this one was added.
                session.abort(new RpcException("Error", "The server is shutting down."));
            }
        }

        /** Closes a connection whose handshake request is still incomplete; with plain TCP, says 408 first. */
        private void headersTimedOut(TimedWebSocket conn) {
            if (!conn.handshakeDecided.compareAndSet(false, true)) {
                return;
            }
            // Java-WebSocket writes nothing before the handshake is answered, so these bytes go
            // out alone. Over TLS the raw socket cannot be written to; the peer is just dropped.
            if (conn.getChannel() instanceof SocketChannel channel) {
                try {
                    channel.write(ByteBuffer.wrap(HeaderTimeout.response()));
                } catch (IOException ignored) {
                    // The connection is being dropped anyway.
                }
            }
            conn.closeConnection(CloseFrame.NEVER_CONNECTED, "The request headers took too long.");
        }

        private void scheduleIdleCheck(TimedWebSocket conn, long delayNanos) {
            try {
                conn.idleTimer = timers.schedule(() -> checkIdle(conn), delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // The server is stopping; it ends every session itself.
            }
        }

        /** Aborts an idle session, or looks again when it would next be idle. */
        private void checkIdle(TimedWebSocket conn) {
            if (conn.isClosed() || conn.session == null) {
                return;
            }
            long left = idleTimeout.toNanos() - (System.nanoTime() - conn.lastTraffic());
            if (left > 0) {
                scheduleIdleCheck(conn, left);
            } else {
                conn.session.abort(WebSocketIdleTimeout.error(idleTimeout));
            }
        }

        @Override
        public void onWebsocketPing(WebSocket conn, Framedata f) {
            if (conn instanceof TimedWebSocket timed) {
                timed.traffic();
            }
            super.onWebsocketPing(conn, f);
        }

        @Override
        public void stop(int timeout, String closeMessage) throws InterruptedException {
            try {
                super.stop(timeout, closeMessage);
            } finally {
                timers.shutdownNow();
            }
        }

        private static Map<String, List<String>> headers(ClientHandshake handshake) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Iterator<String> names = handshake.iterateHttpFields(); names.hasNext(); ) {
                String name = names.next();
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(handshake.getFieldValue(name));
            }
            return headers;
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            if (conn instanceof TimedWebSocket timed) {
                timed.traffic();
            }
            if (conn.getAttachment() instanceof ServerTransport t) {
                t.onText(message);
            }
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            if (conn instanceof TimedWebSocket timed) {
                timed.traffic();
            }
            if (conn.getAttachment() instanceof ServerTransport t) {
                t.onBinary();
            }
        }

        @Override
        public void onCloseInitiated(WebSocket conn, int code, String reason) {
            // 1009 is only ever started by Java-WebSocket itself, when a frame exceeds the cap.
            if (code == CloseFrame.TOOBIG && conn.getAttachment() instanceof ServerTransport t) {
                t.onTooLarge(t.tooLargeUnits);
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            if (conn instanceof TimedWebSocket timed) {
                timed.cancelTimers();
            }
            if (conn.getAttachment() instanceof ServerTransport t) {
                t.onClose(code, reason);
            }
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn == null) {
                // The server itself failed (only possible while starting, with a pre-bound socket).
                started.completeExceptionally(ex);
                return;
            }
            if (conn.getAttachment() instanceof ServerTransport t) {
                t.onError();
                // Some of Java-WebSocket's errors leave the socket open; the session is over.
                conn.close(WebSocketCloses.ABORT_CODE, WebSocketCloses.connectionFailed().getMessage());
            }
        }

        @Override
        public void onStart() {
            started.complete(null);
        }

        /** Hands every connection our draft (the byte cap, the 403) and tracks accepted sockets. */
        private final class Factory implements WebSocketServerFactory {
            private final WebSocketServerFactory base;
            private final List<Draft> drafts;

            Factory(WebSocketServerFactory base, List<Draft> drafts) {
                this.base = base;
                this.drafts = drafts;
            }

            @Override
            public WebSocketImpl createWebSocket(WebSocketAdapter a, Draft d) {
                return base.createWebSocket(a, d);
            }

            @Override
            public WebSocketImpl createWebSocket(WebSocketAdapter a, List<Draft> d) {
                // The server was built around a bound channel, which leaves it no drafts of ours.
                // Both of Java-WebSocket's factories make a plain WebSocketImpl; TLS is in wrapChannel.
                TimedWebSocket conn = new TimedWebSocket(a, drafts);
                if (!headerTimeout.isZero()) {
                    try {
                        conn.headerTimer = timers.schedule(() -> headersTimedOut(conn), headerTimeout.toNanos(),
                                TimeUnit.NANOSECONDS);
                    } catch (RejectedExecutionException e) {
                        // The server is stopping and drops every socket.
                    }
                }
                return conn;
            }

            @Override
            public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
                track(channel);
                return base.wrapChannel(channel, key);
            }

            @Override
            public void close() {
                base.close();
            }
        }
    }

    /**
     * RFC 6455 with a cap on incoming messages and no subprotocol or extension (as the
     * reference), and a way to answer a handshake with 403, which Java-WebSocket cannot do itself.
     */
    private static final class ServerDraft extends Draft_6455 {
        static final short FORBIDDEN = 403;
        private static final byte[] FORBIDDEN_RESPONSE = forbiddenResponse();

        ServerDraft(int maxMessageBytes) {
            super(List.of(), maxMessageBytes);
        }

        private static byte[] forbiddenResponse() {
            String body = "Origin not allowed.\n";
            return ("HTTP/1.1 403 Forbidden\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\n"
                    + "Content-Length: " + body.length() + "\r\n"
                    + "Connection: close\r\n"
                    + "\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public List<ByteBuffer> createHandshake(Handshakedata handshake, boolean withContent) {
            if (handshake instanceof ServerHandshake response && response.getHttpStatus() == FORBIDDEN) {
                // A copy, not a read-only view: Java-WebSocket reads written buffers' arrays.
                return List.of(ByteBuffer.wrap(FORBIDDEN_RESPONSE.clone()));
            }
            return super.createHandshake(handshake, withContent);
        }

        @Override
        public Draft copyInstance() {
            return new ServerDraft(getMaxFrameSize());
        }
    }

    /** One connection's socket; its backlog is read off the connection's queue of unwritten frames. */
    private static final class ServerTransport extends WebSocketTransport {
        private final WebSocketImpl conn;
        private final OutQueueMeter meter;
        final int tooLargeUnits;

        ServerTransport(WebSocketImpl conn, int tooLargeUnits, SessionOptions options) {
            super(true, options);
            this.conn = conn;
            this.tooLargeUnits = tooLargeUnits;
            this.meter = new OutQueueMeter(backlog, () -> conn, options.executor());
        }

        @Override
        void sendText(String text) {
            try {
                conn.send(text);
            } catch (WebsocketNotConnectedException ignored) {
                // The socket is closing; its close callback ends the session with the real reason.
                return;
            }
            meter.sent(text.length());
        }

        @Override
        void dropSocket() {
            conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "Peer is not reading.");
        }

        @Override
        void closeSocket(int code, String reason) {
            // A server's close frame is followed by the end of the TCP connection, once written.
            conn.close(code, reason);
        }
    }

    /** Settings for a {@link StandaloneWebSocketServer}. Only {@link #main} is required. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Function<ConnectionInfo, ?> factory;
        private SessionOptions options = SessionOptions.defaults();
        private OriginPolicy origins = OriginPolicy.any();
        private int maxMessageBytes;
        private SSLContext sslContext;
        private int connectionLostTimeoutSeconds = 60;
        private Duration requestHeaderTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofMinutes(5);
        private int decoderThreads = Math.min(2, Runtime.getRuntime().availableProcessors());

        private Builder() {
        }

        /**
         * @param host the address to listen on; default {@code 127.0.0.1} (loopback only), use
         *             {@code 0.0.0.0} for every interface
         * @param port the port; default 0, any free port (see {@link StandaloneWebSocketServer#port()})
         * @return this builder
         */
        public Builder bind(String host, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        /**
         * @param factory makes each session's main object, given the connection's details
         *                (transport {@code "websocket"}, the request path, the remote address and
         *                the handshake headers); if it throws, the connection is closed with 1011
         * @return this builder
         */
        public Builder main(Function<ConnectionInfo, ?> factory) {
            this.factory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * @param options every session's limits, error hook and executor
         * @return this builder
         */
        public Builder options(SessionOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Restricts which web pages may connect. Browsers send the page's origin in every
         * WebSocket handshake and a page cannot forge it, so listing your own pages' origins
         * keeps other sites from using a visitor's cookies against this server. A handshake with
         * another {@code Origin} is refused with HTTP 403. A handshake without {@code Origin} is
         * allowed: non-browser clients send none, and for them the header would prove nothing.
         *
         * @param origins scheme, host and port as browsers send them, e.g. {@code https://app.example.com};
         *                default: any origin
         * @return this builder
         */
        public Builder allowedOrigins(String... origins) {
            this.origins = OriginPolicy.only(origins);
            return this;
        }

        /**
         * Caps incoming messages in bytes on the socket, so an oversized message is refused from
         * its frame header instead of being buffered: the socket is closed with code 1009 and the
         * session ends. The default is the options' {@link SessionOptions#maxMessageSize()} taken
         * as bytes: equal to the session's own limit for ASCII JSON, but stricter for text that
         * needs several UTF-8 bytes per UTF-16 unit; raise it (up to three times that limit) to
         * accept everything the session accepts.
         *
         * @param bytes the most bytes one message may have
         * @return this builder
         */
        public Builder maxMessageBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxMessageBytes must be positive: " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        /**
         * @param sslContext the server's key and certificate, to serve {@code wss://}; default plain {@code ws://}
         * @return this builder
         */
        public Builder tls(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * How vanished peers are found: each open connection is pinged at this interval and
         * dropped (ending its session) when no pong came for one and a half intervals.
         *
         * @param interval counted in whole seconds, a part of one rounded up; {@link Duration#ZERO}
         *                 turns pinging off; default 60 seconds (Java-WebSocket's default)
         * @return this builder
         */
        public Builder connectionLostTimeout(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            long seconds = interval.getSeconds() + (interval.getNano() > 0 ? 1 : 0);
            if (interval.isNegative() || seconds > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("connectionLostTimeout out of range: " + interval);
            }
            this.connectionLostTimeoutSeconds = (int) seconds;
            return this;
        }

        /**
         * How long the handshake request's line and headers may take to arrive, from the moment
         * the connection is accepted (the TLS handshake included). A peer still sending them at
         * the deadline is answered 408 (over plain TCP; with TLS it is just dropped) and
         * disconnected; it never got a session.
         *
         * @param timeout default 10 seconds; {@link Duration#ZERO} for no limit
         * @return this builder
         */
        public Builder requestHeaderTimeout(Duration timeout) {
            this.requestHeaderTimeout = Timeouts.nonNegative(timeout, "requestHeaderTimeout");
            return this;
        }

        /**
         * Ends a session that carried no message, either way, for this long (a ping from the
         * client counts; the server's own {@link #connectionLostTimeout} pings and their pongs do
         * not): it is aborted with {@code Error: WebSocket idle timeout: no traffic for N s.},
         * which the client gets as an {@code abort} message and as the reason of a close with code
         * 3000, and everything it held is released. Browsers do not ping, and the protocol has no
         * ping of its own, so an application whose sessions rightly sit idle for long should raise it.
         *
         * @param timeout default 5 minutes; {@link Duration#ZERO} for never
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = Timeouts.nonNegative(timeout, "idleTimeout");
            return this;
        }

        /**
         * @param threads how many threads decode frames (each connection sticks to one); default
         *                two, or one on a single processor. Calls do not run on them.
         * @return this builder
         */
        public Builder decoderThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("decoderThreads must be at least 1: " + threads);
            }
            this.decoderThreads = threads;
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @return the server, listening
         * @throws IllegalStateException    if no main factory was given
         * @throws IllegalArgumentException if the host cannot be resolved
         * @throws UncheckedIOException     if the address cannot be bound, e.g. the port is taken
         */
        public StandaloneWebSocketServer start() {
            if (factory == null) {
                throw new IllegalStateException("No main object: call main(info -> new Api()) first.");
            }
            ServerSocketChannel listener;
            try {
                listener = ServerSocketChannel.open();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not open a server socket: " + e.getMessage(), e);
            }
            try {
                listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                listener.bind(new InetSocketAddress(host, port));
            } catch (IOException e) {
                closeQuietly(listener);
                throw new UncheckedIOException("Could not listen on " + host + ":" + port + ": " + e.getMessage(), e);
            } catch (UnresolvedAddressException e) {
                closeQuietly(listener);
                throw new IllegalArgumentException("Unknown host: " + host, e);
            }
            StandaloneWebSocketServer server = new StandaloneWebSocketServer(this, listener);
            server.engine.start();
            try {
                server.engine.started.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                server.close();
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new IllegalStateException("The server did not start on " + host + ":" + port + ": " + cause, cause);
            } catch (InterruptedException e) {
                server.close();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting the server.", e);
            }
            return server;
        }
    }
}
