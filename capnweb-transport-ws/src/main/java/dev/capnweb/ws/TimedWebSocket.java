package dev.capnweb.ws;

import dev.capnweb.RpcSession;
import org.java_websocket.WebSocketListener;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Java-WebSocket connection that knows when it last carried a message, for the idle timeout
 * of {@link StandaloneWebSocketServer}, and holds its deadlines' timers.
 *
 * <p>Traffic is a text or binary message either way, or a ping from the peer (a client's
 * keepalive). Frames the server sends other than messages (its own pings, pongs, the close) are
 * not: they only show the peer is there, which the connection-lost timeout checks, not that the
 * session is in use.
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
