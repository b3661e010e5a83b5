package org.dataright.fabric.block;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;

/** Block hashes exactly as Fabric's {@code protoutil/blockutils.go} computes them. */
public final class BlockHashes {
    private BlockHashes() {
    }

    /** SHA-256 over the DER {@code SEQUENCE {INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash}}. */
    public static byte[] headerHash(BlockHeader header) {
        return sha256(headerBytes(header));
    }

    /** The ASN.1 DER bytes of a header that Fabric hashes. */
    public static byte[] headerBytes(BlockHeader header) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        // Fabric encodes the block number as an unsigned 64-bit integer.
        v.add(new ASN1Integer(new BigInteger(Long.toUnsignedString(header.getNumber()))));
        v.add(new DEROctetString(header.getPreviousHash().toByteArray()));
        v.add(new DEROctetString(header.getDataHash().toByteArray()));
        try {
            return new DERSequence(v).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 over the flat concatenation of every data entry (Fabric's data hash is not a Merkle tree). */
    public static byte[] dataHash(BlockData data) {
        MessageDigest digest = newSha256();
        for (ByteString entry : data.getDataList()) {
            digest.update(entry.asReadOnlyByteBuffer());
        }
        return digest.digest();
    }

    public static byte[] sha256(byte[] bytes) {
        return newSha256().digest(bytes);
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
