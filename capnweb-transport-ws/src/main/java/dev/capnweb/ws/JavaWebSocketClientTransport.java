package dev.capnweb.ws;

import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** A client session's socket, on Java-WebSocket. */
final class JavaWebSocketClientTransport extends WebSocketTransport {
    private final Client client;

    JavaWebSocketClientTransport(URI uri, Map<String, String> headers, int connectTimeoutMillis, int maxMessageBytes,
                                 SSLContext sslContext) {
        super(false);
        client = new Client(uri, headers, connectTimeoutMillis, maxMessageBytes);
        // Daemon threads: an application that forgets to close a session can still exit.
        client.setDaemon(true);
        client.setTcpNoDelay(true);
        if (uri.getScheme().equalsIgnoreCase("wss")) {
            client.setSocketFactory(sslContext.getSocketFactory());
        }
    }

    /** Starts connecting; returns at once. */
    void connect() {
        client.connect();
    }

    @Override
    void sendText(String text) {
        client.send(text);
    }

    @Override
    void closeSocket(int code, String reason) {
        client.close(code, reason);
    }

    private final class Client extends WebSocketClient {
        Client(URI uri, Map<String, String> headers, int connectTimeoutMillis, int maxMessageBytes) {
            super(uri, new Draft_6455(List.of(), maxMessageBytes), headers, connectTimeoutMillis);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            JavaWebSocketClientTransport.this.onOpen();
        }

        @Override
        public void onMessage(String message) {
            onText(message);
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
            onBinary();
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            JavaWebSocketClientTransport.this.onClose(code, reason);
        }

        @Override
        public void onError(Exception ex) {
            JavaWebSocketClientTransport.this.onError();
        }
    }
}
