package org.dataright.fabric.msp;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.dataright.fabric.crypto.Pem;

/**
 * Chain validation as an MSP does it, the one walker of certificate chains: the identity is not a
 * CA, and each certificate up to a trusted root is signed by a CA certificate. Which certificates
 * form the chain does not depend on time; each one's validity period is checked separately, at the
 * time of the act (evidence must stay checkable after keys expire).
 */
public final class CertificateChains {
    private static final int MAX_DEPTH = 8;
    /** ecdsa-with-SHA256, the signature of every certificate a P-256 Fabric CA issues. */
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

    private CertificateChains() {
    }

    /**
     * The chain from {@code leaf} up to one of {@code roots}, leaf first and root last; validity
     * periods are not checked here. {@code authority} names the roots in messages (e.g. "MSP Org1MSP").
     */
    public static List<X509Certificate> chain(X509Certificate leaf, Collection<X509Certificate> intermediates,
            Collection<X509Certificate> roots, String authority) throws IdentityException {
        if (roots.isEmpty()) {
            throw new IdentityException("there are no root certificates of " + authority + " to chain to");
        }
        if (leaf.getBasicConstraints() >= 0) {
            throw new IdentityException("'" + subject(leaf) + "' is a CA certificate, which cannot act as an identity");
        }
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        X509Certificate current = leaf;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            X509Certificate root = issuerAmong(current, roots);
            if (root != null) {
                chain.add(root);
                return List.copyOf(chain);
            }
            X509Certificate next = issuerAmong(current, intermediates);
            if (next == null) {
                throw new IdentityException("'" + subject(leaf) + "' does not chain to a CA root of " + authority
                        + ": no trusted CA issued '" + subject(current) + "' (its issuer is '"
                        + current.getIssuerX500Principal().getName() + "')");
            }
            if (next.equals(current)) {
                // A self-signed certificate among the intermediates is a root, and not a trusted one.
                throw new IdentityException("'" + subject(leaf) + "' does not chain to a CA root of " + authority
                        + ": it chains to the root '" + subject(current) + "', which is not among them");
            }
            chain.add(next);
            current = next;
        }
        throw new IdentityException("the chain of '" + subject(leaf) + "' is longer than " + MAX_DEPTH + " certificates");
    }

    /** Null when {@code leaf} chains to one of {@code roots} and every link is valid at {@code at}; otherwise why not. */
    public static String problem(X509Certificate leaf, Collection<X509Certificate> intermediates,
            Collection<X509Certificate> roots, Instant at) {
        try {
            for (X509Certificate cert : chain(leaf, intermediates, roots, "the trusted roots")) {
                String invalid = validityProblem(cert, at);
                if (invalid != null) {
                    return invalid;
                }
            }
            return null;
        } catch (IdentityException e) {
            return e.getMessage();
        }
    }

    /** Null when {@code cert} is within its validity period at {@code at}; otherwise why not. */
    public static String validityProblem(X509Certificate cert, Instant at) {
        Date when = Date.from(at);
        if (when.before(cert.getNotBefore())) {
            return "'" + subject(cert) + "' is not yet valid at " + at + " (valid from " + cert.getNotBefore().toInstant() + ")";
        }
        if (when.after(cert.getNotAfter())) {
            return "'" + subject(cert) + "' had expired at " + at + " (valid until " + cert.getNotAfter().toInstant() + ")";
        }
        return null;
    }

    public static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }

    /** The CA certificate among {@code candidates} whose key signed {@code cert}, or null. */
    private static X509Certificate issuerAmong(X509Certificate cert, Collection<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            // A candidate with the same subject but another key (e.g. a re-keyed CA) is skipped.
            if (candidate.getSubjectX500Principal().equals(cert.getIssuerX500Principal())
                    && candidate.getBasicConstraints() >= 0
                    && signedBy(cert, candidate)) {
                return candidate;
            }
        }
        return null;
    }

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
