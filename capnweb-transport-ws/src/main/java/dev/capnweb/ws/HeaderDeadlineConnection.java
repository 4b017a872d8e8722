package dev.capnweb.ws;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Jetty's HTTP/1.1 connection with a deadline on each request's line and headers, which Jetty 12
 * does not have (its idle timeout restarts with every byte, so a peer sending one byte every few
 * seconds holds the connection forever; {@code HttpConfiguration.setMinRequestDataRate} is only
 * read by the servlet layers).
 *
 * <p>The timer is armed when the connection opens (so the TLS handshake counts too) and, on a
 * keep-alive connection, once the first bytes of the next request have been parsed; it is cancelled when the
 * headers are complete. When it fires, a peer that had started a request is answered 408 and the
 * connection is closed; one that had sent nothing is just closed.
 *
 * <p>It extends Jetty's {@code internal} HTTP/1.1 connection, the only place where the parser's
 * progress is seen, so it is tied to the Jetty version the build pins; the deadline tests in
 * {@code ServerDeadlinesTest} catch a change there.
 */
final class HeaderDeadlineConnection extends HttpConnection {
    private final Scheduler scheduler;
    private final long timeoutMillis;
    /** The armed timer, or null between requests and once the headers are complete. */
    private final AtomicReference<Scheduler.Task> timer = new AtomicReference<>();

    HeaderDeadlineConnection(HttpConfiguration config, Connector connector, EndPoint endPoint, Duration timeout) {
        super(config, connector, endPoint);
        this.scheduler = connector.getScheduler();
        this.timeoutMillis = Math.max(1, timeout.toMillis());
    }

    @Override
    public void onOpen() {
        arm();
        super.onOpen();
    }

    @Override
    public void onFillable() {
        super.onFillable();
        // Jetty also runs this after each request, with no new bytes, so a request counts as
        // begun only once the parser has taken some of its bytes and is still short of its end.
        HttpParser parser = getParser();
        if (timer.get() == null && !parser.isStart() && parser.inHeaderState()) {
            arm();
        }
    }

    @Override
    public void onClose(Throwable cause) {
        disarm();
        super.onClose(cause);
    }

    @Override
    protected RequestHandler newRequestHandler() {
        // Called from HttpConnection's constructor, before this class's fields are set; they are
        // read only once requests come in.
        return new RequestHandler() {
            @Override
            public boolean headerComplete() {
                disarm();
                return super.headerComplete();
            }
        };
    }

    private void arm() {
        Scheduler.Task task = scheduler.schedule(this::expired, timeoutMillis, TimeUnit.MILLISECONDS);
        Scheduler.Task previous = timer.getAndSet(task);
        if (previous != null) {
            previous.cancel();
        }
    }

    private void disarm() {
        Scheduler.Task task = timer.getAndSet(null);
        if (task != null) {
            task.cancel();
        }
    }

    private void expired() {
        if (timer.getAndSet(null) == null) {
            // The headers completed (or the connection closed) as the timer fired.
            return;
        }
        EndPoint endPoint = getEndPoint();
        if (getParser().isStart()) {
            endPoint.close();
            return;
        }
        // No handler runs and no response is being written while the headers are incomplete, so
        // nothing else writes to this connection meanwhile.
        endPoint.write(Callback.from(endPoint::close, failure -> endPoint.close(failure)),
                ByteBuffer.wrap(HeaderTimeout.response()));
    }
}
