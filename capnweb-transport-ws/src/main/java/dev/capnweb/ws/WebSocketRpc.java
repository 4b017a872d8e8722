package dev.capnweb.ws;

import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Cap'n Web sessions over WebSocket, as a client (on Java-WebSocket, small enough to embed in
 * peer-to-peer applications).
 *
 * <pre>{@code
 * try (RpcSession session = WebSocketRpc.connect(URI.create("ws://127.0.0.1:8080/api"))) {
 *     System.out.println(session.main().call("hello", "World").join());
 * }
 * }</pre>
 *
 * <p>As in the reference, {@code connect} returns at once: calls made before the socket opens
 * are sent when it does. If it never opens, the session breaks with "WebSocket connection
 * failed." and every call fails with that. A close from either side breaks the session with
 * "Peer closed WebSocket: &lt;code&gt; &lt;reason&gt;"; closing the session closes the socket
 * with code 3000, as the reference does.
 */
public final class WebSocketRpc {
    private WebSocketRpc() {
    }

    /**
     * Connects with no main object of our own and the default options.
     *
     * @param uri a {@code ws://} or {@code wss://} URI
     * @return the session, connecting
     */
    public static RpcSession connect(URI uri) {
        return client().connect(uri);
    }

    /** @return a builder for a client with a main object, options, headers or TLS settings */
    public static Builder client() {
        return new Builder();
    }

    /** Settings for a WebSocket client session; every one has a default. */
    public static final class Builder {
        private Object localMain;
        private SessionOptions options = SessionOptions.defaults();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private SSLContext sslContext;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Integer maxMessageBytes;

        private Builder() {
        }

        /**
         * @param localMain the object the server reaches as our main (peer-to-peer); default none
         * @return this builder
         */
        public Builder localMain(Object localMain) {
            this.localMain = localMain;
            return this;
        }

        /**
         * @param options the session's limits, error hook and executor
         * @return this builder
         */
        public Builder options(SessionOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * @param name  a header for the opening handshake, e.g. {@code Authorization} or {@code Origin}
         * @param value its value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param sslContext trust (and keys) for {@code wss://}; default the JVM's
         * @return this builder
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * @param timeout how long opening the socket may take; default 10 s
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("connect timeout must be positive and under 24 days");
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * @param maxMessageBytes the largest message taken from the socket, in bytes; default the
         *                        options' {@code maxMessageSize}. The session's own limit, in UTF-16
         *                        units, applies too.
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
         * Starts connecting and returns the session at once.
         *
         * @param uri a {@code ws://} or {@code wss://} URI
         * @return the session
         */
        public RpcSession connect(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ws") && !scheme.equals("wss")) {
                throw new IllegalArgumentException("A WebSocket session needs a ws:// or wss:// URI, not " + uri);
            }
            SSLContext tls = sslContext;
            if (tls == null && scheme.equals("wss")) {
                try {
                    tls = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("No default TLS context: " + e.getMessage(), e);
                }
            }
            JavaWebSocketClientTransport transport = new JavaWebSocketClientTransport(uri, Map.copyOf(headers),
                    (int) connectTimeout.toMillis(),
                    maxMessageBytes != null ? maxMessageBytes : options.maxMessageSize(), tls);
            RpcSession session = RpcSession.create(transport, localMain, options);
            transport.connect();
            return session;
        }
    }
}
