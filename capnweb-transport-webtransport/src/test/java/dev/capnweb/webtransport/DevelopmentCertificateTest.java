package dev.capnweb.webtransport;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The certificate a browser takes by hash: ECDSA P-256, at most 14 days, for 127.0.0.1. */
class DevelopmentCertificateTest {
    @Test
    void itIsWhatServerCertificateHashesAccepts() throws Exception {
        DevelopmentCertificate cert = DevelopmentCertificate.generate();
        var x509 = cert.certificate();
        assertThat(x509.getVersion()).isEqualTo(3);
        assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(((ECPublicKey) x509.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        Duration validity = Duration.between(x509.getNotBefore().toInstant(), x509.getNotAfter().toInstant());
        assertThat(validity).isLessThanOrEqualTo(Duration.ofDays(14)).isGreaterThan(Duration.ofDays(12));
        assertThat(x509.getNotBefore().toInstant()).isBefore(Instant.now());
        x509.checkValidity();
        x509.verify(x509.getPublicKey());
        assertThat(cert.sha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(x509.getEncoded()));
        assertThat(cert.sha256Hex()).hasSize(64);
        assertThat(x509.getSubjectAlternativeNames()).contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(cert.keyStore().getKey(cert.alias(), cert.password())).isNotNull();
    }

    @Test
    void longerThanFourteenDaysIsRefused() {
        assertThatThrownBy(() -> DevelopmentCertificate.generate(Duration.ofDays(15), List.of("localhost"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("14 days");
    }

    @Test
    void aServerTakesAKeyStoreForProduction() throws Exception {
        DevelopmentCertificate cert = DevelopmentCertificate.generate();
        // Any key store entry will do; here the development one stands in for a CA-issued certificate.
        try (WebTransportServer server = WebTransportServer.builder()
                .keyStore(cert.keyStore(), cert.alias(), cert.password())
                .path("/rpc", i -> new WtApi("p")).start()) {
            var session = WebTransportRpc.client().trustCertificateHash(cert.sha256()).connect(server.uri("/rpc"));
            try (session) {
                assertThat(session.main().call("square", 5).join()).isEqualTo(25L);
            }
        }
        assertThatThrownBy(() -> WebTransportServer.builder().keyStore(cert.keyStore(), "nope", cert.password()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }
}
