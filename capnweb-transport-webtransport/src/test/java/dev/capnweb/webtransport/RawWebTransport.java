package dev.capnweb.webtransport;

import tech.kwik.core.log.NullLogger;
import tech.kwik.flupke.Http3Client;
import tech.kwik.flupke.Http3ClientBuilder;
import tech.kwik.flupke.webtransport.ClientSessionFactory;
import tech.kwik.flupke.webtransport.Session;
import tech.kwik.flupke.webtransport.WebTransportStream;

import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A WebTransport client that writes bytes by hand, for framing and disconnect tests. */
final class RawWebTransport implements AutoCloseable {
    private final Session session;
    private final WebTransportStream stream;

    private RawWebTransport(Session session, WebTransportStream stream) {
        this.session = session;
        this.stream = stream;
    }

    static RawWebTransport open(URI uri, DevelopmentCertificate cert) throws Exception {
        return open(uri, cert, null);
    }

    /** @param origin sent as the CONNECT's {@code Origin} header, as a browser does; null for none */
    static RawWebTransport open(URI uri, DevelopmentCertificate cert, String origin) throws Exception {
        X509TrustManager trustOnlyIt = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
                if (!chain[0].equals(cert.certificate())) {
                    throw new java.security.cert.CertificateException("not the test certificate");
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        Http3ClientBuilder http = (Http3ClientBuilder) Http3Client.newBuilder();
        http.trustManager(trustOnlyIt).logger(new NullLogger());
        ClientSessionFactory factory = ClientSessionFactory.newBuilder().serverUri(uri)
                .httpClient((Http3Client) http.build()).build();
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(uri);
        if (origin != null) {
            request.header("Origin", origin);
        }
        Session session = factory.createSession(request.build());
        session.open();
        return new RawWebTransport(session, session.createBidirectionalStream());
    }

    void send(String line) throws IOException {
        sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        // In slices, as StreamTransport writes (Kwik can lose the send request of a larger write).
        for (int off = 0; off < bytes.length; off += StreamTransport.KWIK_WRITE_SLICE) {
            stream.getOutputStream().write(bytes, off, Math.min(StreamTransport.KWIK_WRITE_SLICE, bytes.length - off));
        }
        stream.getOutputStream().flush();
    }

    /** @return the next line the server wrote, within 10 s */
    String nextLine() throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                InputStream in = stream.getInputStream();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int b; (b = in.read()) != -1 && b != '\n'; ) {
                    out.write(b);
                }
                return out.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return line.get(10, TimeUnit.SECONDS);
    }

    /** Ends the WebTransport session without a word at the RPC level. */
    void closeSession() throws IOException {
        session.close();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (IOException | RuntimeException ignored) {
            // Already closed.
        }
    }
}
