package dev.capnweb.ws;

import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * One Cap'n Web session on one Jetty WebSocket, made by {@link CapnWebServer} for each upgrade.
 * Public only because Jetty requires WebSocket listeners to be; applications never use it.
 *
 * <p>Text arrives in parts so that the size limit is checked while a message is still coming in
 * (in UTF-16 units, as the reference counts), before it is all in memory.
 */
public final class JettyRpcEndpoint implements Session.Listener.AutoDemanding {
    private final Object main;
    private final SessionOptions options;
    private final Consumer<RpcSession> opened;
    private final int maxChars;
    private Session socket;
    private JettyTransport transport;
    private StringBuilder partial;
    /** A message over the limit is being skipped up to its last part. */
    private boolean skipping;
    private boolean binaryRefused;

    JettyRpcEndpoint(Object main, SessionOptions options, Consumer<RpcSession> opened) {
        this.main = main;
        this.options = options;
        this.opened = opened;
        this.maxChars = options.maxMessageSize();
    }

    @Override
    public void onWebSocketOpen(Session session) {
        socket = session;
        transport = new JettyTransport();
        opened.accept(RpcSession.create(transport, main, options));
    }

    @Override
    public void onWebSocketPartialText(String text, boolean last) {
        if (skipping) {
            skipping = !last;
            return;
        }
        if (partial == null && last) {
            if (text.length() > maxChars) {
                transport.onTooLarge(maxChars);
            } else {
                transport.onText(text);
            }
            return;
        }
        if (partial == null) {
            partial = new StringBuilder();
        }
        if (partial.length() + text.length() > maxChars) {
            partial = null;
            skipping = !last;
            transport.onTooLarge(maxChars);
            return;
        }
        partial.append(text);
        if (last) {
            String message = partial.toString();
            partial = null;
            transport.onText(message);
        }
    }

    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
        callback.succeed();
        if (!binaryRefused) {
            binaryRefused = true;
            transport.onBinary();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (transport != null) {
            transport.onClose(statusCode, reason);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (transport != null) {
            transport.onError();
        }
    }

    /** Sends through Jetty, which queues frames, so a send never blocks the session. */
    private final class JettyTransport extends WebSocketTransport {
        JettyTransport() {
            super(true);
        }

        @Override
        void sendText(String text) {
            socket.sendText(text, Callback.NOOP);
        }

        @Override
        void closeSocket(int code, String reason) {
            socket.close(code, reason, Callback.NOOP);
        }
    }
}
