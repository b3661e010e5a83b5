package org.dataright.evidence.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dataright.evidence.log.LogFixtures.entries;
import static org.dataright.evidence.log.LogFixtures.hexOf;
import static org.dataright.evidence.log.LogFixtures.treeOf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TilesTest {
    /** The size tlog-tiles uses as its example. */
    private static final int SIZE = 70_000;
    private static List<byte[]> entries;
    private static MerkleTree tree;

    @BeforeAll
    static void buildTree() {
        entries = entries(SIZE);
        tree = treeOf(entries);
    }

    @Test
    void pathsAreWrittenAsTlogTilesSpells() {
        // The examples of c2sp.org/tlog-tiles.
        assertThat(TilePath.hashes(0, 1234067, 256).path()).isEqualTo("tile/0/x001/x234/067");
        assertThat(TilePath.hashes(1, 0, 17).path()).isEqualTo("tile/1/000.p/17");
        assertThat(TilePath.entries(273, 112).path()).isEqualTo("tile/entries/273.p/112");
        assertThat(TilePath.hashes(2, 1000, 256).path()).isEqualTo("tile/2/x001/000");
        assertThat(TilePath.hashes(63, Long.MAX_VALUE, 255).path()).isEqualTo("tile/63/x009/x223/x372/x036/x854/x775/807.p/255");
        for (String p : List.of("tile/0/000", "tile/0/x001/x234/067", "tile/5/999.p/1", "tile/entries/x123/456.p/255",
                "tile/63/x009/x223/x372/x036/x854/x775/807")) {
            assertThat(TilePath.parse(p).path()).isEqualTo(p);
        }
        assertThat(TilePath.parse("tile/entries/x001/000.p/3")).isEqualTo(TilePath.entries(1000, 3));
    }

    @Test
    void otherSpellingsAreRefused() {
        for (String bad : List.of("tile/00/000", "tile/01/000", "tile/64/000", "tile/0/00", "tile/0/0000", "tile/0/1234",
                "tile/0/x000/001", "tile/0/x001", "tile/0/001/002", "tile/0/001.p/0", "tile/0/001.p/256", "tile/0/001.p/007",
                "tile/0/001.p/", "tile/0/001.p", "/tile/0/000", "tile/0/000/", "tile/-1/000", "tile/entry/000", "Tile/0/000",
                "tile/0/x010/x000/x000/x000/x000/x000/x000/000", "tile/0/x009/x223/x372/x036/x854/x775/808", "")) {
            assertThatThrownBy(() -> TilePath.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aTreeOf70000HasTheTilesTheSpecCounts() {
        // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial level 0 tile of
        // width 112, one full level 1 tile, one partial level 1 tile of width 17, and one partial level 2 tile of width 1"
        for (int n = 0; n < 273; n++) {
            assertThat(TilePath.hashesFor(0, n, SIZE).isPartial()).isFalse();
        }
        assertThat(TilePath.hashesFor(0, 273, SIZE)).isEqualTo(TilePath.hashes(0, 273, 112));
        assertThat(TilePath.hashesFor(1, 0, SIZE)).isEqualTo(TilePath.hashes(1, 0, 256));
        assertThat(TilePath.hashesFor(1, 1, SIZE)).isEqualTo(TilePath.hashes(1, 1, 17));
        assertThat(TilePath.hashesFor(2, 0, SIZE)).isEqualTo(TilePath.hashes(2, 0, 1));
        assertThat(TilePath.entriesFor(273, SIZE)).isEqualTo(TilePath.entries(273, 112));
        assertThatThrownBy(() -> TilePath.hashesFor(0, 274, SIZE)).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> TilePath.hashesFor(1, 2, SIZE)).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> TilePath.hashesFor(3, 0, SIZE)).hasMessageContaining("does not exist");
        // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of width 1"
        assertThat(TilePath.hashesFor(0, 0, 256)).isEqualTo(TilePath.hashes(0, 0, 256));
        assertThat(TilePath.hashesFor(1, 0, 256)).isEqualTo(TilePath.hashes(1, 0, 1));
        assertThatThrownBy(() -> TilePath.hashesFor(0, 1, 256)).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> TilePath.hashesFor(0, Long.MAX_VALUE, Long.MAX_VALUE)).hasMessageContaining("does not exist");
        assertThat(TilePath.hashesFor(7, 0, Long.MAX_VALUE).width()).isEqualTo(127);
    }

    @Test
    void tileContentsAreTheHashesOfTheirLevel() {
        byte[] level0 = tree.tile(TilePath.hashes(0, 3, 256));
        assertThat(level0).hasSize(256 * 32);
        for (int i = 0; i < 256; i++) {
            assertThat(hexOf(Arrays.copyOfRange(level0, i * 32, i * 32 + 32)))
                    .isEqualTo(hexOf(Rfc6962Reference.leaf(entries.get(3 * 256 + i))));
        }
        // Level 1, hash i: MTH of the 256 leaves of level-0 tile i.
        byte[] level1 = tree.tile(TilePath.hashes(1, 1, 17));
        for (int i = 0; i < 17; i++) {
            int first = (256 + i) * 256;
            assertThat(hexOf(Arrays.copyOfRange(level1, i * 32, i * 32 + 32))).as("level 1 hash %d", 256 + i)
                    .isEqualTo(hexOf(Rfc6962Reference.mth(entries.subList(first, first + 256))));
        }
        byte[] level2 = tree.tile(TilePath.hashes(2, 0, 1));
        assertThat(hexOf(level2)).isEqualTo(hexOf(Rfc6962Reference.mth(entries.subList(0, 65536))));
        // A partial tile is a prefix of the full one that replaces it.
        assertThat(tree.tile(TilePath.hashes(0, 3, 10))).isEqualTo(Arrays.copyOf(level0, 320));
        assertThatThrownBy(() -> tree.tile(TilePath.hashes(0, 273, 113))).hasMessageContaining("is not in the tree of 70000");
        assertThatThrownBy(() -> tree.tile(TilePath.hashes(1, 1, 256))).hasMessageContaining("is not in the tree");
        assertThatThrownBy(() -> tree.tile(TilePath.hashes(3, 0, 1))).hasMessageContaining("it has 0 hashes at tile level 3");
        assertThatThrownBy(() -> tree.tile(TilePath.entries(0, 256))).hasMessageContaining("entry bundles");
    }

    @Test
    void proofsFromTilesAreTheDirectProofs() {
        SplittableRandom random = new SplittableRandom(70_000);
        for (long size : new long[] {1, 2, 255, 256, 257, 65_535, 65_536, 65_537, SIZE - 1, SIZE,
                random.nextLong(1, SIZE), random.nextLong(1, SIZE)}) {
            Set<TilePath> fetched = new HashSet<>();
            TileProofs fromTiles = new TileProofs(size, path -> {
                // A client only asks for tiles a checkpoint of this size calls for.
                assertThat(path).isEqualTo(TilePath.hashesFor(path.level(), path.index(), size));
                assertThat(fetched.add(path)).as("each tile read once").isTrue();
                return tree.tile(path);
            });
            assertThat(hexOf(fromTiles.root())).as("root of %d", size).isEqualTo(hexOf(tree.root(size)));
            for (int i = 0; i < 20; i++) {
                long index = random.nextLong(size);
                InclusionProof proof = fromTiles.inclusionProof(index);
                assertThat(proof).isEqualTo(tree.inclusionProof(index, size));
                proof.verify(fromTiles.leafHash(index), tree.root(size));
                long size1 = random.nextLong(size + 1);
                ConsistencyProof consistency = fromTiles.consistencyProof(size1);
                assertThat(consistency).isEqualTo(tree.consistencyProof(size1, size));
                consistency.verify(tree.root(size1), tree.root(size));
            }
        }
    }

    @Test
    void tilesOfTheWrongLengthAreRefused() {
        TileProofs shortTiles = new TileProofs(300, path -> new byte[31]);
        // [0, 256) is one hash at tree level 8, read from tile level 1.
        assertThatThrownBy(shortTiles::root).hasMessage("tile/1/000.p/1 has 31 bytes, not 32 (1 hashes of 32)");
        assertThatThrownBy(() -> shortTiles.leafHash(3)).hasMessage("tile/0/000 has 31 bytes, not 8192 (256 hashes of 32)");
        TileProofs none = new TileProofs(300, path -> null);
        assertThatThrownBy(() -> none.inclusionProof(299)).hasMessageContaining("has no bytes");
        assertThat(new TileProofs(0, path -> {
            throw new AssertionError("an empty tree has no tiles");
        }).root()).isEqualTo(TreeHash.emptyRoot());
    }

    @Test
    void entryBundlesAreUint16LengthPrefixed() {
        List<byte[]> bundle = new ArrayList<>();
        bundle.add(new byte[0]);
        bundle.add("a".getBytes(StandardCharsets.US_ASCII));
        bundle.add(new byte[EntryBundle.MAX_ENTRY]);
        byte[] encoded = EntryBundle.encode(bundle);
        assertThat(hexOf(Arrays.copyOf(encoded, 5))).isEqualTo("0000000161");
        assertThat(encoded).hasSize(2 + 3 + 2 + 0xFFFF);
        assertThat(hexOf(EntryBundle.decode(encoded))).isEqualTo(hexOf(bundle));

        assertThatThrownBy(() -> EntryBundle.decode(Arrays.copyOf(encoded, encoded.length - 1)))
                .hasMessage("entry bundle: entry 2 states 65535 bytes, 65534 remain");
        assertThatThrownBy(() -> EntryBundle.decode(new byte[] {0, 1, 7, 0})).hasMessageContaining("truncated length");
        assertThatThrownBy(() -> EntryBundle.encode(List.of(new byte[0x10000]))).hasMessageContaining("at most 65535");
        assertThatThrownBy(() -> EntryBundle.decode(new byte[2 * 257])).hasMessageContaining("after its 256 entries");
        assertThat(EntryBundle.decode(new byte[2 * 256])).hasSize(256);
        assertThatThrownBy(() -> EntryBundle.encode(java.util.Collections.nCopies(257, new byte[0])))
                .hasMessageContaining("1 to 256 entries");
        // Each entry of bundle N hashes to the level-0 tile of index N.
        List<byte[]> first = entries.subList(0, 256);
        byte[] tile = tree.tile(TilePath.hashes(0, 0, 256));
        List<byte[]> decoded = EntryBundle.decode(EntryBundle.encode(first));
        for (int i = 0; i < 256; i++) {
            assertThat(TreeHash.leaf(decoded.get(i))).isEqualTo(Arrays.copyOfRange(tile, i * 32, i * 32 + 32));
        }
    }
}
