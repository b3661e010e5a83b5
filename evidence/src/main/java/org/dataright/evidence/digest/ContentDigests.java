package org.dataright.evidence.digest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.util.encoders.Hex;
import org.dataright.evidence.fabric.BlockHashes;

/** SHA-256 and SM3 of one whole content, lowercase hex. */
public record ContentDigests(String sha256, String sm3) {
    private static final int BUFFER = 1 << 16;

    public ContentDigests {
        HexDigest.require("sha256", sha256);
        HexDigest.require("sm3", sm3);
    }

    /** Reads the stream once, feeding every buffer to both digests. */
    public static ContentDigests of(InputStream in) throws IOException {
        Both both = new Both();
        byte[] buffer = new byte[BUFFER];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            both.update(buffer, 0, n);
        }
        return both.finish();
    }

    public static ContentDigests of(byte[] content) {
        Both both = new Both();
        both.update(content, 0, content.length);
        return both.finish();
    }

    public static byte[] sm3(byte[] bytes) {
        SM3Digest sm3 = new SM3Digest();
        sm3.update(bytes, 0, bytes.length);
        byte[] out = new byte[32];
        sm3.doFinal(out, 0);
        return out;
    }

    /** Both running digests; the chunk manifest uses it for the whole-file digests of a one-pass read. */
    static final class Both {
        private final MessageDigest sha256 = BlockHashes.newSha256();
        private final SM3Digest sm3 = new SM3Digest();

        void update(byte[] bytes, int offset, int length) {
            sha256.update(bytes, offset, length);
            sm3.update(bytes, offset, length);
        }

        ContentDigests finish() {
            byte[] sm3Out = new byte[32];
            sm3.doFinal(sm3Out, 0);
            return new ContentDigests(Hex.toHexString(sha256.digest()), Hex.toHexString(sm3Out));
        }
    }
}
