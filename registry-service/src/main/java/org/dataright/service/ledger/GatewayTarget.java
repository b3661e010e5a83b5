package org.dataright.service.ledger;

import java.util.List;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.LedgerEndpoint;

/**
 * Where the service's ledger connection goes and as whom, and the CA roots participants' certificates
 * chain to (published at {@code /api/network}).
 *
 * @param endpoint the embedded peer on loopback, or a Fabric peer of the connection profile
 * @param identity the service's own role-less client identity
 * @param caRootCertificates PEM of the CA roots
 */
public record GatewayTarget(LedgerEndpoint endpoint, ClientIdentity identity, List<String> caRootCertificates) {

    public GatewayTarget {
        caRootCertificates = List.copyOf(caRootCertificates);
    }
}
