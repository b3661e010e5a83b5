package org.dataright.evidence.log;

import java.util.Arrays;
import java.util.List;

/**
 * An RFC 9162 inclusion proof: that the leaf at {@code leafIndex} is in the tree of {@code treeSize}
 * leaves, as the audit path from the leaf's sibling up to a child of the root. Immutable. A proof is
 * only a claim until {@link #verify} recomputes the root from it.
 */
public final class InclusionProof {
    private final long leafIndex;
    private final long treeSize;
    private final byte[][] path;

    /**
     * Any index and size are accepted here so that the verifier can name what is wrong with them; only
     * negative numbers, hashes that are not 32 bytes and paths longer than 64 are refused.
     */
    public InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {
        if (leafIndex < 0 || treeSize < 0) {
            throw new IllegalArgumentException("inclusion proof: leaf index " + leafIndex + " and tree size "
                    + treeSize + " must not be negative");
        }
        this.leafIndex = leafIndex;
        this.treeSize = treeSize;
        this.path = HashList.copyOf("inclusion proof path", path);
    }

    public long leafIndex() {
        return leafIndex;
    }

    public long treeSize() {
        return treeSize;
    }

    /** The path, the leaf's sibling first (copies). */
    public List<byte[]> path() {
        return HashList.listOf(path);
    }

    /**
     * Verifies by the steps of RFC 9162 section 2.1.3.2 that the path recomputes {@code rootHash} from
     * {@code leafHash}; returns normally only then. The tree size only shapes the climb, so it must be
     * the size {@code rootHash} is the root of: take both from one verified checkpoint.
     *
     * @throws ProofException naming the check that failed
     */
    public void verify(byte[] leafHash, byte[] rootHash) {
        requireHash("leaf hash", leafHash);
        requireHash("root hash", rootHash);
        // 1. The index must be inside the tree.
        if (leafIndex >= treeSize) {
            throw new ProofException(ProofCheck.LEAF_INDEX, "inclusion proof: leaf index " + leafIndex
                    + " is not below the tree size " + treeSize);
        }
        // 2. fn is the leaf's index, sn the last index; both are shifted as the path climbs.
        long fn = leafIndex;
        long sn = treeSize - 1;
        // 3.
        byte[] r = leafHash;
        // 4.
        for (byte[] p : path) {
            // a. The root was reached while hashes remain: the path is too long.
            if (sn == 0) {
                throw wrongLength();
            }
            // b. A right child, or the last node of its level (which has no right sibling at this level).
            if ((fn & 1) == 1 || fn == sn) {
                r = TreeHash.node(p, r);
                // The last node of a level climbs without hashing until it is a right child or the root.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = TreeHash.node(r, p);
            }
            // c.
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5. The path must end at the root, and recompute the given root.
        if (sn != 0) {
            throw wrongLength();
        }
        if (!Arrays.equals(r, rootHash)) {
            throw new ProofException(ProofCheck.ROOT, "inclusion proof: the path recomputes the root "
                    + HashList.base64(r) + " for index " + leafIndex + " in a tree of " + treeSize
                    + ", not the given root " + HashList.base64(rootHash));
        }
    }

    private ProofException wrongLength() {
        int needed = ProofPaths.inclusionLength(leafIndex, treeSize);
        return new ProofException(ProofCheck.PATH_LENGTH, "inclusion proof: path has " + path.length
                + " hashes, a tree of " + treeSize + " needs " + needed + " for index " + leafIndex);
    }

    static void requireHash(String what, byte[] hash) {
        if (hash == null || hash.length != TreeHash.SIZE) {
            throw new ProofException(ProofCheck.HASH_SIZE, what + " must be " + TreeHash.SIZE + " bytes, not "
                    + (hash == null ? "null" : hash.length + " bytes"));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InclusionProof other && leafIndex == other.leafIndex && treeSize == other.treeSize
                && HashList.equal(path, other.path);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(leafIndex) * 31 + Long.hashCode(treeSize) * 17 + Arrays.deepHashCode(path);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("InclusionProof[index " + leafIndex + ", size " + treeSize + ", path");
        for (byte[] h : path) {
            s.append(' ').append(HashList.base64(h));
        }
        return s.append(']').toString();
    }
}
