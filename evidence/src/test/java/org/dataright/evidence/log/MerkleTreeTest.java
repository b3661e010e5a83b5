package org.dataright.evidence.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dataright.evidence.log.LogFixtures.b64;
import static org.dataright.evidence.log.LogFixtures.entries;
import static org.dataright.evidence.log.LogFixtures.hex;
import static org.dataright.evidence.log.LogFixtures.hexOf;
import static org.dataright.evidence.log.LogFixtures.treeOf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    /** The RFC 6962 test leaves of transparency-dev/merkle, testonly/constants.go (LeafInputs). */
    private static final List<byte[]> KAT_LEAVES = List.of(hex(""), hex("00"), hex("10"), hex("2021"), hex("3031"),
            hex("40414243"), hex("5051525354555657"), hex("606162636465666768696a6b6c6d6e6f"));

    /** Their roots for sizes 0 to 8, from the same file (RootHashes). */
    private static final List<String> KAT_ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void hashesMatchTheKnownAnswersOfRfc6962() {
        // transparency-dev/merkle, rfc6962/rfc6962_test.go.
        assertThat(hexOf(TreeHash.emptyRoot())).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(hexOf(TreeHash.leaf(new byte[0]))).isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        assertThat(hexOf(TreeHash.leaf("L123456".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56");
        assertThat(hexOf(TreeHash.node("N123".getBytes(StandardCharsets.US_ASCII), "N456".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb");
    }

    @Test
    void rootsOfEverySizeMatchThePublishedVectors() {
        MerkleTree tree = new MerkleTree();
        assertThat(hexOf(tree.root())).isEqualTo(KAT_ROOTS.get(0));
        for (int n = 1; n <= KAT_LEAVES.size(); n++) {
            tree.append(KAT_LEAVES.get(n - 1));
            assertThat(hexOf(tree.root())).as("root of %d", n).isEqualTo(KAT_ROOTS.get(n));
        }
        for (int n = 0; n <= KAT_LEAVES.size(); n++) {
            assertThat(hexOf(tree.root(n))).as("root of %d afterwards", n).isEqualTo(KAT_ROOTS.get(n));
            assertThat(hexOf(Rfc6962Reference.mth(KAT_LEAVES.subList(0, n)))).isEqualTo(KAT_ROOTS.get(n));
        }
    }

    @Test
    void proofsMatchThePublishedVectors() {
        MerkleTree tree = treeOf(KAT_LEAVES);
        // transparency-dev/merkle testdata/inclusion/1/happy-path.json: leaf 0 of 8.
        InclusionProof inclusion = tree.inclusionProof(0, 8);
        assertThat(hexOf(inclusion.path())).containsExactly(hexOf(b64("lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=")),
                hexOf(b64("Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=")), hexOf(b64("a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=")));
        inclusion.verify(b64("bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="), b64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="));
        // testdata/consistency/1/happy-path.json: from 1 to 8, the same three hashes.
        ConsistencyProof consistency = tree.consistencyProof(1, 8);
        assertThat(hexOf(consistency.path())).isEqualTo(hexOf(inclusion.path()));
        consistency.verify(b64("bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="), b64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="));
        // The stored level-1 node hashes (NodeHashes()[1]) are what the tile of level 1 would be built from.
        assertThat(hexOf(tree.inclusionProof(6, 8).path().get(1))).isEqualTo("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a");
    }

    @Test
    void everyProofOfSmallTreesIsTheRfcDefinitionAndVerifies() {
        int max = 40;
        List<byte[]> entries = entries(max);
        MerkleTree tree = treeOf(entries);
        for (int n = 1; n <= max; n++) {
            List<byte[]> d = entries.subList(0, n);
            byte[] root = tree.root(n);
            assertThat(hexOf(root)).isEqualTo(hexOf(Rfc6962Reference.mth(d)));
            for (int m = 0; m < n; m++) {
                InclusionProof p = tree.inclusionProof(m, n);
                assertThat(hexOf(p.path())).as("PATH(%d, D[%d])", m, n).isEqualTo(hexOf(Rfc6962Reference.path(m, d)));
                p.verify(Rfc6962Reference.leaf(d.get(m)), root);
            }
            for (int m = 1; m < n; m++) {
                ConsistencyProof c = tree.consistencyProof(m, n);
                assertThat(hexOf(c.path())).as("PROOF(%d, D[%d])", m, n).isEqualTo(hexOf(Rfc6962Reference.proof(m, d)));
                c.verify(tree.root(m), root);
            }
        }
    }

    @Test
    void proofsOfALargerTreeMatchTheReferenceAtRandomPoints() {
        int n = 5000;
        List<byte[]> entries = entries(n);
        MerkleTree tree = treeOf(entries);
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 40; i++) {
            int size = 1 + random.nextInt(n);
            int m = random.nextInt(size);
            List<byte[]> d = entries.subList(0, size);
            assertThat(hexOf(tree.inclusionProof(m, size).path())).isEqualTo(hexOf(Rfc6962Reference.path(m, d)));
            if (m > 0) {
                assertThat(hexOf(tree.consistencyProof(m, size).path())).isEqualTo(hexOf(Rfc6962Reference.proof(m, d)));
                tree.consistencyProof(m, size).verify(tree.root(m), tree.root(size));
            }
        }
        assertThat(hexOf(tree.root())).isEqualTo(hexOf(Rfc6962Reference.mth(entries)));
    }

    @Test
    void everyAlteredProofOfSmallTreesFails() {
        MerkleTree tree = treeOf(entries(20));
        for (int n = 1; n <= 20; n++) {
            for (int m = 0; m < n; m++) {
                alteredInclusionProofsFail(tree, m, n);
            }
        }
    }

    private static void alteredInclusionProofsFail(MerkleTree tree, long m, long n) {
        byte[] root = tree.root(n);
        byte[] leaf = tree.leafHash(m);
        byte[] extra = TreeHash.leaf("not in the tree".getBytes(StandardCharsets.UTF_8));
        List<byte[]> path = tree.inclusionProof(m, n).path();
        for (int i = 0; i < path.size(); i++) {
            for (int bit = 0; bit < 256; bit += 37) {
                List<byte[]> changed = tree.inclusionProof(m, n).path();
                changed.get(i)[bit / 8] ^= (byte) (1 << (bit % 8));
                assertFails(() -> new InclusionProof(m, n, changed).verify(leaf, root), ProofCheck.ROOT);
            }
            List<byte[]> removed = tree.inclusionProof(m, n).path();
            removed.remove(i);
            assertFails(() -> new InclusionProof(m, n, removed).verify(leaf, root), ProofCheck.PATH_LENGTH);
        }
        for (int at = 0; at <= path.size(); at++) {
            List<byte[]> inserted = tree.inclusionProof(m, n).path();
            inserted.add(at, extra);
            assertFails(() -> new InclusionProof(m, n, inserted).verify(leaf, root), ProofCheck.PATH_LENGTH);
        }
        for (long other = 0; other < n; other++) {
            if (other == m) {
                continue;
            }
            byte[] otherLeaf = tree.leafHash(other);
            assertFails(() -> new InclusionProof(m, n, path).verify(otherLeaf, root), ProofCheck.ROOT);
            long o = other;
            // The right path under another index fails: by its length or by its root.
            assertThatThrownBy(() -> new InclusionProof(o, n, path).verify(leaf, root)).isInstanceOf(ProofException.class);
        }
        // Another size: the same path cannot reach another root.
        for (long size = m + 1; size <= 20; size++) {
            if (size != n) {
                long s = size;
                assertThatThrownBy(() -> new InclusionProof(m, s, path).verify(leaf, tree.root(s)))
                        .isInstanceOf(ProofException.class);
            }
        }
    }

    @Test
    void everyAlteredConsistencyProofOfSmallTreesFails() {
        MerkleTree tree = treeOf(entries(20));
        for (int n = 2; n <= 20; n++) {
            for (int m = 1; m < n; m++) {
                alteredConsistencyProofsFail(tree, m, n);
            }
        }
    }

    private static void alteredConsistencyProofsFail(MerkleTree tree, long m, long n) {
        byte[] root1 = tree.root(m);
        byte[] root2 = tree.root(n);
        byte[] extra = TreeHash.leaf("not in the tree".getBytes(StandardCharsets.UTF_8));
        List<byte[]> path = tree.consistencyProof(m, n).path();
        for (int i = 0; i < path.size(); i++) {
            List<byte[]> changed = tree.consistencyProof(m, n).path();
            changed.get(i)[i % 32] ^= 0x40;
            assertThatThrownBy(() -> new ConsistencyProof(m, n, changed).verify(root1, root2))
                    .isInstanceOf(ProofException.class)
                    .satisfies(e -> assertThat(((ProofException) e).check()).isIn(ProofCheck.ROOT, ProofCheck.FIRST_ROOT));
            List<byte[]> removed = tree.consistencyProof(m, n).path();
            removed.remove(i);
            assertThatThrownBy(() -> new ConsistencyProof(m, n, removed).verify(root1, root2))
                    .isInstanceOf(ProofException.class);
        }
        List<byte[]> longer = tree.consistencyProof(m, n).path();
        longer.add(extra);
        assertFails(() -> new ConsistencyProof(m, n, longer).verify(root1, root2), ProofCheck.PATH_LENGTH);
        assertThatThrownBy(() -> new ConsistencyProof(m, n, path).verify(root2, root1)).isInstanceOf(ProofException.class);
        // The proof between other sizes, with those sizes' true roots, does not verify either.
        for (long a = 1; a <= 20; a++) {
            for (long b = a; b <= 20; b++) {
                if (a != m || b != n) {
                    long x = a;
                    long y = b;
                    assertThatThrownBy(() -> new ConsistencyProof(x, y, path).verify(tree.root(x), tree.root(y)))
                            .as("proof %d->%d used as %d->%d", m, n, x, y).isInstanceOf(ProofException.class);
                }
            }
        }
    }

    @Test
    void inclusionFailuresNameTheirCheck() {
        MerkleTree tree = treeOf(entries(8));
        byte[] root = tree.root();
        InclusionProof good = tree.inclusionProof(5, 8);
        byte[] leaf = tree.leafHash(5);
        good.verify(leaf, root);

        assertThatThrownBy(() -> new InclusionProof(8, 8, good.path()).verify(leaf, root))
                .isInstanceOf(ProofException.class).hasMessageContaining("leaf index 8 is not below the tree size 8")
                .satisfies(e -> assertThat(((ProofException) e).check()).isEqualTo(ProofCheck.LEAF_INDEX));
        List<byte[]> four = good.path();
        four.add(tree.leafHash(0));
        assertThatThrownBy(() -> new InclusionProof(5, 8, four).verify(leaf, root))
                .hasMessage("inclusion proof: path has 4 hashes, a tree of 8 needs 3 for index 5 [path-length]");
        assertThatThrownBy(() -> new InclusionProof(5, 8, good.path().subList(0, 2)).verify(leaf, root))
                .hasMessage("inclusion proof: path has 2 hashes, a tree of 8 needs 3 for index 5 [path-length]");
        assertFails(() -> new InclusionProof(4, 8, good.path()).verify(leaf, root), ProofCheck.ROOT);
        assertFails(() -> new InclusionProof(5, 7, good.path()).verify(leaf, tree.root(7)), ProofCheck.ROOT);
        // The size only shapes the climb: leaf 5 climbs alike in trees of 7 and 8, so the size-8 path and root
        // verify under size 7 too. Size and root must come from one checkpoint, as TlogProof takes them.
        new InclusionProof(5, 7, good.path()).verify(leaf, root);
        assertFails(() -> new InclusionProof(5, 16, good.path()).verify(leaf, root), ProofCheck.PATH_LENGTH);
        assertFails(() -> good.verify(tree.leafHash(4), root), ProofCheck.ROOT);
        assertFails(() -> good.verify(leaf, tree.root(7)), ProofCheck.ROOT);
        assertFails(() -> good.verify(new byte[31], root), ProofCheck.HASH_SIZE);
        assertFails(() -> new InclusionProof(0, 0, List.of()).verify(leaf, TreeHash.emptyRoot()), ProofCheck.LEAF_INDEX);
        // A tree of one: the path is empty and the root is the leaf hash.
        new InclusionProof(0, 1, List.of()).verify(tree.leafHash(0), tree.root(1));
        assertThatThrownBy(() -> new InclusionProof(-1, 8, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InclusionProof(0, 8, List.of(new byte[33])))
                .hasMessageContaining("inclusion proof path[0] must be 32 bytes, not 33 bytes");
        assertThatThrownBy(() -> new InclusionProof(0, 8, java.util.Collections.nCopies(65, new byte[32])))
                .hasMessageContaining("65 hashes");
    }

    @Test
    void consistencyEdgeCasesFollowTheWitnessProtocol() {
        MerkleTree tree = treeOf(entries(8));
        byte[] root8 = tree.root();
        // The empty tree is consistent with any tree, by an empty proof, if its root is the empty root.
        tree.consistencyProof(0, 8).verify(TreeHash.emptyRoot(), root8);
        assertThat(tree.consistencyProof(0, 8).path()).isEmpty();
        assertFails(() -> new ConsistencyProof(0, 8, List.of()).verify(tree.root(1), root8), ProofCheck.FIRST_ROOT);
        assertFails(() -> new ConsistencyProof(0, 8, List.of(root8)).verify(TreeHash.emptyRoot(), root8), ProofCheck.PATH_LENGTH);
        // Equal sizes: an empty proof and equal roots.
        tree.consistencyProof(8, 8).verify(root8, root8);
        assertFails(() -> new ConsistencyProof(8, 8, List.of()).verify(root8, tree.root(7)), ProofCheck.ROOT);
        assertFails(() -> new ConsistencyProof(8, 8, List.of(root8)).verify(root8, root8), ProofCheck.PATH_LENGTH);
        // Shrinking is never consistent; an empty proof between different sizes never verifies.
        assertThatThrownBy(() -> new ConsistencyProof(8, 4, tree.consistencyProof(4, 8).path()).verify(root8, tree.root(4)))
                .hasMessage("consistency proof: the first tree (8 leaves) is larger than the second (4) [tree-sizes]");
        assertThatThrownBy(() -> new ConsistencyProof(3, 8, List.of()).verify(tree.root(3), root8))
                .hasMessage("consistency proof: path has 0 hashes, trees of 3 and 8 need 4 [path-length]");
        // A first tree of 2^k leaves: its root is not in the proof, the verifier starts from it.
        assertThat(tree.consistencyProof(4, 8).path()).hasSize(1);
        assertFails(() -> tree.consistencyProof(4, 8).verify(tree.root(3), root8), ProofCheck.ROOT);
        assertFails(() -> tree.consistencyProof(3, 8).verify(tree.root(2), root8), ProofCheck.FIRST_ROOT);
        assertThatThrownBy(() -> tree.consistencyProof(3, 9)).hasMessageContaining("tree size 9 is not between 0 and the 8 leaves");
    }

    @Test
    void theTreeRefusesWhatItDoesNotHave() {
        MerkleTree tree = treeOf(entries(3));
        assertThatThrownBy(() -> tree.inclusionProof(3)).hasMessage("inclusion proof: index 3 is not in a tree of 3");
        assertThatThrownBy(() -> tree.root(4)).hasMessage("root: tree size 4 is not between 0 and the 3 leaves the tree has");
        assertThatThrownBy(() -> tree.leafHash(-1)).hasMessage("leaf hash: index -1 is not in the tree of 3");
        assertThatThrownBy(() -> tree.appendLeafHash(new byte[5])).hasMessage("leaf hash must be 32 bytes, not 5 bytes");
        assertThat(tree.size()).isEqualTo(3);
        assertThat(tree.append(new byte[0])).isEqualTo(3);
    }

    @Test
    void concurrentReadersSeeConsistentTrees() throws Exception {
        MerkleTree tree = new MerkleTree();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 20_000; i++) {
                tree.append(("w" + i).getBytes(StandardCharsets.UTF_8));
            }
        });
        writer.start();
        int checked = 0;
        while (writer.isAlive() || checked == 0) {
            long size = tree.size();
            if (size > 1) {
                long index = size / 3;
                tree.inclusionProof(index, size).verify(tree.leafHash(index), tree.root(size));
                tree.consistencyProof(size / 2, size).verify(tree.root(size / 2), tree.root(size));
                checked++;
            }
        }
        writer.join();
        assertThat(tree.size()).isEqualTo(20_000);
        assertThat(checked).isPositive();
    }

    static void assertFails(Runnable verification, ProofCheck check) {
        assertThatThrownBy(verification::run).isInstanceOf(ProofException.class)
                .satisfies(e -> assertThat(((ProofException) e).check()).as(e.getMessage()).isEqualTo(check));
    }
}
