package dev.capnweb.webtransport;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A short-lived self-signed certificate for development and tests, of the kind a browser accepts
 * without a CA when the page passes its hash in {@code serverCertificateHashes}: ECDSA P-256,
 * valid for at most 14 days. Give the browser {@link #sha256()}; give a Java client the same hash
 * ({@link WebTransportRpc.Builder#trustCertificateHash}). For production, load a CA-issued
 * certificate with {@link WebTransportServer.Builder#keyStore}.
 */
public final class DevelopmentCertificate {
    /** The longest validity browsers accept for {@code serverCertificateHashes}. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(14);
    static final String ALIAS = "capnweb-dev";
    private static final char[] PASSWORD = "capnweb-dev".toCharArray();

    private final KeyStore keyStore;
    private final X509Certificate certificate;
    private final byte[] sha256;

    private DevelopmentCertificate(KeyStore keyStore, X509Certificate certificate, byte[] sha256) {
        this.keyStore = keyStore;
        this.certificate = certificate;
        this.sha256 = sha256;
    }

    /**
     * @return a new certificate for {@code localhost} and {@code 127.0.0.1}, valid from a minute
     *         ago for 13 days (inside the 14-day limit, whatever the clocks say)
     */
    public static DevelopmentCertificate generate() {
        return generate(Duration.ofDays(13), List.of("localhost"), List.of("127.0.0.1"));
    }

    /**
     * @param validity    how long it is valid, at most {@link #MAX_VALIDITY}
     * @param dnsNames    host names it is for
     * @param ipAddresses IP addresses it is for, as literals
     * @return a new certificate with a new P-256 key
     * @throws IllegalArgumentException when the validity is longer than 14 days or not positive
     */
    public static DevelopmentCertificate generate(Duration validity, List<String> dnsNames, List<String> ipAddresses) {
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("A development certificate is valid for at most 14 days (browsers refuse "
                    + "longer ones for serverCertificateHashes), got " + validity);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            ZonedDateTime notBefore = Instant.now().minusSeconds(60).atZone(ZoneOffset.UTC).withNano(0);
            byte[] der = selfSigned(keys, notBefore, notBefore.plus(validity), dnsNames, ipAddresses);
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            cert.verify(keys.getPublic());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, keys.getPrivate(), PASSWORD, new java.security.cert.Certificate[] {cert});
            return new DevelopmentCertificate(ks, cert, MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Could not make a development certificate: " + e, e);
        }
    }

    private static byte[] selfSigned(KeyPair keys, ZonedDateTime from, ZonedDateTime to, List<String> dnsNames,
                                     List<String> ipAddresses) throws GeneralSecurityException, java.io.IOException {
        byte[] ecdsaWithSha256 = Der.sequence(Der.oid("1.2.840.10045.4.3.2"));
        byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8("capnweb development"))));
        List<byte[]> altNames = new ArrayList<>();
        for (String dns : dnsNames) {
            altNames.add(Der.context(2, false, dns.getBytes(StandardCharsets.US_ASCII)));
        }
        for (String ip : ipAddresses) {
            altNames.add(Der.context(7, false, InetAddress.getByName(ip).getAddress()));
            // Also as a DNS name: the QUIC library's client matches the server name against DNS
            // names only (browsers given the hash check no names at all).
            altNames.add(Der.context(2, false, ip.getBytes(StandardCharsets.US_ASCII)));
        }
        byte[] subjectAltName = Der.sequence(Der.oid("2.5.29.17"), Der.octets(Der.sequence(altNames.toArray(new byte[0][]))));
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        byte[] tbs = Der.sequence(
                Der.context(0, true, Der.integer(BigInteger.TWO)),
                Der.integer(new BigInteger(1, serial)),
                ecdsaWithSha256,
                name,
                Der.sequence(Der.utcTime(from), Der.utcTime(to)),
                name,
                keys.getPublic().getEncoded(),
                Der.context(3, true, Der.sequence(subjectAltName)));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        return Der.sequence(tbs, ecdsaWithSha256, Der.bits(signer.sign()));
    }

    /** @return a PKCS#12 key store holding the key and certificate under {@link #alias()} */
    public KeyStore keyStore() {
        return keyStore;
    }

    /** @return the alias of the entry in {@link #keyStore()} */
    public String alias() {
        return ALIAS;
    }

    /** @return the password of the entry in {@link #keyStore()} */
    public char[] password() {
        return PASSWORD.clone();
    }

    /** @return the certificate */
    public X509Certificate certificate() {
        return certificate;
    }

    /** @return SHA-256 of the DER certificate: the browser's {@code serverCertificateHashes} value */
    public byte[] sha256() {
        return sha256.clone();
    }

    /** @return {@link #sha256()} as lower-case hex */
    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** @return {@link #sha256()} in base64 */
    public String sha256Base64() {
        return Base64.getEncoder().encodeToString(sha256);
    }

    /** @return when it stops being valid */
    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }
}
