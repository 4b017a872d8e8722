package dev.capnweb.webtransport;

import dev.capnweb.MemoryBudget;
import dev.capnweb.RpcException;
import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import dev.capnweb.spi.ConnectionInfo;
import tech.kwik.core.log.NullLogger;
import tech.kwik.core.server.ServerConnectionConfig;
import tech.kwik.core.server.ServerConnector;
import tech.kwik.flupke.webtransport.Session;
import tech.kwik.flupke.webtransport.WebTransportStream;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.interfaces.ECKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Serves Cap'n Web over WebTransport (HTTP/3 over QUIC, UDP), to Java clients
 * ({@link WebTransportRpc}) and to browsers (the TypeScript capnweb client with this module's
 * {@link BrowserAdapter}). Each WebTransport session is one RPC session: the client opens one
 * bidirectional stream and both sides write one JSON message per line on it (see the module
 * README). Chromium's WebTransport needs extra HTTP/3 settings, which this server announces.
 *
 * <pre>{@code
 * DevelopmentCertificate cert = DevelopmentCertificate.generate();
 * try (WebTransportServer server = WebTransportServer.builder()
 *         .bind("127.0.0.1", 4433)
 *         .certificate(cert)
 *         .path("/rpc", connection -> new MyApi())
 *         .start()) {
 *     // the browser: new WebTransport(server.uri("/rpc"), {serverCertificateHashes: [{algorithm: "sha-256", value}]})
 * }
 * }</pre>
 *
 * <p>Flupke serves one WebTransport session per QUIC connection; a browser opens a new
 * connection per {@code WebTransport} object anyway.
 */
