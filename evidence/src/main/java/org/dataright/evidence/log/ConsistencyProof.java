package org.dataright.evidence.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An RFC 9162 consistency proof: that the tree of {@code size2} leaves extends the tree of
 * {@code size1} leaves, i.e. the log only appended. Immutable; {@link #verify} recomputes both roots.
 */
public final class ConsistencyProof {
    private final long size1;
    private final long size2;
    private final byte[][] path;

    /** Any sizes are accepted so that the verifier can name what is wrong; negative sizes and bad hashes are not. */
    public ConsistencyProof(long size1, long size2, List<byte[]> path) {
        if (size1 < 0 || size2 < 0) {
            throw new IllegalArgumentException("consistency proof: sizes " + size1 + " and " + size2
                    + " must not be negative");
        }
        this.size1 = size1;
        this.size2 = size2;
        this.path = HashList.copyOf("consistency proof path", path);
    }

    public long size1() {
        return size1;
    }

    public long size2() {
        return size2;
    }

    /** The proof's hashes, as RFC 9162 2.1.4.1 orders them (copies). */
    public List<byte[]> path() {
        return HashList.listOf(path);
    }

    /**
     * Verifies that {@code root1}, the root of the first tree, and {@code root2}, the root of the
     * second, are consistent. For 0 &lt; size1 &lt; size2 this follows the steps of RFC 9162 section
     * 2.1.4.2. The cases the RFC leaves out: equal sizes need an empty path and equal roots; the empty
     * tree (size1 = 0, whose root must be SHA-256("")) is consistent with every tree, by an empty path,
     * as c2sp.org/tlog-witness has it.
     *
     * @throws ProofException naming the check that failed
     */
    public void verify(byte[] root1, byte[] root2) {
        InclusionProof.requireHash("first root", root1);
        InclusionProof.requireHash("second root", root2);
        if (size1 > size2) {
            throw new ProofException(ProofCheck.TREE_SIZES, "consistency proof: the first tree (" + size1
                    + " leaves) is larger than the second (" + size2 + ")");
        }
        if (size1 == size2 || size1 == 0) {
            if (path.length != 0) {
                throw wrongLength();
            }
            if (size1 == 0 && !Arrays.equals(root1, TreeHash.emptyRoot())) {
                throw new ProofException(ProofCheck.FIRST_ROOT, "consistency proof: the first tree is empty but its root "
                        + HashList.base64(root1) + " is not SHA-256 of the empty string");
            }
            if (size1 == size2 && !Arrays.equals(root1, root2)) {
                throw new ProofException(ProofCheck.ROOT, "consistency proof: two trees of " + size1
                        + " leaves have different roots " + HashList.base64(root1) + " and " + HashList.base64(root2));
            }
            return;
        }
        // 1.
        if (path.length == 0) {
            throw wrongLength();
        }
        // 2. A first tree of 2^k leaves is itself a node of the second tree, so its root starts the path.
        List<byte[]> c = new ArrayList<>(path.length + 1);
        if (Long.bitCount(size1) == 1) {
            c.add(root1);
        }
        c.addAll(Arrays.asList(path));
        // 3.
        long fn = size1 - 1;
        long sn = size2 - 1;
        // 4. Climb from the last leaf of the first tree to the first node whose left part is complete.
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5. fr rebuilds the first root, sr the second.
        byte[] fr = c.get(0);
        byte[] sr = c.get(0);
        // 6.
        for (byte[] h : c.subList(1, c.size())) {
            // a.
            if (sn == 0) {
                throw wrongLength();
            }
            // b.
            if ((fn & 1) == 1 || fn == sn) {
                fr = TreeHash.node(h, fr);
                sr = TreeHash.node(h, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                // A node right of the first tree: only in the second.
                sr = TreeHash.node(sr, h);
            }
            // c.
            fn >>>= 1;
            sn >>>= 1;
        }
        // 7.
        if (sn != 0) {
            throw wrongLength();
        }
        if (!Arrays.equals(fr, root1)) {
            throw new ProofException(ProofCheck.FIRST_ROOT, "consistency proof: the path recomputes the root "
                    + HashList.base64(fr) + " for the tree of " + size1 + ", not the given first root "
                    + HashList.base64(root1));
        }
        if (!Arrays.equals(sr, root2)) {
            throw new ProofException(ProofCheck.ROOT, "consistency proof: the path recomputes the root "
                    + HashList.base64(sr) + " for the tree of " + size2 + ", not the given second root "
                    + HashList.base64(root2));
        }
    }

    private ProofException wrongLength() {
        int needed = size1 == 0 || size1 == size2 ? 0 : ProofPaths.consistencyLength(size1, size2);
        return new ProofException(ProofCheck.PATH_LENGTH, "consistency proof: path has " + path.length
                + " hashes, trees of " + size1 + " and " + size2 + " need " + needed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsistencyProof other && size1 == other.size1 && size2 == other.size2
                && HashList.equal(path, other.path);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size1) * 31 + Long.hashCode(size2) * 17 + Arrays.deepHashCode(path);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ConsistencyProof[" + size1 + " -> " + size2 + ", path");
        for (byte[] h : path) {
            s.append(' ').append(HashList.base64(h));
        }
        return s.append(']').toString();
    }
}
