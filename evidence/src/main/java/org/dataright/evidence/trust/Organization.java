package org.dataright.evidence.trust;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** One organisation of the channel as its MSP defines it: CA roots and intermediates, and whether it orders blocks. */
public record Organization(String mspId, List<X509Certificate> rootCertificates,
        List<X509Certificate> intermediateCertificates, boolean orderer) {

    public Organization {
        if (mspId == null || mspId.isEmpty()) {
            throw new IllegalArgumentException("an organisation needs an MSP id");
        }
        rootCertificates = List.copyOf(rootCertificates);
        intermediateCertificates = List.copyOf(intermediateCertificates);
        if (rootCertificates.isEmpty()) {
            throw new IllegalArgumentException("organisation " + mspId + " has no root certificate");
        }
    }

    /** Null when {@code cert} is a valid identity of this organisation at {@code at}; otherwise why not. */
    public String identityProblem(X509Certificate cert, Instant at) {
        String problem = CertificateChains.problem(cert, intermediateCertificates, rootCertificates, at);
        return problem == null ? null : "not a valid identity of " + mspId + ": " + problem;
    }
}
