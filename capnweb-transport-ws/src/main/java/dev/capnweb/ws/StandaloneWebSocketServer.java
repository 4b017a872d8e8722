package dev.capnweb.ws;

import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import dev.capnweb.http.OriginPolicy;
import dev.capnweb.spi.ConnectionInfo;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A WebSocket-only Cap'n Web server on Java-WebSocket, for applications that want no Jetty
 * (use {@link CapnWebServer} to serve HTTP batch as well). Every connection, on any path, is
 * one session with a fresh main object.
 *
 * <pre>{@code
 * try (StandaloneWebSocketServer server = StandaloneWebSocketServer.builder()
 *         .bind("127.0.0.1", 8080)
 *         .main(info -> new Api())
 *         .start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Java-WebSocket pings each connection and drops it when no answer comes within its
 * connection-lost timeout (60 s), so a vanished peer's session ends and is released.
 */
public final class StandaloneWebSocketServer implements AutoCloseable {
    private final Server server;
    private final boolean tls;

    private StandaloneWebSocketServer(Builder b) {
        server = new Server(b);
        tls = b.sslContext != null;
        if (tls) {
            server.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(b.sslContext));
        }
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getPort();
    }

    /**
     * @param path the path to put in the URI (the server serves every path)
     * @return {@code ws://host:port/path}, or {@code wss://} with TLS
     */
    public URI uri(String path) {
        String host = server.getAddress().getHostString();
        return URI.create((tls ? "wss" : "ws") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + path);
    }

    /** @return the number of sessions open now */
    public int openSessions() {
        return server.getConnections().size();
    }

    /** Stops listening and closes every connection, which ends its session. */
    @Override
    public void close() {
        try {
            server.stop(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Server extends WebSocketServer {
        private final Function<ConnectionInfo, ?> factory;
        private final SessionOptions options;
        private final OriginPolicy origins;
        final CompletableFuture<Void> started = new CompletableFuture<>();

        Server(Builder b) {
            super(new InetSocketAddress(b.host, b.port), List.of(new Draft_6455(List.of(),
                    b.maxMessageBytes != null ? b.maxMessageBytes : b.options.maxMessageSize())));
            this.factory = b.factory;
            this.options = b.options;
            this.origins = b.origins;
            setReuseAddr(true);
            setTcpNoDelay(true);
        }

        @Override
        public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
                                                                           ClientHandshake request) throws InvalidDataException {
            String origin = request.hasFieldValue("Origin") ? request.getFieldValue("Origin") : null;
            if (!origins.allows(origin)) {
                throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "Origin not allowed: " + origin);
            }
            return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            Object main;
            try {
                main = factory.apply(connectionInfo(conn, handshake));
            } catch (RuntimeException e) {
                conn.close(CloseFrame.UNEXPECTED_CONDITION, "The server could not start a session.");
                return;
            }
            ConnectionTransport transport = new ConnectionTransport(conn);
            conn.setAttachment(transport);
            RpcSession.create(transport, main, options);
        }

        private static ConnectionInfo connectionInfo(WebSocket conn, ClientHandshake handshake) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Iterator<String> names = handshake.iterateHttpFields(); names.hasNext(); ) {
                String name = names.next();
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(handshake.getFieldValue(name));
            }
            String resource = handshake.getResourceDescriptor();
            int query = resource.indexOf('?');
            return new ConnectionInfo("websocket", query < 0 ? resource : resource.substring(0, query),
                    conn.getRemoteSocketAddress(), headers);
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            ConnectionTransport t = conn.getAttachment();
            if (t != null) {
                t.onText(message);
            }
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            ConnectionTransport t = conn.getAttachment();
            if (t != null) {
                t.onBinary();
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            ConnectionTransport t = conn.getAttachment();
            if (t != null) {
                t.onClose(code, reason);
            }
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn == null) {
                started.completeExceptionally(ex);
                return;
            }
            ConnectionTransport t = conn.getAttachment();
            if (t != null) {
                t.onError();
            }
        }

        @Override
        public void onStart() {
            started.complete(null);
        }
    }

    /** One connection's socket. */
    private static final class ConnectionTransport extends WebSocketTransport {
        private final WebSocket conn;

        ConnectionTransport(WebSocket conn) {
            super(true);
            this.conn = conn;
        }

        @Override
        void sendText(String text) {
            conn.send(text);
        }

        @Override
        void closeSocket(int code, String reason) {
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
        private Integer maxMessageBytes;
        private SSLContext sslContext;

        private Builder() {
        }

        /**
         * @param host the address to listen on (default {@code 127.0.0.1})
         * @param port the port (default 0: any free port, see {@link StandaloneWebSocketServer#port()})
         * @return this builder
         */
        public Builder bind(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        /**
         * @param factory makes each session's main object
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
         * @param origins the browser origins allowed to connect; handshakes without {@code Origin}
         *                (non-browser clients) are always allowed. Default: any origin
         * @return this builder
         */
        public Builder allowedOrigins(String... origins) {
            this.origins = OriginPolicy.only(origins);
            return this;
        }

        /**
         * @param maxMessageBytes the largest message taken from a socket, in bytes (the connection
         *                        closes with 1009 beyond); default the options' {@code maxMessageSize}
         * @return this builder
         */
        public Builder maxMessageBytes(int maxMessageBytes) {
            if (maxMessageBytes <= 0) {
                throw new IllegalArgumentException("maxMessageBytes must be positive");
            }
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        /**
         * @param sslContext the server's key and certificate, to serve {@code wss://}
         * @return this builder
         */
        public Builder tls(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * @return the server, listening
         * @throws IllegalStateException if it cannot listen, e.g. the port is taken
         */
        public StandaloneWebSocketServer start() {
            if (factory == null) {
                throw new IllegalStateException("No main object: call main(info -> new Api()) first.");
            }
            StandaloneWebSocketServer s = new StandaloneWebSocketServer(this);
            s.server.start();
            try {
                s.server.started.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                s.close();
                throw new IllegalStateException("Could not listen on " + host + ":" + port + ": " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                s.close();
                throw new IllegalStateException("The server did not start listening on " + host + ":" + port + " within 30 s.");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s.close();
                throw new IllegalStateException("Interrupted while starting the server.", e);
            }
            return s;
        }
    }
}
