package org.dataright.evidence.crypto;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.crypto.SignatureAlgorithm;

/**
 * The registry's certificate-signing key: the private key, its certificate and any intermediate CA
 * certificates up to (not including) a root that verifiers list in their trust bundle's {@code issuers}.
 */
public record IssuerKey(SignatureAlgorithm algorithm, PrivateKey privateKey, X509Certificate certificate,
        List<X509Certificate> intermediates) {

    public IssuerKey {
        if (algorithm == null || privateKey == null || certificate == null) {
            throw new IllegalArgumentException("an issuer key needs an algorithm, a private key and a certificate");
        }
        String problem = algorithm.keyProblem(certificate.getPublicKey());
        if (problem != null) {
            throw new IllegalArgumentException("issuer certificate: " + problem);
        }
        intermediates = List.copyOf(intermediates);
        // A key that does not belong to the certificate would issue certificates no one can verify.
        byte[] probe = "issuer key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (algorithm.verifyProblem(certificate.getPublicKey(), probe, algorithm.sign(privateKey, probe)) != null) {
            throw new IllegalArgumentException("the issuer's private key does not belong to its certificate "
                    + certificate.getSubjectX500Principal().getName());
        }
    }

    /** Reads the key and certificates from PEM text, e.g. the service's configuration. */
    public static IssuerKey fromPem(SignatureAlgorithm algorithm, String privateKeyPem, String certificatePem,
            List<String> intermediatePems) {
        return new IssuerKey(algorithm, Pem.privateKey(privateKeyPem), Pem.certificate(certificatePem),
                intermediatePems.stream().map(Pem::certificate).toList());
    }

    public byte[] sign(byte[] message) {
        return algorithm.sign(privateKey, message);
    }
}
