package org.dataright.fabric.msp;

import com.google.protobuf.ByteString;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.dataright.fabric.crypto.LowSEcdsa;

/** An identity with its private key: signs as Fabric does (ECDSA P-256 over SHA-256, DER, low-S). */
public record SigningIdentity(FabricIdentity identity, PrivateKey privateKey) {

    public SigningIdentity {
        if (identity == null || privateKey == null) {
            throw new IllegalArgumentException("a signing identity needs an identity and a private key");
        }
    }

    public byte[] sign(byte[] message) {
        return LowSEcdsa.sign(privateKey, message);
    }

    /** The serialized identity: the {@code creator} / {@code endorser} bytes Fabric signs and hashes. */
    public ByteString serialized() {
        return identity.serialize();
    }

    public String mspId() {
        return identity.mspId();
    }

    public X509Certificate certificate() {
        return identity.certificate();
    }
}
