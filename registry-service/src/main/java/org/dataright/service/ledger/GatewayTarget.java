package org.dataright.service.ledger;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Where the service's fabric-gateway connection goes and as whom.
 *
 * @param endpoint {@code host:port} of the peer's gateway service
 * @param tlsRootCertificate PEM of the peer's TLS root, or null for a plaintext connection (embedded mode, loopback)
 * @param hostnameOverride the TLS server name to expect instead of the endpoint's host, or null
 * @param mspId the MSP id of the service's identity
 * @param certificate the service's certificate
 * @param privateKey the service's private key
 * @param caRootCertificates PEM of the CA roots participants' certificates chain to (published at {@code /api/network})
 */
public record GatewayTarget(String endpoint, String tlsRootCertificate, String hostnameOverride, String mspId,
        X509Certificate certificate, PrivateKey privateKey, List<String> caRootCertificates) {

    public GatewayTarget {
        caRootCertificates = List.copyOf(caRootCertificates);
    }
}
