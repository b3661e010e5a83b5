package org.dataright.ledger.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * A key's fingerprint as the participant directory pins it: hex SHA-256 of the SubjectPublicKeyInfo (DER).
 * The chaincode computes the same value from the certificate that signs each act.
 */
public final class KeyFingerprint {
    private KeyFingerprint() {
    }

    public static String of(X509Certificate certificate) {
        return of(certificate.getPublicKey());
    }

    public static String of(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
