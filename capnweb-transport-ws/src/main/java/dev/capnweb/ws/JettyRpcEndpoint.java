package dev.capnweb.ws;

import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One Cap'n Web session on one Jetty WebSocket, made by {@link CapnWebServer} for each upgrade.
 *
 * <p>It works on Jetty's core frames: text frames are joined here ({@link TextMessages}), so that
 * the size limit is checked while a message is still coming in; pings are answered here; Jetty
 * runs the closing handshake. Each frame is handled on the thread that read it, and the next is
 * asked for when it is done. Answers sent while a read is handled go out together when it ends
 * ({@link ReadBatchingConnection}). While more than {@link SessionOptions#maxQueuedSendBytes()}
 * bytes wait to be written to the peer, or wait in the session's lane to be handled, the next
 * frame is not asked for, so the peer's further messages stay in its socket (TCP pushes back on
 * it) until it has read enough or the session has caught up.
 */
final class JettyRpcEndpoint implements FrameHandler {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Object main;
    private final SessionOptions options;
    private final Consumer<JettyRpcEndpoint> opened;
    private final TextMessages text;
    private CoreSession socket;
    private ReadBatchingConnection connection;
    private JettyTransport transport;
    private RpcSession session;
    /** After a refusal (binary, oversized or invalid text), nothing more is taken in: the session is ending. */
    private boolean refused;
    /** Guards {@link #demandWithheld} against the writer's thread resuming at the same time. */
    private final Object demandLock = new Object();
    /** The next frame was not asked for because the backlog was over its bound. */
    private boolean demandWithheld;

    /** @param opened told when the session has started (on the upgrading thread) */
    JettyRpcEndpoint(Object main, SessionOptions options, Consumer<JettyRpcEndpoint> opened) {
        this.main = main;
        this.options = options;
        this.opened = opened;
        this.text = new TextMessages(options.maxMessageSize());
    }

    /** @return the session, once open */
    RpcSession session() {
        return session;
    }

    /** Starts the closing handshake with 1001, as a server going away does. */
    void goingAway() {
        socket.close(CloseStatus.SHUTDOWN, "The server is shutting down.", Callback.NOOP);
    }

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        socket = coreSession;
        // RfcHandshaker made both.
        connection = (ReadBatchingConnection) ((WebSocketCoreSession) coreSession).getConnection();
        transport = new JettyTransport(options);
        session = RpcSession.create(transport, main, options);
        opened.accept(this);
        callback.succeeded();
        coreSession.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        byte op = frame.getOpCode();
        try {
            if (refused) {
                return;
            }
            switch (op) {
                case OpCode.TEXT, OpCode.CONTINUATION -> text(frame);
                case OpCode.BINARY -> {
                    refused = true;
                    transport.onBinary();
                }
                case OpCode.PING -> pong(frame);
                default -> {
                    // PONG needs nothing; CLOSE is answered by Jetty once this callback succeeds.
                }
            }
        } finally {
            callback.succeeded();
            if (op != OpCode.CLOSE) {
                demandNext();
            }
        }
    }

    /** Asks for the next frame, unless the peer has too much unread: then once it has read enough. */
    private void demandNext() {
        synchronized (demandLock) {
            if (transport.backlog.readingPaused()) {
                demandWithheld = true;
                return;
            }
        }
        socket.demand();
    }

    /** Reading may go on (on the thread that wrote the bytes or handled the message, often). */
    private void resumeDemand() {
        synchronized (demandLock) {
            if (!demandWithheld || transport.backlog.readingPaused()) {
                return;
            }
            demandWithheld = false;
        }
        socket.demand();
    }

    private void pong(Frame ping) {
        // The ping's buffer is Jetty's and is reused once this frame is handled; the pong's is
        // handed to Jetty's sender, so it is never a shared one.
        socket.sendFrame(new Frame(OpCode.PONG, payloadCopy(ping)), Callback.NOOP, false);
    }

    /** @return a copy of the frame's payload in a buffer of its own, which Jetty's sender may keep */
    static ByteBuffer payloadCopy(Frame frame) {
        ByteBuffer copy = ByteBuffer.allocate(frame.getPayloadLength());
        if (frame.hasPayload()) {
            copy.put(frame.getPayload().duplicate()).flip();
        }
        return copy;
    }

    private void text(Frame frame) {
        String message;
        try {
            message = text.accept(frame.hasPayload() ? frame.getPayload() : EMPTY, frame.isFin());
        } catch (TextMessages.TooLarge e) {
            refused = true;
            transport.onTooLarge(options.maxMessageSize());
            return;
        } catch (CharacterCodingException e) {
            // What Jetty (and the reference's ws) do: fail the connection with 1007.
            refused = true;
            socket.close(CloseStatus.BAD_PAYLOAD, "Invalid UTF-8 in a text message", Callback.NOOP);
            return;
        }
        if (message != null) {
            transport.onText(message);
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        if (transport != null) {
            transport.onError();
        }
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus status, Callback callback) {
        if (transport != null) {
            transport.onClose(status.getCode(), status.getReason());
        }
        callback.succeeded();
    }

    /**
     * Sends through Jetty, which queues frames, so a send never blocks the session; each frame's
     * bytes count in the backlog until Jetty reports them written (or failed).
     */
    private final class JettyTransport extends WebSocketTransport {
        JettyTransport(SessionOptions options) {
            super(true, options);
        }

        @Override
        void sendText(String message) {
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            backlog.add(bytes.length);
            socket.sendFrame(new Frame(OpCode.TEXT, ByteBuffer.wrap(bytes)), new Written(bytes.length),
                    connection.holdsBatch());
        }

        @Override
        void closeSocket(int code, String reason) {
            socket.close(code, reason, Callback.NOOP);
        }

        @Override
        void dropSocket() {
            socket.abort();
        }

        @Override
        boolean pausesReading() {
            return true;
        }

        @Override
        void readingResumed() {
            resumeDemand();
        }
    }

    /**
     * Takes one frame's bytes off the backlog once Jetty is done with it, written or not. Left a
     * blocking callback (Jetty's default): crossing back under the bound hands held messages to
     * the session and asks for frames, which may run application methods on this thread.
     */
    private final class Written implements Callback {
        private final int bytes;

        Written(int bytes) {
            this.bytes = bytes;
        }

        @Override
        public void succeeded() {
            transport.backlog.remove(bytes);
        }

        @Override
        public void failed(Throwable cause) {
            transport.backlog.remove(bytes);
        }
    }
}
