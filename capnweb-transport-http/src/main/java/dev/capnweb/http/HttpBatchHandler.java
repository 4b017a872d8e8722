package dev.capnweb.http;

import dev.capnweb.MemoryBudget;
import dev.capnweb.RpcException;
import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import dev.capnweb.spi.ConnectionInfo;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * A Jetty 12 handler that serves Cap'n Web HTTP batch requests, as the reference's
 * {@code newHttpBatchRpcResponse} does: each POST is its own session with a fresh main object;
 * the body holds one message per line; the response, sent once every message was handled and
 * every result the client asked for is known, holds the session's messages, one per line.
 *
 * <pre>{@code
 * Handler api = HttpBatchHandler.builder(info -> new Api()).path("/api").build();
 * server.setHandler(api);
 * }</pre>
 *
 * <p>Answers, besides 200: 405 for anything but POST (as the reference), 403 for an origin the
 * {@link OriginPolicy} refuses, 413 for a body over the cap, 408 (and the connection closed) for
 * a body that took longer than {@link Builder#requestBodyTimeout} to arrive, 400 with the error's text for a body
 * that is not valid UTF-8 or holds a message the session refuses (it aborts, as the reference's
 * session does). After responding, the session is closed, so exported targets are released and
 * their {@code close()} runs. Requests for other paths are left to the next handler. 503 means the
 * sessions' executor refused the batch (it was shut down), or the sessions' memory budget
 * ({@link SessionOptions#memoryBudget()}) is used up.
 *
 * <p>The handler itself never blocks (Jetty may run it on the thread that read the request); each
 * batch's session, and so the application's methods, runs on the executor of its
 * {@link SessionOptions}. An executor that runs each task at once on the calling thread
 * ({@code Runnable::run}) serves the batch on that Jetty thread, with no handoff: faster for
 * single-call batches, but a method that blocks then stalls every connection that thread serves,
 * so it suits only methods that never block.
 *
 * <p>As in the reference, a method that waits for a callback into the client never finishes in a
 * batch (the client can only answer in a new request); use WebSocket for calls in both directions.
 */
public final class HttpBatchHandler extends Handler.Abstract.NonBlocking {
    /** The default {@link Builder#requestBodyTimeout}: 30 seconds. */
    public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpField TEXT_PLAIN = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain;charset=UTF-8");

    private final String path;
    private final Function<ConnectionInfo, ?> mainFactory;
    private final SessionOptions options;
    private final int maxBodyBytes;
    private final int maxResponseBytes;
    private final OriginPolicy origins;
    private final long bodyTimeoutMillis;
    /** Built once: a header put by name costs a lookup of the name and a new field per response. */
    private final List<HttpField> responseHeaders;

    private HttpBatchHandler(Builder b) {
        this.path = b.path;
        this.mainFactory = b.mainFactory;
        this.options = b.options;
        this.maxBodyBytes = b.maxBodyBytes;
        this.maxResponseBytes = b.maxResponseBytes;
        this.origins = b.origins;
        this.bodyTimeoutMillis = b.requestBodyTimeout.toMillis();
        List<HttpField> fields = new ArrayList<>();
        b.responseHeaders.forEach((name, value) -> fields.add(new PreEncodedHttpField(name, value)));
        this.responseHeaders = List.copyOf(fields);
    }

    /**
     * @param mainFactory makes the main object of each batch's session
     * @return a builder
     */
    public static Builder builder(Function<ConnectionInfo, ?> mainFactory) {
        return new Builder(mainFactory);
    }

    /** @return whether this handler serves {@code request}'s path */
    boolean servesPath(Request request) {
        return path == null || path.equals(Request.getPathInContext(request));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!servesPath(request)) {
            return false;
        }
        for (HttpField field : responseHeaders) {
            response.getHeaders().put(field);
        }
        if (!HttpMethod.POST.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            respond(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "This endpoint only accepts POST requests.");
            return true;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (!origins.allows(origin)) {
            respond(response, callback, HttpStatus.FORBIDDEN_403, "Origin not allowed: " + origin);
            return true;
        }
        if (options.memoryBudget().isExhausted()) {
            respond(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, MemoryBudget.SESSION_REFUSED);
            return true;
        }
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            respond(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, new BodyReader.TooLarge(maxBodyBytes).getMessage());
            return true;
        }
        BodyReader.read(request, maxBodyBytes, bodyTimeoutMillis).whenComplete((body, err) -> {
            if (err != null) {
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                if (cause instanceof BodyReader.TooLarge) {
                    respond(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, cause.getMessage());
                } else if (cause instanceof BodyReader.TimedOut) {
                    // The rest of the body is not awaited: the connection ends with this answer.
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    respond(response, callback, HttpStatus.REQUEST_TIMEOUT_408, cause.getMessage());
                } else {
                    callback.failed(cause);
                }
                return;
            }
            // The session (and the application's methods) run on the sessions' executor, never on
            // the network thread that read the body: a method that blocks holds up its own batch only.
            try {
                options.executor().execute(() -> serve(request, body, response, callback));
            } catch (RejectedExecutionException e) {
                respond(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "The server is not taking batches now.");
            }
        });
        return true;
    }

    private void serve(Request request, byte[] body, Response response, Callback callback) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            respond(response, callback, HttpStatus.BAD_REQUEST_400, "Request body is not valid UTF-8.");
            return;
        }
        Object main;
        try {
            main = mainFactory.apply(connectionInfo(request, "http-batch"));
        } catch (RuntimeException e) {
            respond(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "The server could not start a session.");
            return;
        }
        BatchServerTransport transport = new BatchServerTransport(splitLines(text), maxResponseBytes);
        RpcSession session = RpcSession.create(transport, main, options);
        // If the exchange fails first (idle timeout, server stopping), release the session anyway.
        request.addFailureListener(failure -> session.close());
        session.drain().whenComplete((ignored, err) -> {
            String out = transport.finish();
            session.close();
            if (err != null) {
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                respond(response, callback, HttpStatus.BAD_REQUEST_400, describe(cause));
            } else {
                response.setStatus(HttpStatus.OK_200);
                response.getHeaders().put(TEXT_PLAIN);
                Content.Sink.write(response, true, out, callback);
            }
        });
    }

    /** The reference splits on every {@code \n}; one trailing newline is tolerated here. */
    static List<String> splitLines(String body) {
        if (body.isEmpty()) {
            return List.of();
        }
        String trimmed = body.endsWith("\r\n") ? body.substring(0, body.length() - 2)
                : body.endsWith("\n") ? body.substring(0, body.length() - 1) : body;
        return new ArrayList<>(Arrays.asList(trimmed.split("\n", -1)));
    }

    private static String describe(Throwable error) {
        String name = error instanceof RpcException re ? re.name() : "Error";
        return "Bad RPC batch: " + name + ": " + error.getMessage();
    }

    /**
     * Describes a Jetty request for a main-object factory; for servers that open other kinds of
     * sessions (WebSocket) on the same requests.
     *
     * @param request   the request
     * @param transport the transport's name for {@link ConnectionInfo#transport()}
     * @return the description
     */
    public static ConnectionInfo connectionInfo(Request request, String transport) {
        HttpFields fields = request.getHeaders();
        Map<String, List<String>> headers = new HashMap<>();
        for (HttpField field : fields) {
            // Immutable lists, which ConnectionInfo keeps instead of copying again.
            headers.computeIfAbsent(field.getLowerCaseName(), name -> List.copyOf(fields.getValuesList(name)));
        }
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        return new ConnectionInfo(transport, Request.getPathInContext(request),
                remote instanceof InetSocketAddress inet ? inet : null, headers);
    }

    private static void respond(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(TEXT_PLAIN);
        Content.Sink.write(response, true, text, callback);
    }

    /** Settings for an {@link HttpBatchHandler}; every one has a default. */
    public static final class Builder {
        private final Function<ConnectionInfo, ?> mainFactory;
        private String path;
        private SessionOptions options = SessionOptions.defaults();
        private int maxBodyBytes = 32 * 1024 * 1024;
        private int maxResponseBytes = 32 * 1024 * 1024;
        private OriginPolicy origins = OriginPolicy.any();
        private Duration requestBodyTimeout = DEFAULT_REQUEST_BODY_TIMEOUT;
        private final Map<String, String> responseHeaders = new LinkedHashMap<>();

        private Builder(Function<ConnectionInfo, ?> mainFactory) {
            this.mainFactory = Objects.requireNonNull(mainFactory, "mainFactory");
        }

        /**
         * @param path the exact request path to serve, e.g. {@code /api}; by default every path
         * @return this builder
         */
        public Builder path(String path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * @param options session limits, error hook and executor for each batch's session
         * @return this builder
         */
        public Builder options(SessionOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * @param maxBodyBytes the largest request body accepted (413 beyond); default 32 MiB
         * @return this builder
         */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 0) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 0");
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /**
         * A batch's answers are held until the batch is done, so this caps what one request can
         * make the server hold for its response: a batch whose answers grow past it is answered
         * 400, {@code Bad RPC batch: Error: The batch's answers exceed N characters ...}.
         *
         * @param maxResponseBytes the largest response body, counted in UTF-16 characters (bytes
         *                         for ASCII JSON); default 32 MiB
         * @return this builder
         */
        public Builder maxResponseBytes(int maxResponseBytes) {
            if (maxResponseBytes <= 0) {
                throw new IllegalArgumentException("maxResponseBytes must be positive: " + maxResponseBytes);
            }
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /**
         * How long a request's body may take to arrive, counted from when the handler gets the
         * request (its headers are in). A body still arriving at the deadline is answered 408,
         * the connection is closed and no session is started. The handler enforces this itself,
         * with the server's scheduler, so it holds in any Jetty server; a deadline on the headers
         * is the server's ({@code CapnWebServer} has one). Batches are usually a few kilobytes; a
         * body near {@link #maxBodyBytes}'s default of 32 MiB needs about 9 Mbit/s to arrive in
         * the default time, so raise both together for large batches over slow links.
         *
         * @param timeout default 30 seconds; {@link Duration#ZERO} for no limit
         * @return this builder
         */
        public Builder requestBodyTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("requestBodyTimeout must not be negative: " + timeout);
            }
            this.requestBodyTimeout = timeout;
            return this;
        }

        /**
         * @param origins which browser origins may call (403 otherwise); default any
         * @return this builder
         */
        public Builder origins(OriginPolicy origins) {
            this.origins = Objects.requireNonNull(origins, "origins");
            return this;
        }

        /**
         * @param name  a header added to every response, e.g. {@code Access-Control-Allow-Origin}
         * @param value its value
         * @return this builder
         */
        public Builder responseHeader(String name, String value) {
            responseHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @return the handler */
        public HttpBatchHandler build() {
            return new HttpBatchHandler(this);
        }
    }
}
