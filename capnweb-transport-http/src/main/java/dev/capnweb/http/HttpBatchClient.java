package dev.capnweb.http;

import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Opens HTTP batch sessions ({@link HttpBatchSession}) on a Jetty {@code HttpClient}. Make one
 * and share it, as with any HTTP client: it holds the connection pool and threads.
 *
 * <pre>{@code
 * try (HttpBatchClient client = HttpBatchClient.create();
 *      HttpBatchSession batch = client.open(URI.create("http://127.0.0.1:8080/api"))) {
 *     System.out.println(batch.main().call("hello", "World").join());
 * }
 * }</pre>
 */
public final class HttpBatchClient implements AutoCloseable {
    private final HttpClient http;
    private final boolean ownsHttp;
    private final Map<String, String> headers;
    private final SessionOptions options;
    private final long timeoutMillis;
    private final int maxResponseBytes;

    private HttpBatchClient(Builder b) {
        this.headers = Map.copyOf(b.headers);
        this.options = b.options;
        this.timeoutMillis = b.timeout.toMillis();
        this.maxResponseBytes = b.maxResponseBytes;
        if (b.http != null) {
            this.http = b.http;
            this.ownsHttp = false;
        } else {
            this.http = newHttpClient(b.sslContext);
            this.ownsHttp = true;
        }
    }

    /** @return a client with the defaults */
    public static HttpBatchClient create() {
        return builder().build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    private static HttpClient newHttpClient(SSLContext sslContext) {
        HttpClient http = new HttpClient();
        // Daemon threads: a forgotten client must not keep the JVM alive.
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("capnweb-http-client");
        pool.setDaemon(true);
        http.setExecutor(pool);
        http.setScheduler(new ScheduledExecutorScheduler("capnweb-http-client-scheduler", true));
        if (sslContext != null) {
            SslContextFactory.Client tls = new SslContextFactory.Client();
            tls.setSslContext(sslContext);
            http.setSslContextFactory(tls);
        }
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the HTTP client: " + e.getMessage(), e);
        }
        return http;
    }

    /**
     * Starts a batch. Nothing is sent until the application blocks on a result or calls
     * {@link HttpBatchSession#send()}.
     *
     * @param uri the server's batch endpoint, {@code http://} or {@code https://}
     * @return the batch
     */
    public HttpBatchSession open(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("An HTTP batch needs an http:// or https:// URI, not " + uri);
        }
        BatchClientTransport transport = new BatchClientTransport(http, uri, headers, timeoutMillis, maxResponseBytes);
        return new HttpBatchSession(RpcSession.create(transport, null, options), transport);
    }

    /** Stops the HTTP client if this object made it; batches in flight fail. */
    @Override
    public void close() {
        if (ownsHttp) {
            try {
                http.stop();
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop the HTTP client: " + e.getMessage(), e);
            }
        }
    }

    /** Settings for an {@link HttpBatchClient}; every one has a default. */
    public static final class Builder {
        private HttpClient http;
        private SSLContext sslContext;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private SessionOptions options = SessionOptions.defaults();
        private Duration timeout = Duration.ofSeconds(60);
        private int maxResponseBytes = 32 * 1024 * 1024;

        private Builder() {
        }

        /**
         * @param http a started Jetty client to use; the caller keeps owning it (default: one of
         *             this object's own, with daemon threads)
         * @return this builder
         */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /**
         * @param sslContext trust and keys for https (default: the JVM's); ignored with {@link #httpClient}
         * @return this builder
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * @param name  a header sent with every batch, e.g. {@code Authorization}
         * @param value its value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param options limits and executor of each batch's session
         * @return this builder
         */
        public Builder options(SessionOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * @param timeout how long a batch may take, from sending to the whole response (default 60 s)
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @param maxResponseBytes the largest response body accepted (default 32 MiB)
         * @return this builder
         */
        public Builder maxResponseBytes(int maxResponseBytes) {
            if (maxResponseBytes <= 0) {
                throw new IllegalArgumentException("maxResponseBytes must be positive");
            }
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /** @return the client, started */
        public HttpBatchClient build() {
            return new HttpBatchClient(this);
        }
    }
}
