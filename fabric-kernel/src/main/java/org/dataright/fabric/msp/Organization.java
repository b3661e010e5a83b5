package org.dataright.fabric.msp;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One organisation of a channel, as its Fabric MSP definition holds it: the MSP id, the CA root
 * certificates its identities chain to, intermediate CA certificates, and its NodeOU identifiers.
 */
public record Organization(String mspId, List<X509Certificate> rootCerts, List<X509Certificate> intermediateCerts,
        NodeOuRules nodeOus) {

    /** An organisation with the NodeOU identifiers cryptogen and Fabric CA write ({@link NodeOuRules#DEFAULT}). */
    public Organization(String mspId, List<X509Certificate> rootCerts, List<X509Certificate> intermediateCerts) {
        this(mspId, rootCerts, intermediateCerts, NodeOuRules.DEFAULT);
    }

    public Organization {
        if (mspId == null || mspId.isEmpty()) {
            throw new IllegalArgumentException("an organisation needs an MSP id");
        }
        if (rootCerts == null || rootCerts.isEmpty()) {
            throw new IllegalArgumentException("organisation " + mspId + " needs at least one CA root certificate");
        }
        rootCerts = List.copyOf(rootCerts);
        intermediateCerts = intermediateCerts == null ? List.of() : List.copyOf(intermediateCerts);
        nodeOus = nodeOus == null ? NodeOuRules.DEFAULT : nodeOus;
    }

    /** An organisation with one CA root and no intermediates. */
    public static Organization of(String mspId, X509Certificate rootCert) {
        return new Organization(mspId, List.of(rootCert), List.of());
    }
}
