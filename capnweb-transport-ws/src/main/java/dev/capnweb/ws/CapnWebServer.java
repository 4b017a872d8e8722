package dev.capnweb.ws;

import dev.capnweb.MemoryBudget;
import dev.capnweb.SessionOptions;
import dev.capnweb.http.HttpBatchHandler;
import dev.capnweb.http.OriginPolicy;
import dev.capnweb.spi.ConnectionInfo;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A Cap'n Web server on Jetty 12: HTTP batch (POST) and WebSocket (GET with {@code Upgrade})
 * on the same path and port, each session with a fresh main object.
 *
 * <pre>{@code
 * try (CapnWebServer server = CapnWebServer.builder()
 *         .bind("127.0.0.1", 8080)
 *         .path("/api", info -> new Api())
 *         .start()) {
 *     server.join();
 * }
 * }</pre>
 *
 * <p>Everything else is optional: TLS from a keystore ({@code https://} and {@code wss://}),
 * allowed browser origins, session limits ({@link SessionOptions}; the message size limit also
 * applies to WebSocket messages as they arrive), the batch body cap and extra response headers.
 * When a WebSocket closes, its session ends and everything it held is released: exported
 * targets' {@code close()} runs. Closing the server ends every session.
 *
 * <p>Slow and idle peers are cut off: a request's line and headers must arrive within
 * {@link Builder#requestHeaderTimeout} (10 s by default), a batch body within
 * {@link Builder#requestBodyTimeout} (30 s), both answered 408 when late, and a WebSocket that
 * carries nothing for {@link Builder#webSocketIdleTimeout} (5 minutes) is aborted. Network threads
 * grow with load up to {@link Builder#maxThreads} and those left idle for
 * {@link Builder#threadIdleTimeout} (60 s) end, so after a burst the pool is back to its core
 * threads within about twice that time.
 */
public final class CapnWebServer implements AutoCloseable {
    /** The default {@link Builder#webSocketIdleTimeout}: 5 minutes. */
    public static final Duration DEFAULT_WEB_SOCKET_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** The default {@link Builder#requestHeaderTimeout}: 10 seconds. */
    public static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** The default {@link Builder#threadIdleTimeout}: 60 seconds, Jetty's. */
    public static final Duration DEFAULT_THREAD_IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final int DEFAULT_MAX_THREADS = 200;

    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;
    private final Set<JettyRpcEndpoint> webSockets = ConcurrentHashMap.newKeySet();

    private CapnWebServer(Builder b) {
        QueuedThreadPool threads = new QueuedThreadPool(b.maxThreads, Math.min(8, b.maxThreads));
        threads.setName("capnweb-server");
        threads.setIdleTimeout((int) Math.min(Integer.MAX_VALUE, b.threadIdleTimeout.toMillis()));
        // Jetty evicts one idle thread per idle timeout by default, so after a burst the pool takes
        // (threads grown) x (idle timeout) to shrink: hours for a flood. Any number may go at once.
        threads.setMaxEvictCount(b.maxThreads);
        server = new Server(threads);
        tls = b.sslContextFactory != null;
        HttpConnectionFactory http = b.requestHeaderTimeout.isZero()
                ? new HttpConnectionFactory()
                : new HeaderDeadlineConnectionFactory(new HttpConfiguration(), b.requestHeaderTimeout);
        connector = tls ? new ServerConnector(server, b.sslContextFactory, http) : new ServerConnector(server, http);
        connector.setHost(b.host);
        connector.setPort(b.port);
        server.addConnector(connector);

        RfcHandshaker handshaker = new RfcHandshaker(WebSocketServerComponents.ensureWebSocketComponents(server));
        Configuration.Customizer settings = session -> {
            // Idle sockets are closed by IdleTimedEndpoint instead, which says why to the session.
            session.setIdleTimeout(Duration.ZERO);
            // Parts of any size are accepted and joined by the endpoint, which enforces the limit.
            session.setAutoFragment(true);
            session.setMaxTextMessageSize(-1);
        };

        Handler.Sequence paths = new Handler.Sequence();
        // Fixed handlers that never block let Jetty run them on the thread that read the request,
        // without handing each request to another thread (a context switch apiece on one CPU).
        paths.setDynamic(false);
        b.paths.forEach((path, factory) -> paths.addHandler(new PathHandler(path, factory, b, handshaker, settings)));
        server.setHandler(paths);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the port the server listens on (useful after binding port 0) */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * @param path a path given to {@link Builder#path}
     * @return its URI for HTTP batch clients, {@code http://host:port/path} (https with TLS)
     */
    public URI httpUri(String path) {
        return URI.create((tls ? "https" : "http") + "://" + hostForUri() + ":" + port() + path);
    }

    /**
     * @param path a path given to {@link Builder#path}
     * @return its URI for WebSocket clients, {@code ws://host:port/path} (wss with TLS)
     */
    public URI webSocketUri(String path) {
        return URI.create((tls ? "wss" : "ws") + "://" + hostForUri() + ":" + port() + path);
    }

    private String hostForUri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** @return the number of WebSocket sessions open now */
    public int openWebSocketSessions() {
        return webSockets.size();
    }

    /**
     * Blocks until the server stops.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops listening and ends every session; WebSockets are closed with 1001 (going away). */
    @Override
    public void close() {
        for (JettyRpcEndpoint socket : webSockets) {
            socket.goingAway();
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the server: " + e.getMessage(), e);
        } finally {
            for (JettyRpcEndpoint socket : webSockets) {
                socket.session().close();
            }
        }
    }

    /** Serves one path: upgrades WebSocket requests, hands everything else to the batch handler. */
    private final class PathHandler extends Handler.Abstract.NonBlocking {
        private final String path;
        private final Function<ConnectionInfo, ?> factory;
        private final HttpBatchHandler batch;
        private final OriginPolicy origins;
        private final SessionOptions options;
        private final RfcHandshaker handshaker;
        private final Configuration.Customizer settings;
        private final Duration idleTimeout;

        PathHandler(String path, Function<ConnectionInfo, ?> factory, Builder b, RfcHandshaker handshaker,
                    Configuration.Customizer settings) {
            this.path = path;
            this.factory = factory;
            this.origins = b.origins;
            this.options = b.options;
            this.handshaker = handshaker;
            this.settings = settings;
            this.idleTimeout = b.webSocketIdleTimeout;
            HttpBatchHandler.Builder batchBuilder = HttpBatchHandler.builder(factory).path(path)
                    .options(b.options).maxBodyBytes(b.maxBatchBytes).maxResponseBytes(b.maxResponseBytes)
                    .origins(b.origins).requestBodyTimeout(b.requestBodyTimeout);
            b.responseHeaders.forEach(batchBuilder::responseHeader);
            this.batch = batchBuilder.build();
        }

        @Override
        protected void doStart() throws Exception {
            addBean(batch);
            super.doStart();
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!path.equals(Request.getPathInContext(request))) {
                return false;
            }
            String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
            if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
                if (!RfcHandshaker.isUpgrade(request)) {
                    respond(response, callback, HttpStatus.BAD_REQUEST_400, "Bad WebSocket upgrade request.");
                    return true;
                }
                FrameHandler endpoint = createEndpoint(request, response, callback);
                if (endpoint != null) {
                    handshaker.upgrade(request, response, callback, endpoint, settings);
                }
                return true;
            }
            return batch.handle(request, response, callback);
        }

        /** @return the session's endpoint, or null when the request was refused (and answered) */
        private FrameHandler createEndpoint(Request request, Response response, Callback callback) {
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            if (!origins.allows(origin)) {
                respond(response, callback, HttpStatus.FORBIDDEN_403, "Origin not allowed: " + origin);
                return null;
            }
            if (options.memoryBudget().isExhausted()) {
                respond(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, MemoryBudget.SESSION_REFUSED);
                return null;
            }
            Object main;
            try {
                main = factory.apply(HttpBatchHandler.connectionInfo(request, "websocket"));
            } catch (RuntimeException e) {
                respond(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "The server could not start a session.");
                return null;
            }
            JettyRpcEndpoint endpoint = new JettyRpcEndpoint(main, options, socket -> {
                webSockets.add(socket);
                socket.session().onBroken(reason -> webSockets.remove(socket));
            });
            return idleTimeout.isZero() ? endpoint : new IdleTimedEndpoint(endpoint, connector.getScheduler(), idleTimeout);
        }
    }

    private static void respond(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=UTF-8");
        Content.Sink.write(response, true, text, callback);
    }

    /** Settings for a {@link CapnWebServer}. Only {@link #path} is required. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private final Map<String, Function<ConnectionInfo, ?>> paths = new LinkedHashMap<>();
        private SessionOptions options = SessionOptions.defaults();
        private OriginPolicy origins = OriginPolicy.any();
        private SslContextFactory.Server sslContextFactory;
        private int maxBatchBytes = 32 * 1024 * 1024;
        private int maxResponseBytes = 32 * 1024 * 1024;
        private Duration webSocketIdleTimeout = DEFAULT_WEB_SOCKET_IDLE_TIMEOUT;
        private Duration requestHeaderTimeout = DEFAULT_REQUEST_HEADER_TIMEOUT;
        private Duration requestBodyTimeout = HttpBatchHandler.DEFAULT_REQUEST_BODY_TIMEOUT;
        private Duration threadIdleTimeout = DEFAULT_THREAD_IDLE_TIMEOUT;
        private int maxThreads = DEFAULT_MAX_THREADS;
        private final Map<String, String> responseHeaders = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param host the address to listen on (default {@code 127.0.0.1}; {@code 0.0.0.0} for all)
         * @param port the port (default 0: any free port, see {@link CapnWebServer#port()})
         * @return this builder
         */
        public Builder bind(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        /**
         * Serves a path: POST requests as HTTP batches, WebSocket upgrades as long-lived sessions.
         *
         * <p>For a WebSocket, {@code mainFactory} runs on a network thread while the upgrade is
         * handled, so it should make the object and not block (other connections wait meanwhile).
         * For a batch it runs on the sessions' executor.
         *
         * @param path        the exact path, e.g. {@code /api}
         * @param mainFactory makes each session's main object (an {@code RpcTarget})
         * @return this builder
         */
        public Builder path(String path, Function<ConnectionInfo, ?> mainFactory) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("A path starts with '/': " + path);
            }
            if (paths.putIfAbsent(path, Objects.requireNonNull(mainFactory, "mainFactory")) != null) {
                throw new IllegalArgumentException("Path served twice: " + path);
            }
            return this;
        }

        /**
         * @param options every session's limits, error hook and executor; {@code maxMessageSize}
         *                also caps each WebSocket message as it arrives
         * @return this builder
         */
        public Builder options(SessionOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * @param origins the browser origins allowed to open sessions, e.g.
         *                {@code https://app.example.com}; requests without {@code Origin} (non-browser
         *                clients) are always allowed. Default: any origin
         * @return this builder
         */
        public Builder allowedOrigins(String... origins) {
            this.origins = OriginPolicy.only(origins);
            return this;
        }

        /**
         * Serves https and wss with the key and certificate in a keystore.
         *
         * @param keyStore a PKCS#12 or JKS file
         * @param password its password (also the key's)
         * @return this builder
         */
        public Builder tls(Path keyStore, String password) {
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setKeyStorePath(keyStore.toString());
            factory.setKeyStorePassword(password);
            sslContextFactory = factory;
            return this;
        }

        /**
         * Serves https and wss with a ready {@code SSLContext}.
         *
         * @param sslContext holds the server's key and certificate
         * @return this builder
         */
        public Builder tls(SSLContext sslContext) {
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setSslContext(Objects.requireNonNull(sslContext, "sslContext"));
            sslContextFactory = factory;
            return this;
        }

        /**
         * @param maxBatchBytes the largest HTTP batch body (413 beyond); default 32 MiB
         * @return this builder
         */
        public Builder maxBatchBytes(int maxBatchBytes) {
            this.maxBatchBytes = maxBatchBytes;
            return this;
        }

        /**
         * @param maxResponseBytes the largest HTTP batch response, in UTF-16 characters; a batch
         *                         whose answers grow past it is answered 400 (see
         *                         {@link HttpBatchHandler.Builder#maxResponseBytes}); default 32 MiB
         * @return this builder
         */
        public Builder maxResponseBytes(int maxResponseBytes) {
            if (maxResponseBytes <= 0) {
                throw new IllegalArgumentException("maxResponseBytes must be positive: " + maxResponseBytes);
            }
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /**
         * Ends a WebSocket session whose socket carried no traffic, in either direction, for this
         * long: the session is aborted with {@code Error: WebSocket idle timeout: no traffic for
         * N s.}, which the client gets as an {@code abort} message and as the reason of a close
         * with code 3000, and everything it held is released. Pings and pongs are traffic.
         * Browsers do not ping, and the protocol has none of its own, so an application whose
         * sessions rightly sit idle for long should raise this.
         *
         * @param timeout default 5 minutes; {@link Duration#ZERO} for never
         * @return this builder
         */
        public Builder webSocketIdleTimeout(Duration timeout) {
            this.webSocketIdleTimeout = Timeouts.nonNegative(timeout, "webSocketIdleTimeout");
            return this;
        }

        /**
         * How long a request's line and headers may take to arrive, counted from the connection's
         * opening (its TLS handshake included) for the first request and from the first byte of
         * each later one on a keep-alive connection. It applies to WebSocket upgrades and batches
         * alike. A peer still sending them at the deadline is answered 408 and disconnected (one
         * that sent nothing is just disconnected). Real clients send their headers, a few hundred
         * bytes, at once, so the limit only cuts off peers that trickle them to hold connections.
         *
         * @param timeout default 10 seconds; {@link Duration#ZERO} for no limit
         * @return this builder
         */
        public Builder requestHeaderTimeout(Duration timeout) {
            this.requestHeaderTimeout = Timeouts.nonNegative(timeout, "requestHeaderTimeout");
            return this;
        }

        /**
         * How long an HTTP batch's body may take to arrive once its headers have; see
         * {@link HttpBatchHandler.Builder#requestBodyTimeout}.
         *
         * @param timeout default 30 seconds; {@link Duration#ZERO} for no limit
         * @return this builder
         */
        public Builder requestBodyTimeout(Duration timeout) {
            this.requestBodyTimeout = Timeouts.nonNegative(timeout, "requestBodyTimeout");
            return this;
        }

        /**
         * How long a network thread may sit idle before it ends: after a burst of connections,
         * the pool is back to its few core threads within about twice this long (every idle
         * thread may end, where Jetty's default lets one go per idle timeout).
         *
         * @param timeout default 60 seconds; at least a millisecond
         * @return this builder
         */
        public Builder threadIdleTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "threadIdleTimeout");
            if (timeout.toMillis() < 1) {
                throw new IllegalArgumentException("threadIdleTimeout must be at least 1 ms: " + timeout);
            }
            this.threadIdleTimeout = timeout;
            return this;
        }

        /**
         * @param threads the most network threads (they read, write and run the WebSocket
         *                upgrades; calls run on the sessions' executor); default 200, Jetty's
         * @return this builder
         */
        public Builder maxThreads(int threads) {
            if (threads < 4) {
                throw new IllegalArgumentException("maxThreads must be at least 4: " + threads);
            }
            this.maxThreads = threads;
            return this;
        }

        /**
         * @param name  a header added to every HTTP batch response, e.g. for CORS
         * @param value its value
         * @return this builder
         */
        public Builder responseHeader(String name, String value) {
            responseHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @return the server, listening
         * @throws IllegalStateException if it cannot start, e.g. the port is taken
         */
        public CapnWebServer start() {
            if (paths.isEmpty()) {
                throw new IllegalStateException("No path to serve: call path(\"/api\", info -> new Api()) first.");
            }
            CapnWebServer s = new CapnWebServer(this);
            try {
                s.server.start();
            } catch (Exception e) {
                try {
                    s.server.stop();
                } catch (Exception ignored) {
                    // Already failing; the start failure is the one to report.
                }
                throw new IllegalStateException("Could not start the Cap'n Web server on " + host + ":" + port
                        + ": " + e.getMessage(), e);
            }
            return s;
        }
    }
}
