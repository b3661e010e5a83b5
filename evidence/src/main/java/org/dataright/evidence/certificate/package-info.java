/**
 * The evidence certificate: an immutable value ({@link org.dataright.evidence.certificate.EvidenceCertificate})
 * with its JSON form, the Fabric proof it carries, and the issuer that builds and signs one from a
 * committed block ({@link org.dataright.evidence.certificate.CertificateIssuer}).
 */
package org.dataright.evidence.certificate;
