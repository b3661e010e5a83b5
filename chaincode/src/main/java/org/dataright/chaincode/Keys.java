package org.dataright.chaincode;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * Key fingerprints: hex SHA-256 of a certificate's SubjectPublicKeyInfo (its DER encoding), the one value
 * the participant directory pins, so a certificate that the CA-key holder mints for an existing subject
 * with another key is told apart from the participant's own.
 */
final class Keys {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Keys() {
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
            StringBuilder hex = new StringBuilder(64);
            for (byte b : digest) {
                hex.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The fingerprint of a PEM certificate given for {@code party}, whose subject must be the party's. */
    static String fingerprintFor(String party, String pem) {
        X509Certificate certificate = certificate(pem);
        String subject = certificate.getSubjectX500Principal().getName();
        String partySubject = party.substring(party.indexOf("::") + 2);
        if (!subject.equals(partySubject)) {
            throw ErrorCode.CERTIFICATE_MISMATCH.reject("the certificate is for '%s', not for %s; give that "
                    + "participant's own certificate", Input.abbreviate(subject), party);
        }
        return fingerprint(certificate);
    }

    /** A key's fingerprint as an argument: 64 hex digits, kept in lower case. */
    static String fingerprintArgument(String value) {
        String v = value == null ? "" : value.strip();
        if (!v.matches("[0-9a-fA-F]{64}")) {
            throw ErrorCode.INVALID_ARGUMENT.reject("a key fingerprint is 64 hexadecimal characters (SHA-256 of the "
                    + "certificate's public key), not '%s'", Input.abbreviate(v));
        }
        return v.toLowerCase(Locale.ROOT);
    }

    /** A P-256 or SM2 certificate in PEM is about 1 KB; this bounds what a caller can make us parse. */
    private static final int MAX_PEM_CHARACTERS = 16_000;

    private static X509Certificate certificate(String pem) {
        String text = pem == null ? "" : pem.strip();
        if (!text.startsWith("-----BEGIN CERTIFICATE-----") || text.length() > MAX_PEM_CHARACTERS) {
            throw ErrorCode.INVALID_ARGUMENT.reject("the certificate must be one PEM certificate "
                    + "(-----BEGIN CERTIFICATE-----), of at most %d characters", MAX_PEM_CHARACTERS);
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            throw ErrorCode.INVALID_ARGUMENT.reject("the certificate cannot be read: %s", e.getMessage());
        }
    }
}
