package dev.capnweb.ws;

import dev.capnweb.SessionOptions;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client session's socket, on a Java-WebSocket {@link WebSocketClient}.
 *
 * <p>Java-WebSocket bounds only the TCP connect and never gives up on a socket whose peer stops
 * answering during the TLS handshake, the HTTP upgrade or the closing handshake (short of its
 * 60 s ping timeout once open). So opening and closing each have a deadline here, after which
 * the socket is dropped; both are timed by the JDK's shared delay scheduler, so a client adds no
 * thread of its own to Java-WebSocket's.
 */
final class JavaWebSocketClientTransport extends WebSocketTransport {
    /** How long the peer has to answer our close frame before the socket is dropped. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final Client client;
    private final Duration connectTimeout;
    /** The UTF-16 limit reported when a message is over the byte cap. */
    private final int tooLargeUnits;
    /** Completes when the socket opens or ends, whichever comes first. */
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    /** Completes when the socket has ended. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean opened;
    private final OutQueueMeter meter;

    /**
     * @param uri             a {@code ws} or {@code wss} URI, scheme in lower case
     * @param headers         extra handshake headers
     * @param tls             the context for {@code wss}, or null for {@code ws}
     * @param connectTimeout  the deadline for opening
     * @param maxMessageBytes the byte cap on incoming messages
     * @param tooLargeUnits   the limit named in the error when a message is over the cap
     */
    JavaWebSocketClientTransport(URI uri, Map<String, String> headers, SSLContext tls, Duration connectTimeout,
                                 int maxMessageBytes, int tooLargeUnits, SessionOptions options) {
        super(false, options);
        this.connectTimeout = connectTimeout;
        this.tooLargeUnits = tooLargeUnits;
        long millis = connectTimeout.getSeconds() >= Integer.MAX_VALUE / 1000 ? Integer.MAX_VALUE : connectTimeout.toMillis();
        int tcpTimeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1, millis));
        client = new Client(this, uri, headers, tcpTimeout, maxMessageBytes);
        meter = new OutQueueMeter(backlog, () -> (WebSocketImpl) client.getConnection(), options.executor());
        // Daemon threads: an application that forgets to close a session can still exit.
        client.setDaemon(true);
        // Calls are small request/answer messages: Nagle's algorithm would only delay them.
        client.setTcpNoDelay(true);
        if (tls != null) {
            // An SSLSocketFactory makes Java-WebSocket use that socket as it is, host name
            // verification included (WebSocketClient.onSetSSLParameters).
            client.setSocketFactory(tls.getSocketFactory());
        }
    }

    /** Starts opening the socket, in the background. */
    void connect() {
        long nanos;
        try {
            nanos = connectTimeout.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        settled.orTimeout(nanos, TimeUnit.NANOSECONDS).whenComplete((v, timeout) -> {
            if (timeout != null) {
                onError();
                // Marks the socket closing, so that it is given up even if it opens now.
                client.close(WebSocketCloses.ABORT_CODE, WebSocketCloses.connectionFailed().getMessage());
                dropSocket();
            }
        });
        client.connect();
    }

    /** Closes the TCP connection at once, without a closing handshake (also used by tests). */
    @Override
    void dropSocket() {
        Socket socket = client.getSocket();
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing is all that was wanted; the read thread ends either way.
            }
        }
    }

    @Override
    void sendText(String text) {
        try {
            client.send(text);
        } catch (WebsocketNotConnectedException ignored) {
            // The socket is closing; its close callback ends the session with the real reason.
            return;
        }
        meter.sent(text.length());
    }

    @Override
    void closeSocket(int code, String reason) {
        boolean wasOpen = opened;
        // Before the socket opens this only marks it closing; Java-WebSocket then gives up on it
        // as soon as its thread looks, which dropping the socket makes happen now.
        client.close(code, reason);
        if (!wasOpen) {
            dropSocket();
            return;
        }
        ended.orTimeout(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, timeout) -> {
            if (timeout != null) {
                dropSocket();
            }
        });
    }

    /** Java-WebSocket's callbacks, on its read thread. */
    private static final class Client extends WebSocketClient {
        private final JavaWebSocketClientTransport transport;

        Client(JavaWebSocketClientTransport transport, URI uri, Map<String, String> headers, int tcpTimeoutMillis,
               int maxMessageBytes) {
            // No subprotocol and no extension, as the reference's client.
            super(uri, new Draft_6455(List.of(), maxMessageBytes), headers, tcpTimeoutMillis);
            this.transport = transport;
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            transport.opened = true;
            transport.settled.complete(null);
            transport.onOpen();
        }

        @Override
        public void onMessage(String message) {
            transport.onText(message);
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
            transport.onBinary();
        }

        @Override
        public void onCloseInitiated(int code, String reason) {
            // 1009 is only ever started by Java-WebSocket itself, when a frame exceeds the cap.
            if (code == CloseFrame.TOOBIG) {
                transport.onTooLarge(transport.tooLargeUnits);
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            transport.settled.complete(null);
            transport.ended.complete(null);
            if (transport.opened) {
                transport.onClose(code, reason);
            } else {
                // A refused handshake (e.g. HTTP 403) also ends here, with a code of
                // Java-WebSocket's own; a browser reports every such failure as an error.
                transport.onError();
            }
        }

        @Override
        public void onError(Exception ex) {
            transport.onError();
            if (transport.opened) {
                // Errors after opening are Java-WebSocket's or a callback's; make sure the
                // socket goes too, as a browser's does after an error event.
                close(WebSocketCloses.ABORT_CODE, WebSocketCloses.connectionFailed().getMessage());
            }
        }
    }
}
