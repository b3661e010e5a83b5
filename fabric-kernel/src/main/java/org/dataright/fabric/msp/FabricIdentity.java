package org.dataright.fabric.msp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import org.dataright.fabric.crypto.Pem;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/** An identity as Fabric puts it on the wire: {@code SerializedIdentity{mspid, id_bytes = PEM certificate}}. */
public record FabricIdentity(String mspId, X509Certificate certificate) {

    public FabricIdentity {
        if (mspId == null || mspId.isEmpty()) {
            throw new IllegalArgumentException("an identity needs an MSP id");
        }
        if (certificate == null) {
            throw new IllegalArgumentException("an identity needs a certificate");
        }
    }

    /** Parses serialized identity bytes; throws {@link IllegalArgumentException} naming what is wrong. */
    public static FabricIdentity parse(ByteString serialized) {
        try {
            SerializedIdentity id = SerializedIdentity.parseFrom(serialized);
            return new FabricIdentity(id.getMspid(), Pem.certificate(id.getIdBytes().toByteArray()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a serialized identity: " + e.getMessage(), e);
        }
    }

    /** The bytes Fabric signs and hashes as "creator". */
    public ByteString serialize() {
        return SerializedIdentity.newBuilder()
                .setMspid(mspId)
                .setIdBytes(ByteString.copyFrom(Pem.of(certificate), StandardCharsets.UTF_8))
                .build()
                .toByteString();
    }
}
