package org.dataright.service.certificate;

/** Published once a new certificate is on disk, for what follows an issue (its time-stamp token). */
public record CertificateIssued(String certificateId) {
}
