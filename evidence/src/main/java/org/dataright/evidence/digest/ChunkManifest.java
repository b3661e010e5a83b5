package org.dataright.evidence.digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import org.bouncycastle.util.encoders.Hex;
import org.dataright.fabric.block.BlockHashes;

/**
 * Version 1 of the chunk manifest of a content: the content is cut into chunks of {@link #CHUNK_SIZE}
 * bytes (the last one shorter, an empty content has no chunk); each chunk gets its SHA-256 and SM3;
 * the root is
 * <pre>
 *   SHA-256( "dpr-chunk-manifest/1" ‖ 0x00 ‖ uint64be(chunkSize) ‖ uint64be(length)
 *            ‖ sha256(chunk 0) ‖ sm3(chunk 0) ‖ … ‖ sha256(chunk n-1) ‖ sm3(chunk n-1) )
 * </pre>
 * Chunks are independent, so they are hashed on all cores: SM3, which has no hardware support, is no
 * longer bound to one core for a large file.
 */
public record ChunkManifest(int version, int chunkSize, long length, List<Chunk> chunks, String root) {
    public static final int VERSION = 1;
    public static final int CHUNK_SIZE = 4 * 1024 * 1024;
    private static final byte[] DOMAIN = "dpr-chunk-manifest/1\0".getBytes(StandardCharsets.US_ASCII);

    /** The digests of one chunk. */
    public record Chunk(String sha256, String sm3) {
        public Chunk {
            HexDigest.require("chunk sha256", sha256);
            HexDigest.require("chunk sm3", sm3);
        }

        static Chunk of(byte[] bytes, int length) {
            ContentDigests.Both both = new ContentDigests.Both();
            both.update(bytes, 0, length);
            ContentDigests d = both.finish();
            return new Chunk(d.sha256(), d.sm3());
        }
    }

    public ChunkManifest {
        if (version != VERSION) {
            throw new IllegalArgumentException("chunk manifest version " + version + " is not supported (only " + VERSION + ")");
        }
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunk size must be positive, not " + chunkSize);
        }
        long expected = length == 0 ? 0 : (length - 1) / chunkSize + 1;
        chunks = List.copyOf(chunks);
        if (length < 0 || chunks.size() != expected) {
            throw new IllegalArgumentException("a content of " + length + " bytes in chunks of " + chunkSize
                    + " has " + expected + " chunks, not " + chunks.size());
        }
        String computed = rootOf(chunkSize, length, chunks);
        if (!computed.equals(root)) {
            throw new IllegalArgumentException("manifest root " + root + " is not the root of its chunks (" + computed + ")");
        }
    }

    /** Reads the stream once on the calling thread; the chunks are hashed on all cores. */
    public static ChunkManifest of(InputStream in) throws IOException {
        return compute(DigestPipeline.from(in), CHUNK_SIZE);
    }

    /** Like {@link #of(InputStream)}, reading the file through its channel. */
    public static ChunkManifest of(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return compute(DigestPipeline.from(channel), CHUNK_SIZE);
        }
    }

    static ChunkManifest compute(InputStream in, int chunkSize) throws IOException {
        return compute(DigestPipeline.from(in), chunkSize);
    }

    private static ChunkManifest compute(DigestPipeline.Source source, int chunkSize) throws IOException {
        return fromResult(chunkSize, DigestPipeline.run(source, chunkSize, true, false));
    }

    static ChunkManifest fromResult(int chunkSize, DigestPipeline.Result read) {
        return new ChunkManifest(VERSION, chunkSize, read.length(), read.chunks(),
                rootOf(chunkSize, read.length(), read.chunks()));
    }

    /** The root as defined in the class comment. */
    public static String rootOf(int chunkSize, long length, List<Chunk> chunks) {
        MessageDigest sha256 = BlockHashes.newSha256();
        sha256.update(DOMAIN);
        sha256.update(ByteBuffer.allocate(16).putLong(chunkSize).putLong(length).array());
        for (Chunk c : chunks) {
            sha256.update(Hex.decode(c.sha256()));
            sha256.update(Hex.decode(c.sm3()));
        }
        return Hex.toHexString(sha256.digest());
    }
}