public final class WebTransportServer implements AutoCloseable {
    private final ServerConnector connector;
    private final DatagramSocket socket;
    private final ExecutorService executor;
    private final DevelopmentCertificate certificate;
    private final Map<RpcSession, StreamTransport> sessions = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    private WebTransportServer(Builder b) throws SocketException {
        this.certificate = b.certificate;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "capnweb-webtransport-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.socket = new DatagramSocket(new InetSocketAddress(b.host, b.port));
        try {
            ServerConnectionConfig config = ServerConnectionConfig.builder()
                    .maxIdleTimeout((int) Math.min(Integer.MAX_VALUE, b.idleTimeout.toMillis()))
                    .maxConnectionBufferSize(b.connectionWindow)
                    .maxBidirectionalStreamBufferSize(b.streamWindow)
                    .maxUnidirectionalStreamBufferSize(1_000_000)
                    .maxOpenPeerInitiatedBidirectionalStreams(100)
                    .maxOpenPeerInitiatedUnidirectionalStreams(10)
                    .retryRequired(false)
                    .connectionIdLength(8)
                    .build();
            ServerConnector.Builder cb = ServerConnector.builder()
                    .withSocket(socket)
                    .withConfiguration(config)
                    .withLogger(new NullLogger());
            cb = b.ecCurve != null
                    ? cb.withKeyStore(b.keyStore, b.alias, b.password, b.ecCurve)
                    : cb.withKeyStore(b.keyStore, b.alias, b.password);
            this.connector = cb.build();
        } catch (java.security.cert.CertificateException | RuntimeException e) {
            socket.close();
            executor.shutdownNow();
            throw new IllegalArgumentException("Could not set up the WebTransport server's TLS: " + e.getMessage(), e);
        }
        Set<String> origins = b.allowedOrigins;
        ChromiumCompatibleFactory h3 = new ChromiumCompatibleFactory((request, response) -> {
            // Flupke asks this handler first, also for a WebTransport CONNECT: leaving the status
            // unset lets the session open; any other status refuses it.
            if ("CONNECT".equals(request.method())) {
                Optional<String> origin = request.headers().firstValue("origin");
                if (origins != null && origin.isPresent() && !origins.contains(origin.get())) {
                    response.setStatus(403);
                }
                return;
            }
            // Plain HTTP/3 requests are not served here: the page and scripts come from a web server.
            response.setStatus(404);
            try (OutputStream out = response.getOutputStream()) {
                out.write("Cap'n Web WebTransport endpoint: open a WebTransport session\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        h3.setExecutor(executor);
        for (Map.Entry<String, Function<ConnectionInfo, ?>> e : b.paths.entrySet()) {
            String path = e.getKey();
            Function<ConnectionInfo, ?> factory = e.getValue();
            h3.registerWebTransportServer(path, session -> accept(session, path, factory, b.options, b.maxMessageBytes));
        }
        connector.registerApplicationProtocol("h3", h3);
        connector.start();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    private void accept(Session session, String path, Function<ConnectionInfo, ?> factory, SessionOptions options,
                        int maxMessageBytes) {
        AtomicBoolean taken = new AtomicBoolean();
        session.setBidirectionalStreamReceiveHandler(stream -> {
            if (!taken.compareAndSet(false, true)) {
                // One RPC stream per session: another stream gets its end at once.
                closeQuietly(stream);
                return;
            }
            serve(session, stream, path, factory, options, maxMessageBytes);
        });
        session.setUnidirectionalStreamReceiveHandler(WebTransportServer::closeQuietly);
        session.open();
    }

    private void serve(Session session, WebTransportStream stream, String path, Function<ConnectionInfo, ?> factory,
                       SessionOptions options, int maxMessageBytes) {
        if (closing.get()) {
            closeSession(session, StreamTransport.ABORT_CODE, "Server is shutting down.");
            return;
        }
        if (options.memoryBudget().isExhausted()) {
            closeSession(session, StreamTransport.ABORT_CODE, MemoryBudget.SESSION_REFUSED);
            return;
        }
        Object main;
        try {
            // Flupke's session shows no headers or address, only the path.
            main = factory.apply(new ConnectionInfo("webtransport", path, null, Map.of()));
        } catch (RuntimeException e) {
            closeSession(session, StreamTransport.ABORT_CODE, "The server could not create a main object.");
            return;
        }
        StreamTransport transport = new StreamTransport(new LineReader(stream.getInputStream(), maxMessageBytes),
                stream.getOutputStream(), (code, reason) -> closeSession(session, code, reason), executor, options);
        session.registerSessionTerminatedEventListener(transport::peerClosed);
        RpcSession rpc = RpcSession.create(transport, main, options);
        sessions.put(rpc, transport);
        rpc.onBroken(reason -> sessions.remove(rpc));
    }

    private static void closeSession(Session session, long code, String reason) {
        try {
            session.close(code, reason);
        } catch (IOException | RuntimeException ignored) {
            // Already closed or the connection is gone: either way it is over.
        }
    }

    private static void closeQuietly(WebTransportStream stream) {
        try {
            stream.getOutputStream().close();
        } catch (IOException | RuntimeException ignored) {
            // Nothing to release beyond what the session's end releases.
        }
    }

    /** @return the UDP port the server listens on */
    public int port() {
        return socket.getLocalPort();
    }

    /**
     * @param path a path the server serves
     * @return the URL a client opens a WebTransport session to, e.g. {@code https://127.0.0.1:4433/rpc}
     */
    public URI uri(String path) {
        String host = socket.getLocalAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("https://" + host + ":" + port() + path);
    }

    /** @return the development certificate the server uses, if it was given one */
    public Optional<DevelopmentCertificate> developmentCertificate() {
        return Optional.ofNullable(certificate);
    }

    /** @return the number of RPC sessions currently open */
    public int openSessions() {
        return sessions.size();
    }

    /** Blocks until {@link #close()} is called. @throws InterruptedException when interrupted */
    public void join() throws InterruptedException {
        closed.await();
    }

    /**
     * Aborts every open session ("Server is shutting down."), waits up to two seconds for their
     * abort messages to be taken, then stops listening. Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        java.util.List<CompletableFuture<Void>> closings = new java.util.ArrayList<>();
        for (Map.Entry<RpcSession, StreamTransport> e : sessions.entrySet()) {
            closings.add(e.getValue().closed());
            e.getKey().abort(new RpcException("Error", "Server is shutting down."));
        }
        try {
            CompletableFuture.allOf(closings.toArray(new CompletableFuture<?>[0]))
                    .get(StreamTransport.CLOSE_GRACE.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Whatever did not close in time goes with the connector.
        }
        connector.close();
        socket.close();
        executor.shutdown();
        closed.countDown();
    }

    /** Options for {@link WebTransportServer}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private KeyStore keyStore;
        private String alias;
        private char[] password;
        private String ecCurve;
        private DevelopmentCertificate certificate;
        private final Map<String, Function<ConnectionInfo, ?>> paths = new LinkedHashMap<>();
        private SessionOptions options = SessionOptions.defaults();
        private Set<String> allowedOrigins;
        private Integer maxMessageBytesSet;
        private int maxMessageBytes;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private long connectionWindow = 16L * 1024 * 1024;
        private long streamWindow = 8L * 1024 * 1024;

        private Builder() {
        }

        /**
         * @param host the address to bind (default {@code 127.0.0.1}; {@code 0.0.0.0} for every interface)
         * @param port the UDP port; 0 picks a free one (default)
         * @return this
         */
        public Builder bind(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Development mode: a short-lived self-signed certificate whose hash the browser is given.
         *
         * @param certificate from {@link DevelopmentCertificate#generate()}
         * @return this
         */
        public Builder certificate(DevelopmentCertificate certificate) {
            this.certificate = Objects.requireNonNull(certificate, "certificate");
            return keyStore(certificate.keyStore(), certificate.alias(), certificate.password());
        }

        /**
         * Production mode: a certificate (and its chain) with its private key from a key store.
         * EC keys on P-256, P-384 and P-521 and RSA keys work.
         *
         * @param keyStore the key store, loaded
         * @param alias    the entry holding the key and the certificate chain
         * @param password the entry's password
         * @return this
         */
        public Builder keyStore(KeyStore keyStore, String alias, char[] password) {
            this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.alias = Objects.requireNonNull(alias, "alias");
            this.password = Objects.requireNonNull(password, "password").clone();
            try {
                java.security.Key key = keyStore.getKey(alias, password);
                if (key == null) {
                    throw new IllegalArgumentException("The key store has no key under alias '" + alias + "'");
                }
                this.ecCurve = key instanceof ECKey ec ? curveName(ec) : null;
            } catch (KeyStoreException | java.security.NoSuchAlgorithmException | java.security.UnrecoverableKeyException e) {
                throw new IllegalArgumentException("Cannot read key '" + alias + "' from the key store: " + e.getMessage(), e);
            }
            return this;
        }

        private static String curveName(ECKey key) {
            int bits = key.getParams().getCurve().getField().getFieldSize();
            switch (bits) {
                case 256:
                    return "secp256r1";
                case 384:
                    return "secp384r1";
                case 521:
                    return "secp521r1";
                default:
                    throw new IllegalArgumentException("Unsupported EC key size for QUIC TLS: " + bits + " bits");
            }
        }

        /**
         * @param path        the path clients open sessions on, e.g. {@code /rpc}
         * @param mainFactory makes the main object for each session
         * @return this
         */
        public Builder path(String path, Function<ConnectionInfo, ?> mainFactory) {
            if (!Objects.requireNonNull(path, "path").startsWith("/")) {
                throw new IllegalArgumentException("path must start with /: " + path);
            }
            paths.put(path, Objects.requireNonNull(mainFactory, "mainFactory"));
            return this;
        }

        /**
         * Browsers send the page's origin with a WebTransport CONNECT; a session from any other
         * origin is refused with 403. Clients that send no origin (not browsers) are let in.
         * Default: every origin.
         *
         * @param origins e.g. {@code https://app.example.com}
         * @return this
         */
        public Builder allowedOrigins(String... origins) {
            this.allowedOrigins = Set.of(origins);
            return this;
        }

        /** @param options session options for every session @return this */
        public Builder options(SessionOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * @param bytes the longest line (message) taken, checked while it is received; default the
         *              session's {@code maxMessageSize}, counted in bytes
         * @return this
         */
        public Builder maxMessageBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxMessageBytes must be positive");
            }
            this.maxMessageBytesSet = bytes;
            return this;
        }

        /**
         * @param timeout how long a QUIC connection may be idle before it is closed (default 60 s;
         *                the protocol has no ping of its own)
         * @return this
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive");
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * @param connectionBytes QUIC flow-control window per connection (default 16 MiB)
         * @param streamBytes     QUIC flow-control window per stream (default 8 MiB)
         * @return this
         */
        public Builder flowControlWindows(long connectionBytes, long streamBytes) {
            if (connectionBytes <= 0 || streamBytes <= 0) {
                throw new IllegalArgumentException("windows must be positive");
            }
            this.connectionWindow = connectionBytes;
            this.streamWindow = streamBytes;
            return this;
        }

        /**
         * @return the running server
         * @throws IllegalStateException    when no certificate or no path was given, or the port is taken
         */
        public WebTransportServer start() {
            if (keyStore == null) {
                throw new IllegalStateException("A WebTransport server needs a certificate: certificate(...) or keyStore(...)");
            }
            if (paths.isEmpty()) {
                throw new IllegalStateException("No path to serve: add path(...)");
            }
            maxMessageBytes = maxMessageBytesSet != null ? maxMessageBytesSet : options.maxMessageSize();
            try {
                return new WebTransportServer(this);
            } catch (SocketException e) {
                throw new IllegalStateException("Cannot bind UDP " + host + ":" + port + ": " + e.getMessage(), e);
            }
        }
    }
}
