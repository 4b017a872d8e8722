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
 * Cap'n Web clients over WebSocket ({@code ws://} and {@code wss://}), on the Java-WebSocket
 * library, wire-compatible with the reference's {@code newWebSocketRpcSession}.
 *
 * <pre>{@code
 * try (RpcSession session = WebSocketRpc.connect(URI.create("wss://example.com/api"))) {
 *     long sq = session.main().call("square", 7).join(Long.class);
 * }
 * }</pre>
 *
 * <p>As in the reference, {@code connect} returns at once: calls made before the socket opens are
 * queued and sent when it does. If the connection cannot be made, the session breaks with
 * {@code Error: WebSocket connection failed.} and every pending call fails with it. When the
 * socket closes, the session breaks with {@code Error: Peer closed WebSocket: <code> <reason>};
 * when the session ends first, the socket is closed with code 3000 and the reason.
 *
 * <p>Each connection runs on two daemon threads of Java-WebSocket (reading and writing) plus
 * one for its keep-alive pings while open; all of them end when the socket closes, so an open
 * client never keeps the JVM from exiting. Replies are handled on the session's executor, not
 * on these threads.
 */
public final class WebSocketRpc {
    private WebSocketRpc() {
    }

    /**
     * Opens a session with default options and nothing exposed to the server.
     *
     * @param uri a {@code ws://} or {@code wss://} URI; {@code wss} uses the JDK's default trust store
     * @return the session, already usable; the socket is still opening
     * @throws IllegalArgumentException if the URI is not a {@code ws} or {@code wss} URI with a host
     */
    public static RpcSession connect(URI uri) {
        return client().connect(uri);
    }

    /** @return a builder for a client with a main object, options, headers or TLS settings */
    public static Builder client() {
        return new Builder();
    }

    /** Settings for a WebSocket client session; every setting is optional. */
    public static final class Builder {
        private Object localMain;
        private SessionOptions options = SessionOptions.defaults();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private SSLContext sslContext;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxMessageBytes;

        private Builder() {
        }

        /**
         * @param localMain the object the server reaches as this side's main, e.g. for callbacks
         *                  it calls without being handed a stub; null (the default) for none
         * @return this
         */
        public Builder localMain(Object localMain) {
            this.localMain = localMain;
            return this;
        }

        /**
         * @param options the session's limits, error hook and executor
         * @return this
         */
        public Builder options(SessionOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Adds a header to the opening handshake, e.g. {@code Authorization} or {@code Origin}
         * (non-browser clients send no {@code Origin} unless told to).
         *
         * @param name  the header name; a later value for the same name (in any case) replaces an earlier one
         * @param value the value
         * @return this
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            headers.keySet().removeIf(n -> n.equalsIgnoreCase(name));
            headers.put(name, value);
            return this;
        }

        /**
         * @param sslContext the TLS context for {@code wss://} URIs, e.g. one trusting a private CA;
         *                   default: {@link SSLContext#getDefault()}. The server's host name is
         *                   verified against its certificate either way.
         * @return this
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * @param timeout how long opening may take, TCP connect, TLS and the HTTP upgrade together,
         *                before the session breaks with {@code WebSocket connection failed.};
         *                default 10 seconds
         * @return this
         */
        public Builder connectTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive: " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Caps incoming messages in bytes on the socket, so an oversized message is refused from
         * its frame header instead of being buffered. The default is the session's
         * {@link SessionOptions#maxMessageSize()} taken as bytes: equal to the session's own limit
         * for ASCII JSON, but stricter for text that needs several UTF-8 bytes per UTF-16 unit;
         * raise it (up to three times that limit) to accept everything the session accepts. A
         * message over the cap closes the socket with code 1009 and breaks the session.
         *
         * @param bytes the most bytes one message may have
         * @return this
         */
        public Builder maxMessageBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxMessageBytes must be positive: " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        /**
         * Opens the session. The socket opens in the background; calls made meanwhile are queued.
         *
         * @param uri a {@code ws://} or {@code wss://} URI
         * @return the session
         * @throws IllegalArgumentException if the URI is not a {@code ws} or {@code wss} URI with a host
         * @throws IllegalStateException    if {@code wss} is asked for without a context and the JDK has no default one
         */
        public RpcSession connect(URI uri) {
            JavaWebSocketClientTransport transport = newTransport(uri);
            RpcSession session = RpcSession.create(transport, localMain, options);
            transport.connect();
            return session;
        }

        /** @return a transport for {@code uri} with these settings, not yet connecting (tests reach the socket through it) */
        JavaWebSocketClientTransport newTransport(URI uri) {
            URI target = checkUri(uri);
            int bytes = maxMessageBytes > 0 ? maxMessageBytes : options.maxMessageSize();
            SSLContext tls = null;
            if ("wss".equals(target.getScheme())) {
                tls = sslContext != null ? sslContext : defaultContext();
            }
            return new JavaWebSocketClientTransport(target, headers, tls, connectTimeout, bytes,
                    Math.min(bytes, options.maxMessageSize()), options);
        }

        private static URI checkUri(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
                throw new IllegalArgumentException("Cap'n Web over WebSocket needs a ws:// or wss:// URI, not: " + uri);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("The WebSocket URI has no host: " + uri);
            }
            // Java-WebSocket compares schemes case-sensitively.
            String lower = scheme.toLowerCase(Locale.ROOT);
            return lower.equals(scheme) ? uri : URI.create(lower + uri.toString().substring(scheme.length()));
        }

        private static SSLContext defaultContext() {
            try {
                return SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("No default TLS context for wss://: " + e.getMessage(), e);
            }
        }
    }
}
