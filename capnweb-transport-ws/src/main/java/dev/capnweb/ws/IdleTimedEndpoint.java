package dev.capnweb.ws;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@link JettyRpcEndpoint} whose session is aborted when its socket carried no traffic, in
 * either direction, for the idle timeout.
 *
 * <p>Jetty's own WebSocket idle timeout is not used: it closes with 1001 and reports a generic
 * failure to the session. This one aborts the session with {@link WebSocketIdleTimeout#error},
 * so the peer gets an {@code abort} message saying why, then a close with code 3000 and the same
 * reason. Traffic is what the socket's endpoint counts (every frame read or written, pings and
 * pongs included), so keepalive pings keep a session alive. One timer per socket, re-armed for the
 * time left when it finds traffic, so nothing is done per frame.
 */
final class IdleTimedEndpoint implements FrameHandler {
    private final JettyRpcEndpoint delegate;
    private final Scheduler scheduler;
    private final Duration timeout;
    private IdleTimeout idle;
    private volatile Scheduler.Task timer;
    private volatile boolean closed;

    IdleTimedEndpoint(JettyRpcEndpoint delegate, Scheduler scheduler, Duration timeout) {
        this.delegate = delegate;
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        EndPoint endPoint = ((WebSocketCoreSession) coreSession).getConnection().getEndPoint();
        delegate.onOpen(coreSession, callback);
        if (endPoint instanceof IdleTimeout t) {
            idle = t;
            schedule(timeout.toMillis());
        }
    }

    private void schedule(long millis) {
        if (!closed) {
            timer = scheduler.schedule(this::check, Math.max(1, millis), TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        if (closed) {
            return;
        }
        long left = timeout.toMillis() - idle.getIdleFor();
        if (left > 0) {
            schedule(left);
        } else if (delegate.session() != null) {
            delegate.session().abort(WebSocketIdleTimeout.error(timeout));
        }
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        delegate.onFrame(frame, callback);
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        delegate.onError(cause, callback);
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        closed = true;
        Scheduler.Task t = timer;
        if (t != null) {
            t.cancel();
        }
        delegate.onClosed(closeStatus, callback);
    }
}
