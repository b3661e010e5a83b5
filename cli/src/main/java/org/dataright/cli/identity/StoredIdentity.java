package org.dataright.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.Output;
import org.dataright.ledger.client.ClientIdentity;

/** The user's identity in a profile: MSP id, certificate and the private key file beside it. */
public record StoredIdentity(String mspId, X509Certificate certificate, Path keyFile) {
    /** Fabric CA's attribute extension, where the role is. */
    public static final String ATTRIBUTES_OID = "1.2.3.4.5.6.7.8.1";

    /** The party id the chaincode uses: {@code <MSP id>::<subject, RFC 2253>}. */
    public String party() {
        return partyOf(mspId, certificate);
    }

    public static String partyOf(String mspId, X509Certificate certificate) {
        return mspId + "::" + certificate.getSubjectX500Principal().getName();
    }

    /** The role attribute the CA wrote into the certificate, if any. */
    public Optional<String> role() {
        return roleOf(certificate);
    }

    public static Optional<String> roleOf(X509Certificate certificate) {
        byte[] ext = certificate.getExtensionValue(ATTRIBUTES_OID);
        if (ext == null) {
            return Optional.empty();
        }
        try {
            JsonNode attrs = Output.JSON.readTree(ASN1OctetString.getInstance(ext).getOctets()).path("attrs");
            return Optional.ofNullable(attrs.path("role").asText(null));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The identity the ledger client signs with; the key is read (and checked) now. */
    public ClientIdentity clientIdentity() {
        return new ClientIdentity(mspId, certificate, privateKey());
    }

    /** Reads the private key; a usage error if the file is gone or not a key. */
    public PrivateKey privateKey() {
        PrivateKey key;
        try {
            key = KeyMaterial.readPrivateKey(keyFile);
        } catch (IOException e) {
            throw unreadableKey(KeyMaterial.describe(e));
        } catch (IllegalArgumentException e) {
            throw unreadableKey(e.getMessage());
        }
        // Signing with another key would only be refused by the peer, with a less helpful message.
        if (!KeyMaterial.matches(key, certificate.getPublicKey())) {
            throw CliException.usage("KEY_MISMATCH", "the private key " + keyFile + " does not belong to the certificate "
                    + "of this profile", "restore the key made with this certificate, or enrol a new identity with --force");
        }
        return key;
    }

    private CliException unreadableKey(String reason) {
        return CliException.usage("KEY_UNREADABLE", "the private key of this profile cannot be read: " + reason,
                "restore the key file from your backup, or enrol a new identity with --force");
    }
}
