package dev.capnweb.ws;

import dev.capnweb.RpcSession;
import org.java_websocket.WebSocketListener;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.Framedata;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Java-WebSocket connection that knows when it last carried a message, for the idle timeout
 * of {@link StandaloneWebSocketServer}, and holds its deadlines' timers.
 *
 * <p>Traffic is a text or binary message either way, or a ping from the peer (a client's
 * keepalive). The server's own pings and the pongs that answer them are not: they only show the
 * peer is there, which the connection-lost timeout checks, not that the session is in use.
 */
final class TimedWebSocket extends WebSocketImpl {
    /** Set by whichever comes first: the handshake request is complete, or its deadline passed. */
    final AtomicBoolean handshakeDecided = new AtomicBoolean();
    volatile ScheduledFuture<?> headerTimer;
    volatile ScheduledFuture<?> idleTimer;
    /** The session, once open. */
    volatile RpcSession session;
    private volatile long lastTraffic = System.nanoTime();

    TimedWebSocket(WebSocketListener listener, List<Draft> drafts) {
        super(listener, drafts);
    }

    /** Records traffic now. */
    void traffic() {
        lastTraffic = System.nanoTime();
    }

    /** @return when traffic was last recorded, in {@link System#nanoTime()} terms */
    long lastTraffic() {
        return lastTraffic;
    }

    @Override
    public void send(String text) {
        traffic();
        super.send(text);
    }

    @Override
    public void sendFrame(Framedata frame) {
        if (frame.getOpcode() != Opcode.PING && frame.getOpcode() != Opcode.PONG) {
            traffic();
        }
        super.sendFrame(frame);
    }

    @Override
    public void sendFrame(Collection<Framedata> frames) {
        for (Framedata frame : frames) {
            if (frame.getOpcode() != Opcode.PING && frame.getOpcode() != Opcode.PONG) {
                traffic();
                break;
            }
        }
        super.sendFrame(frames);
    }

    /** Cancels both timers; the connection is over. */
    void cancelTimers() {
        ScheduledFuture<?> header = headerTimer;
        if (header != null) {
            header.cancel(false);
        }
        ScheduledFuture<?> idle = idleTimer;
        if (idle != null) {
            idle.cancel(false);
        }
    }
}
