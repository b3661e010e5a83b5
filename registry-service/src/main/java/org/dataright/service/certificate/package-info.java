/**
 * Evidence certificates: the issuer key ({@link org.dataright.service.certificate.Issuer}), the trust
 * bundle verifiers keep ({@link org.dataright.service.certificate.TrustBundles}), issuing a certificate
 * for a committed transaction from the ledger's own block through {@code qscc} (idempotent per
 * transaction, kept in {@code <data dir>/certificates/}), JSON and PDF renderings, and verification of
 * an uploaded certificate with the evidence module's verifier.
 */
package org.dataright.service.certificate;
