package org.dataright.fabric.block;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Fabric's transaction id rule ({@code protoutil.ComputeTxID}): hex(SHA-256(nonce ‖ creator)). */
public final class TxIds {
    private TxIds() {
    }

    public static String compute(ByteString nonce, ByteString creator) {
        MessageDigest digest = BlockHashes.newSha256();
        digest.update(nonce.asReadOnlyByteBuffer());
        digest.update(creator.asReadOnlyByteBuffer());
        return HexFormat.of().formatHex(digest.digest());
    }
}
