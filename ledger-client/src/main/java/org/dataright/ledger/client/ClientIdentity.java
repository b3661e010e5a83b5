package org.dataright.ledger.client;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.X509Identity;

/**
 * Who signs: an MSP id, the X.509 certificate its CA issued and the private key beside it. The key
 * stays in this process; proposals and transactions are signed here, low-S, as Fabric requires.
 */
public record ClientIdentity(String mspId, X509Certificate certificate, PrivateKey privateKey) {

    /** The party id the chaincode uses: {@code <MSP id>::<subject, RFC 2253>}. */
    public String party() {
        return mspId + "::" + certificate.getSubjectX500Principal().getName();
    }

    X509Identity identity() {
        return new X509Identity(mspId, certificate);
    }

    /** Signs the whole message (the gateway is told not to hash): SHA-256 and low-S in one, faster than the JDK's. */
    Signer signer() {
        return message -> LowSEcdsa.sign(privateKey, message);
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "ClientIdentity[" + party() + "]";
    }
}
