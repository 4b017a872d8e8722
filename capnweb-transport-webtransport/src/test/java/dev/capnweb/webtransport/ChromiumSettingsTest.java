package dev.capnweb.webtransport;

import org.junit.jupiter.api.Test;
import tech.kwik.core.log.NullLogger;
import tech.kwik.flupke.Http3Client;
import tech.kwik.flupke.Http3ClientBuilder;
import tech.kwik.flupke.Http3ClientConnection;

import javax.net.ssl.X509TrustManager;
import java.net.http.HttpRequest;
import java.security.cert.X509Certificate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Chromium needs to see before it sends a WebTransport CONNECT (stack.md): the draft-02
 * ENABLE_WEBTRANSPORT, H3_DATAGRAM and draft-07 settings beside Flupke's own WT_MAX_SESSIONS.
 * They lean on Flupke internals, so a Flupke upgrade that drops them fails here, not only in the
 * browser test.
 */
class ChromiumSettingsTest {
    @Test
    void theServerAnnouncesTheSettingsChromiumLooksFor() throws Exception {
        DevelopmentCertificate cert = DevelopmentCertificate.generate();
        try (WebTransportServer server = WebTransportServer.builder().certificate(cert).path("/rpc", i -> new WtApi("s")).start()) {
            Http3ClientBuilder builder = (Http3ClientBuilder) Http3Client.newBuilder();
            builder.trustManager(new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }).logger(new NullLogger());
            Http3Client client = (Http3Client) builder.build();
            Http3ClientConnection connection = client.createConnection(HttpRequest.newBuilder(server.uri("/")).build());
            connection.connect();
            // The SETTINGS frame comes on the server's control stream, right after the handshake.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (connection.getPeerSettingsParameter(ChromiumCompatibleFactory.ENABLE_WEBTRANSPORT_DRAFT02).isEmpty()
                    && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertThat(connection.getPeerSettingsParameter(ChromiumCompatibleFactory.ENABLE_WEBTRANSPORT_DRAFT02)).contains(1L);
            assertThat(connection.getPeerSettingsParameter(ChromiumCompatibleFactory.H3_DATAGRAM)).contains(1L);
            assertThat(connection.getPeerSettingsParameter(ChromiumCompatibleFactory.WEBTRANSPORT_MAX_SESSIONS_DRAFT07)).contains(1L);
            assertThat(connection.getPeerSettingsParameter(0x14e9cd29L)).as("Flupke's own WT_MAX_SESSIONS").contains(1L);
            assertThat(connection.getPeerSettingsParameter(0x08L)).as("ENABLE_CONNECT_PROTOCOL").contains(1L);
        }
    }
}
