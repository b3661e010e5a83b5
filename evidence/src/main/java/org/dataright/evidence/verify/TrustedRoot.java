package org.dataright.evidence.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.dataright.fabric.msp.CertificateChains;

/**
 * A root certificate of the trust bundle that a chain check ended at: its subject and the SHA-256 of its DER
 * encoding (lowercase hex), as {@code openssl x509 -fingerprint -sha256} computes it.
 */
public record TrustedRoot(String subject, String sha256) {
    public static TrustedRoot of(X509Certificate root) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(root.getEncoded());
            return new TrustedRoot(CertificateChains.subject(root), HexFormat.of().formatHex(digest));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("a parsed certificate has a DER encoding and SHA-256 exists", e);
        }
    }
}
