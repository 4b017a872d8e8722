package dev.capnweb.webtransport;

import dev.capnweb.RpcException;
import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import tech.kwik.core.log.NullLogger;
import tech.kwik.flupke.Http3Client;
import tech.kwik.flupke.Http3ClientBuilder;
import tech.kwik.flupke.HttpError;
import tech.kwik.flupke.webtransport.ClientSessionFactory;
import tech.kwik.flupke.webtransport.Session;
import tech.kwik.flupke.webtransport.WebTransportStream;

import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens Cap'n Web sessions over WebTransport from Java, to a {@link WebTransportServer} or any
 * server speaking the same framing (see the module README).
 *
 * <pre>{@code
 * try (RpcSession session = WebTransportRpc.client()
 *         .trustCertificateHash(cert.sha256())      // like the browser's serverCertificateHashes
 *         .connect(URI.create("https://127.0.0.1:4433/rpc"))) {
 *     long sq = session.main().call("square", 7).join(Long.class);
 * }
 * }</pre>
 *
 * <p>Connecting blocks until the QUIC handshake and the WebTransport CONNECT are done. Flupke's
 * client cannot close its QUIC connection: when a session ends, its WebTransport session is
 * closed and the idle connection goes after QUIC's idle timeout (its threads are daemons).
 */
public final class WebTransportRpc {
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Reader and writer threads of client sessions (one reader per session, as the QUIC library's streams block). */
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "capnweb-webtransport-client-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private WebTransportRpc() {
    }

    /** @return a builder for client sessions */
    public static Builder client() {
        return new Builder();
    }

    /** Options for client sessions. */
    public static final class Builder {
        private X509TrustManager trustManager;
        private Object localMain;
        private SessionOptions options = SessionOptions.defaults();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Integer maxMessageBytes;

        private Builder() {
        }

        /**
         * Trusts exactly the server certificate with this SHA-256 hash, whoever signed it, as a
         * browser does with {@code serverCertificateHashes}; for a {@link DevelopmentCertificate}.
         *
         * @param sha256 SHA-256 of the DER certificate (32 bytes)
         * @return this
         */
        public Builder trustCertificateHash(byte[] sha256) {
            if (Objects.requireNonNull(sha256, "sha256").length != 32) {
                throw new IllegalArgumentException("a SHA-256 hash has 32 bytes, got " + sha256.length);
            }
            this.trustManager = new HashTrustManager(sha256.clone());
            return this;
        }

        /**
         * @param trustManager decides which server certificates to trust (default: the JDK's CA certificates)
         * @return this
         */
        public Builder trustManager(X509TrustManager trustManager) {
            this.trustManager = Objects.requireNonNull(trustManager, "trustManager");
            return this;
        }

        /** @param main the object the server reaches as this side's main (peer to peer) @return this */
        public Builder localMain(Object main) {
            this.localMain = main;
            return this;
        }

        /** @param options session options @return this */
        public Builder options(SessionOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** @param timeout how long the QUIC handshake may take (default 10 s) @return this */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** @param bytes the longest message taken (default the session's {@code maxMessageSize}, as bytes) @return this */
        public Builder maxMessageBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxMessageBytes must be positive");
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        /**
         * Opens a session.
         *
         * @param uri {@code https://host:port/path} of the WebTransport endpoint
         * @return the session; closing it closes the WebTransport session
         * @throws RpcException when the connection or the WebTransport session cannot be opened
         */
        public RpcSession connect(URI uri) {
            if (!"https".equals(uri.getScheme()) || uri.getPort() <= 0 && uri.getHost() == null) {
                throw new IllegalArgumentException("WebTransport URLs are https://host:port/path, got " + uri);
            }
            Http3ClientBuilder http = (Http3ClientBuilder) Http3Client.newBuilder().connectTimeout(connectTimeout);
            if (trustManager != null) {
                http.trustManager(trustManager);
            }
            http.logger(new NullLogger());
            Session session;
            WebTransportStream stream;
            try {
                ClientSessionFactory factory = ClientSessionFactory.newBuilder()
                        .serverUri(uri)
                        .httpClient((Http3Client) http.build())
                        .build();
                session = factory.createSession(uri);
                session.open();
                stream = session.createBidirectionalStream();
            } catch (IOException | HttpError | RuntimeException e) {
                throw new RpcException("Error", "WebTransport connection to " + uri + " failed: " + describe(e));
            }
            int max = maxMessageBytes != null ? maxMessageBytes : options.maxMessageSize();
            Session opened = session;
            StreamTransport transport = new StreamTransport(new LineReader(stream.getInputStream(), max),
                    stream.getOutputStream(), (code, reason) -> {
                        try {
                            opened.close(code, reason);
                        } catch (IOException | RuntimeException ignored) {
                            // Already closed: nothing more to do.
                        }
                    }, EXECUTOR, options);
            session.registerSessionTerminatedEventListener(transport::peerClosed);
            return RpcSession.create(transport, localMain, options);
        }

        private static String describe(Throwable e) {
            String m = e.getMessage();
            return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        }
    }

    /** Trusts one certificate, by the SHA-256 of its DER encoding. */
    private static final class HashTrustManager implements X509TrustManager {
        private final byte[] sha256;

        HashTrustManager(byte[] sha256) {
            this.sha256 = sha256;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("The server sent no certificate");
            }
            byte[] actual;
            try {
                actual = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
            } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
                throw new CertificateException(e);
            }
            if (!MessageDigest.isEqual(actual, sha256)) {
                throw new CertificateException("The server's certificate has SHA-256 " + HexFormat.of().formatHex(actual)
                        + ", not the trusted " + HexFormat.of().formatHex(sha256));
            }
            chain[0].checkValidity();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("Not used for clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        @Override
        public String toString() {
            return "trust " + Arrays.toString(sha256);
        }
    }
}
