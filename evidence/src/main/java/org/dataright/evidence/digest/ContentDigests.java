package org.dataright.evidence.digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.util.encoders.Hex;
import org.dataright.fabric.block.BlockHashes;

/** SHA-256 and SM3 of one whole content, lowercase hex. */
public record ContentDigests(String sha256, String sm3) {

    public ContentDigests {
        HexDigest.require("sha256", sha256);
        HexDigest.require("sm3", sm3);
    }

    /** Reads the stream once; SHA-256 and SM3 each run on a thread of their own, side by side. */
    public static ContentDigests of(InputStream in) throws IOException {
        return DigestPipeline.run(DigestPipeline.from(in), ChunkManifest.CHUNK_SIZE, false, true).whole();
    }

    /** Like {@link #of(InputStream)}, reading the file through its channel. */
    public static ContentDigests of(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return DigestPipeline.run(DigestPipeline.from(channel), ChunkManifest.CHUNK_SIZE, false, true).whole();
        }
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

    /**
     * Both running digests. Each half may be driven by a thread of its own ({@link DigestPipeline}
     * does), as long as one thread at a time updates it.
     */
    static final class Both {
        private final MessageDigest sha256 = BlockHashes.newSha256();
        private final SM3Digest sm3 = new SM3Digest();

        void update(byte[] bytes, int offset, int length) {
            updateSha256(bytes, offset, length);
            updateSm3(bytes, offset, length);
        }

        void updateSha256(byte[] bytes, int offset, int length) {
            sha256.update(bytes, offset, length);
        }

        void updateSm3(byte[] bytes, int offset, int length) {
            sm3.update(bytes, offset, length);
        }

        byte[] finishSha256() {
            return sha256.digest();
        }

        byte[] finishSm3() {
            byte[] out = new byte[32];
            sm3.doFinal(out, 0);
            return out;
        }

        ContentDigests finish() {
            return of(finishSha256(), finishSm3());
        }

        static ContentDigests of(byte[] sha256, byte[] sm3) {
            return new ContentDigests(Hex.toHexString(sha256), Hex.toHexString(sm3));
        }
    }
}
