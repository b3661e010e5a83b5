package org.dataright.evidence.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestTest {

    @Test
    void sm3MatchesTheKnownAnswersOfGbT32905() {
        // GB/T 32905-2016 appendix A, examples 1 and 2.
        assertThat(ContentDigests.of("abc".getBytes(StandardCharsets.US_ASCII)).sm3())
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        assertThat(ContentDigests.of("abcd".repeat(16).getBytes(StandardCharsets.US_ASCII)).sm3())
                .isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }

    @Test
    void oneStreamPassGivesBothDigests() throws Exception {
        byte[] content = bytes(200_000);

        ContentDigests d = ContentDigests.of(new ByteArrayInputStream(content));

        assertThat(d.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(d.sm3()).isEqualTo(HexFormat.of().formatHex(ContentDigests.sm3(content)));
        assertThat(ContentDigests.of("abc".getBytes(StandardCharsets.US_ASCII)).sha256())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void theManifestRootIsDefinedOverTheChunkDigestsAsDocumented() throws Exception {
        int chunk = 1000;
        byte[] content = bytes(2500);

        ChunkManifest m = ChunkManifest.compute(new ByteArrayInputStream(content), chunk);

        assertThat(m.chunks()).hasSize(3);
        assertThat(m.length()).isEqualTo(2500);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("dpr-chunk-manifest/1\0".getBytes(StandardCharsets.US_ASCII));
        sha.update(ByteBuffer.allocate(16).putLong(chunk).putLong(2500).array());
        List<ChunkManifest.Chunk> expected = new ArrayList<>();
        for (int off = 0; off < content.length; off += chunk) {
            byte[] piece = java.util.Arrays.copyOfRange(content, off, Math.min(content.length, off + chunk));
            ContentDigests d = ContentDigests.of(piece);
            expected.add(new ChunkManifest.Chunk(d.sha256(), d.sm3()));
            sha.update(HexFormat.of().parseHex(d.sha256()));
            sha.update(HexFormat.of().parseHex(d.sm3()));
        }
        assertThat(m.chunks()).isEqualTo(expected);
        assertThat(m.root()).isEqualTo(HexFormat.of().formatHex(sha.digest()));
    }

    @Test
    void chunkBoundariesAndEmptyContentAreExact() throws Exception {
        assertThat(ChunkManifest.compute(new ByteArrayInputStream(new byte[0]), 1000).chunks()).isEmpty();
        assertThat(ChunkManifest.compute(new ByteArrayInputStream(bytes(2000)), 1000).chunks()).hasSize(2);
        assertThat(ChunkManifest.of(new ByteArrayInputStream(bytes(ChunkManifest.CHUNK_SIZE + 1))).chunks()).hasSize(2);
    }

    @Test
    void fileDigestsComputeAllThreeInOneRead() throws Exception {
        byte[] content = bytes(9_000_000);

        FileDigests f = FileDigests.of(new ByteArrayInputStream(content));

        ContentDigests whole = ContentDigests.of(content);
        assertThat(f.sha256()).isEqualTo(whole.sha256());
        assertThat(f.sm3()).isEqualTo(whole.sm3());
        assertThat(f.manifestRoot()).isEqualTo(ChunkManifest.of(new ByteArrayInputStream(content)).root());
    }

    @Test
    void aManifestWhoseRootOrChunkCountIsWrongCannotBeBuilt() {
        ChunkManifest.Chunk c = new ChunkManifest.Chunk("00".repeat(32), "11".repeat(32));
        assertThatThrownBy(() -> new ChunkManifest(1, 1000, 500, List.of(c), "22".repeat(32)))
                .hasMessageContaining("is not the root of its chunks");
        assertThatThrownBy(() -> new ChunkManifest(1, 1000, 1500, List.of(c), "22".repeat(32)))
                .hasMessageContaining("has 2 chunks, not 1");
        assertThatThrownBy(() -> new FileDigests("ABC", null, null)).hasMessageContaining("64 lowercase hex");
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i ^ (i >>> 7));
        }
        return b;
    }
}
