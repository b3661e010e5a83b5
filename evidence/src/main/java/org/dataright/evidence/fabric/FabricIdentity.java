package org.dataright.evidence.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
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
            return new FabricIdentity(id.getMspid(), parsePem(id.getIdBytes().toByteArray()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a serialized identity: " + e.getMessage(), e);
        }
    }

    public static X509Certificate parsePem(byte[] pemOrDer) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(pemOrDer));
        } catch (CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    public static String toPem(X509Certificate certificate) {
        try {
            StringWriter out = new StringWriter();
            out.write("-----BEGIN CERTIFICATE-----\n");
            out.write(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded()));
            out.write("\n-----END CERTIFICATE-----\n");
            return out.toString();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** The bytes Fabric signs and hashes as "creator". */
    public ByteString serialize() {
        return SerializedIdentity.newBuilder()
                .setMspid(mspId)
                .setIdBytes(ByteString.copyFrom(toPem(certificate), StandardCharsets.UTF_8))
                .build()
                .toByteString();
    }
}
