package dev.capnweb.http;

import dev.capnweb.RpcException;
import dev.capnweb.spi.RpcTransport;
import dev.capnweb.spi.SendRefusedException;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The client's side of one HTTP batch: holds every message back until the session flushes, then
 * sends them in one POST and feeds the response's messages to the session, which then ends with
 * {@link #ENDED}, as the reference's batch client does.
 */
final class BatchClientTransport implements RpcTransport {
    static final String ENDED_TEXT = "Batch RPC request ended. Only results awaited or subscribed to before the "
            + "batch was sent come back in it; make further calls in a new batch.";
    private static final String REFUSED = "This HTTP batch was already sent. A call made now, or a wait on a result "
            + "that was not awaited or subscribed to before the batch was sent, cannot travel in it: subscribe to "
            + "every result you need (join, toCompletableFuture, thenApply...) before the first blocking wait or "
            + "send(), or make these calls in a new batch.";

    private enum State { COLLECTING, SENT, ENDED }

    /** The session's end when the batch went well; compared by identity. */
    final RpcException ended = new RpcException("Error", ENDED_TEXT);

    private final HttpClient http;
    private final URI uri;
    private final Map<String, String> headers;
    private final long timeoutMillis;
    private final int maxResponseBytes;
    private final List<String> outgoing = new ArrayList<>();
    private State state = State.COLLECTING;
    private Receiver receiver;
    private Request request;

    BatchClientTransport(HttpClient http, URI uri, Map<String, String> headers, long timeoutMillis, int maxResponseBytes) {
        this.http = http;
        this.uri = uri;
        this.headers = headers;
        this.timeoutMillis = timeoutMillis;
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public void start(Receiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public synchronized void send(String message) {
        if (state != State.COLLECTING) {
            throw new SendRefusedException(REFUSED);
        }
        outgoing.add(message);
    }

    @Override
    public boolean holdsMessagesBack() {
        return true;
    }

    @Override
    public void flush() {
        Request post;
        synchronized (this) {
            if (state != State.COLLECTING) {
                return;
            }
            state = State.SENT;
            // No trailing newline: the reference's server would read an empty last line as a bad message.
            post = http.newRequest(uri)
                    .method(HttpMethod.POST)
                    .headers(h -> headers.forEach(h::put))
                    .body(new StringRequestContent("text/plain;charset=UTF-8", String.join("\n", outgoing), StandardCharsets.UTF_8))
                    .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
            outgoing.clear();
            request = post;
        }
        post.send(new BufferingResponseListener(maxResponseBytes) {
            @Override
            public void onComplete(Result result) {
                finished(result, result.isSucceeded() ? getContentAsString(StandardCharsets.UTF_8) : null);
            }
        });
    }

    private void finished(Result result, String body) {
        synchronized (this) {
            if (state == State.ENDED) {
                return;
            }
            state = State.ENDED;
            request = null;
        }
        if (result.isFailed()) {
            Throwable failure = result.getFailure();
            receiver.onClosed(new RpcException("Error", "RPC request failed: " + failure.getMessage()));
            return;
        }
        int status = result.getResponse().getStatus();
        if (!HttpStatus.isSuccess(status)) {
            String reason = result.getResponse().getReason();
            receiver.onClosed(new HttpStatusException(status,
                    reason == null || reason.isEmpty() ? HttpStatus.getMessage(status) : reason));
            return;
        }
        if (!body.isEmpty()) {
            for (String line : body.split("\n", -1)) {
                receiver.onMessage(line);
            }
        }
        receiver.onClosed(ended);
    }

    @Override
    public void abort(Throwable reason) {
        Request inFlight;
        synchronized (this) {
            inFlight = request;
            request = null;
            state = State.ENDED;
        }
        if (inFlight != null) {
            inFlight.abort(reason);
        }
    }
}
