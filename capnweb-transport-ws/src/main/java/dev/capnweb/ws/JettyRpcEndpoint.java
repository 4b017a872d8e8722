package dev.capnweb.ws;

import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Frame;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

import java.nio.charset.CharacterCodingException;
import java.util.function.Consumer;

/**
 * One Cap'n Web session on one Jetty WebSocket, made by {@link CapnWebServer} for each upgrade.
 * Public only because Jetty requires WebSocket listeners to be; applications never use it.
 *
 * <p>Frames are taken as they come and joined here ({@link TextMessages}), so that the size
 * limit is checked while a message is still coming in, and without Jetty's per-message text
 * aggregation. Jetty still answers pings and runs the closing handshake.
 */
public final class JettyRpcEndpoint implements Session.Listener.AutoDemanding {
    private final Object main;
    private final SessionOptions options;
    private final Consumer<RpcSession> opened;
    private final TextMessages text;
    private Session socket;
    private JettyTransport transport;
    /** After a refusal (binary, oversized or invalid text), nothing more is taken in: the session is ending. */
    private boolean refused;

    JettyRpcEndpoint(Object main, SessionOptions options, Consumer<RpcSession> opened) {
        this.main = main;
        this.options = options;
        this.opened = opened;
        this.text = new TextMessages(options.maxMessageSize());
    }

    @Override
    public void onWebSocketOpen(Session session) {
        socket = session;
        transport = new JettyTransport();
        opened.accept(RpcSession.create(transport, main, options));
    }

    @Override
    public void onWebSocketFrame(Frame frame, Callback callback) {
        try {
            Frame.Type type = frame.getType();
            if (!refused && (type == Frame.Type.TEXT || type == Frame.Type.CONTINUATION)) {
                text(frame);
            } else if (!refused && type == Frame.Type.BINARY) {
                refused = true;
                transport.onBinary();
            }
        } finally {
            callback.succeed();
        }
    }

    private void text(Frame frame) {
        String message;
        try {
            message = text.accept(frame.getPayload(), frame.isFin());
        } catch (TextMessages.TooLarge e) {
            refused = true;
            transport.onTooLarge(options.maxMessageSize());
            return;
        } catch (CharacterCodingException e) {
            // What Jetty (and the reference's ws) do: fail the connection with 1007.
            refused = true;
            socket.close(StatusCode.BAD_PAYLOAD, "Invalid UTF-8 in a text message", Callback.NOOP);
            return;
        }
        if (message != null) {
            transport.onText(message);
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
