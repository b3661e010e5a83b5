package org.dataright.evidence.trust;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import org.dataright.evidence.crypto.Pem;
import org.dataright.evidence.fabric.LowSEcdsa;

/**
 * Chain validation as an MSP does it: the identity is not a CA, and each certificate up to a trusted
 * root is valid at the given time and signed by a CA certificate. Validity is checked at the time of
 * the act (the transaction's timestamp), not today: evidence must stay checkable after keys expire.
 */
public final class CertificateChains {
    private static final int MAX_DEPTH = 8;

    private CertificateChains() {
    }

    /** Null when {@code leaf} chains to one of {@code roots} at {@code at}; otherwise the reason it does not. */
    public static String problem(X509Certificate leaf, Collection<X509Certificate> intermediates,
            Collection<X509Certificate> roots, Instant at) {
        if (roots.isEmpty()) {
            return "no root certificates to chain to";
        }
        if (leaf.getBasicConstraints() >= 0) {
            return "'" + subject(leaf) + "' is a CA certificate, which cannot act as an identity";
        }
        X509Certificate current = leaf;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            String invalid = validity(current, at);
            if (invalid != null) {
                return invalid;
            }
            X509Certificate root = issuerAmong(current, roots);
            if (root != null) {
                return validity(root, at);
            }
            X509Certificate next = issuerAmong(current, intermediates);
            if (next == null) {
                return "no trusted CA issued '" + subject(current) + "' (its issuer is '"
                        + current.getIssuerX500Principal().getName() + "')";
            }
            current = next;
        }
        return "the chain of '" + subject(leaf) + "' is longer than " + MAX_DEPTH + " certificates";
    }

    public static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }

    private static String validity(X509Certificate cert, Instant at) {
        Date when = Date.from(at);
        if (when.before(cert.getNotBefore())) {
            return "'" + subject(cert) + "' is not yet valid at " + at + " (valid from " + cert.getNotBefore().toInstant() + ")";
        }
        if (when.after(cert.getNotAfter())) {
            return "'" + subject(cert) + "' had expired at " + at + " (valid until " + cert.getNotAfter().toInstant() + ")";
        }
        return null;
    }

    private static X509Certificate issuerAmong(X509Certificate cert, Collection<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (candidate.getSubjectX500Principal().equals(cert.getIssuerX500Principal())
                    && candidate.getBasicConstraints() >= 0
                    && signedBy(cert, candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** ecdsa-with-SHA256, the signature of every certificate a P-256 Fabric CA issues. */
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

    /** True when {@code issuer}'s key signed {@code cert}. */
    public static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            if (ECDSA_WITH_SHA256.equals(cert.getSigAlgOID())) {
                return LowSEcdsa.verifyAnyS(issuer.getPublicKey(), cert.getTBSCertificate(), cert.getSignature());
            }
            cert.verify(issuer.getPublicKey(), Pem.BC);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            // A failed signature only means this candidate is not the issuer; another one may be.
            return false;
        }
    }
}
