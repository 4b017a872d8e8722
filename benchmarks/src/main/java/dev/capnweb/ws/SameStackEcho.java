package dev.capnweb.ws;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * Benchmarks only: a WebSocket echo (each frame back as it came) on exactly the stack {@link
 * CapnWebServer} runs its sessions on: the same handshaker, Jetty's core frames, and the answers
 * to one read written together when the read is done. It lives in this package (in the
 * benchmarks module, on the class path) to use that stack without making it public API.
 */
public final class SameStackEcho {
    private final RfcHandshaker handshaker;

    /** @param components the server's WebSocket components */
    public SameStackEcho(WebSocketComponents components) {
        this.handshaker = new RfcHandshaker(components);
    }

    /**
     * @return whether the request was upgraded (else it was not a WebSocket upgrade and nothing
     * was answered)
     */
    public boolean upgrade(Request request, Response response, Callback callback) {
        if (!RfcHandshaker.isUpgrade(request)) {
            return false;
        }
        handshaker.upgrade(request, response, callback, new Echo(), session -> session.setAutoFragment(true));
        return true;
    }

    private static final class Echo implements FrameHandler {
        private CoreSession session;
        private ReadBatchingConnection connection;

        @Override
        public void onOpen(CoreSession coreSession, Callback callback) {
            session = coreSession;
            connection = (ReadBatchingConnection) ((WebSocketCoreSession) coreSession).getConnection();
            callback.succeeded();
            coreSession.demand();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            byte op = frame.getOpCode();
            if (op != OpCode.CLOSE && op != OpCode.PONG) {
                byte answer = op == OpCode.PING ? OpCode.PONG : op;
                session.sendFrame(new Frame(answer, frame.isFin(), JettyRpcEndpoint.payloadCopy(frame)), Callback.NOOP,
                        !frame.isControlFrame() && connection.holdsBatch());
            }
            callback.succeeded();
            if (op != OpCode.CLOSE) {
                session.demand();
            }
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus closeStatus, Callback callback) {
            callback.succeeded();
        }
    }
}
