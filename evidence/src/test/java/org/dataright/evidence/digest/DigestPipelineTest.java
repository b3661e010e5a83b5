package org.dataright.evidence.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipelined, multi-threaded digests equal a plain sequential computation, byte for byte, on
 * contents of odd sizes and of sizes on and around chunk boundaries, read from files and from streams.
 */
class DigestPipelineTest {
    private static final int SMALL_CHUNK = 1000;
    /** Larger than the pipeline's first read (64 KiB), which then grows to a whole chunk. */
    private static final int MEDIUM_CHUNK = 200_000;
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    @Test
    void smallChunksOfOddAndBoundarySizesMatchTheSequentialDigests() throws Exception {
        // 50 007 bytes make 51 chunks, far more than the pipeline's buffers, so buffers are reused.
        checkAll(SMALL_CHUNK, 0, 1, 999, 1000, 1001, 1999, 2000, 2001, 7000, 7003, 12_345, 50_007);
    }

    @Test
    void chunksLargerThanTheFirstReadMatchTheSequentialDigests() throws Exception {
        checkAll(MEDIUM_CHUNK, 65_535, 65_536, 65_537, 199_999, 200_000, 200_001, 1_000_003);
    }

    private void checkAll(int chunkSize, int... sizes) throws Exception {
        for (int size : sizes) {
            byte[] content = random(size, size);
            Path file = write(content);
            Expected expected = sequential(content, chunkSize);

            try (FileChannel channel = FileChannel.open(file)) {
                assertThat(FileDigests.of(DigestPipeline.from(channel), chunkSize)).as("file of %d bytes", size)
                        .isEqualTo(expected.fileDigests());
            }
            assertThat(FileDigests.of(DigestPipeline.from(new ByteArrayInputStream(content)), chunkSize))
                    .as("stream of %d bytes", size).isEqualTo(expected.fileDigests());
            assertThat(FileDigests.of(DigestPipeline.from(trickle(content)), chunkSize))
                    .as("stream of %d bytes in 7-byte reads", size).isEqualTo(expected.fileDigests());
            ChunkManifest manifest = ChunkManifest.compute(new ByteArrayInputStream(content), chunkSize);
            assertThat(manifest.root()).as("manifest of %d bytes", size).isEqualTo(expected.root);
            assertThat(manifest.chunks()).hasSize((size + chunkSize - 1) / chunkSize);
        }
    }

    @Test
    void realChunkSizeAroundItsBoundariesMatchesTheSequentialDigests() throws Exception {
        int chunk = ChunkManifest.CHUNK_SIZE;
        int[] sizes = {65_536, 65_537, chunk - 1, chunk, chunk + 1, 3 * chunk + 12_345};
        for (int size : sizes) {
            byte[] content = random(size, size);
            Path file = write(content);
            Expected expected = sequential(content, chunk);

            assertThat(FileDigests.of(file)).as("file of %d bytes", size).isEqualTo(expected.fileDigests());
            assertThat(ChunkManifest.of(file).root()).as("manifest of %d bytes", size).isEqualTo(expected.root);
            assertThat(ContentDigests.of(file)).as("digests of %d bytes", size)
                    .isEqualTo(new ContentDigests(expected.sha256, expected.sm3));
            try (InputStream in = Files.newInputStream(file)) {
                assertThat(ContentDigests.of(in)).isEqualTo(new ContentDigests(expected.sha256, expected.sm3));
            }
        }
    }

    @Test
    void anEmptyFileHasTheDigestsOfNothingAndNoChunk() throws Exception {
        Path file = write(new byte[0]);

        assertThat(ContentDigests.of(file).sha256())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(ChunkManifest.of(file).chunks()).isEmpty();
        assertThat(ChunkManifest.of(file).length()).isZero();
    }

    private record Expected(String sha256, String sm3, String root) {
        FileDigests fileDigests() {
            return new FileDigests(sha256, sm3, root);
        }
    }

    /** The definitions, computed the plain way: one thread, whole arrays. */
    private static Expected sequential(byte[] content, int chunkSize) throws Exception {
        MessageDigest root = MessageDigest.getInstance("SHA-256");
        root.update("dpr-chunk-manifest/1\0".getBytes(StandardCharsets.US_ASCII));
        root.update(ByteBuffer.allocate(16).putLong(chunkSize).putLong(content.length).array());
        for (int off = 0; off < content.length; off += chunkSize) {
            byte[] piece = Arrays.copyOfRange(content, off, Math.min(content.length, off + chunkSize));
            root.update(MessageDigest.getInstance("SHA-256").digest(piece));
            root.update(sm3(piece));
        }
        return new Expected(HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(content)), HEX.formatHex(sm3(content)),
                HEX.formatHex(root.digest()));
    }

    private static byte[] sm3(byte[] bytes) {
        SM3Digest sm3 = new SM3Digest();
        sm3.update(bytes, 0, bytes.length);
        byte[] out = new byte[32];
        sm3.doFinal(out, 0);
        return out;
    }

    private Path write(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(dir, "content", ".bin"), content);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    /** A stream that hands out at most 7 bytes per read, as a slow network stream may. */
    private static InputStream trickle(byte[] content) {
        return new FilterInputStream(new ByteArrayInputStream(content)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 7));
            }
        };
    }
}
