package org.dataright.evidence.log;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An append-only RFC 6962 Merkle tree in memory, able to give the root, inclusion proofs and
 * consistency proofs for its current size and every earlier size, and the tiles of
 * c2sp.org/tlog-tiles.
 *
 * <p>It keeps every complete node: level 0 holds the leaf hashes, level k the hashes of the aligned
 * perfect subtrees of 2^k leaves. That is about two hashes per leaf (64 MB for 1,000,000 leaves), an
 * amortised one node hash per append, and every hash a proof or a root needs is either stored or one
 * of O(log n) hashes along the right edge. Nothing is ever rewritten, so a proof for an old size
 * reads the same nodes it would have read then.
 *
 * <p>Thread-safe: appends are serialised, readers run together.
 */
public final class MerkleTree {
    private final List<HashArray> levels = new ArrayList<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final SubtreeSource stored = (level, index) -> levels.get(level).get(index);

    public MerkleTree() {
        levels.add(new HashArray());
    }

    /** Appends an entry (hashed as a leaf) and returns its index. */
    public long append(byte[] entry) {
        return appendLeafHash(TreeHash.leaf(entry));
    }

    /** Appends a leaf by its leaf hash, {@code SHA-256(0x00 ‖ entry)}, and returns its index. */
    public long appendLeafHash(byte[] leafHash) {
        TreeHash.require("leaf hash", leafHash);
        lock.writeLock().lock();
        try {
            long index = levels.get(0).size();
            if (index == Long.MAX_VALUE) {
                throw new IllegalStateException("the tree holds 2^63 - 1 leaves, the most a checkpoint can state");
            }
            levels.get(0).add(leafHash);
            // Each time the new node is a right child its parent becomes complete: store it and climb.
            byte[] node = leafHash;
            long at = index;
            for (int level = 0; (at & 1) == 1; level++, at >>>= 1) {
                node = TreeHash.node(levels.get(level).get(at - 1), node);
                if (levels.size() == level + 1) {
                    levels.add(new HashArray());
                }
                levels.get(level + 1).add(node);
            }
            return index;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The number of leaves. */
    public long size() {
        lock.readLock().lock();
        try {
            return levels.get(0).size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The root of the current tree. */
    public byte[] root() {
        lock.readLock().lock();
        try {
            return rootAt(levels.get(0).size());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The root the tree had when it held {@code size} leaves. */
    public byte[] root(long size) {
        lock.readLock().lock();
        try {
            requireSize("root", size);
            return rootAt(size);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The leaf hash at {@code index}. */
    public byte[] leafHash(long index) {
        lock.readLock().lock();
        try {
            long size = levels.get(0).size();
            if (index < 0 || index >= size) {
                throw new IllegalArgumentException("leaf hash: index " + index + " is not in the tree of " + size);
            }
            return levels.get(0).get(index);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The proof that the leaf at {@code index} is in the current tree. */
    public InclusionProof inclusionProof(long index) {
        lock.readLock().lock();
        try {
            return inclusionProof(index, levels.get(0).size());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The proof that the leaf at {@code index} is in the tree of {@code treeSize} leaves (an earlier or the current one). */
    public InclusionProof inclusionProof(long index, long treeSize) {
        lock.readLock().lock();
        try {
            requireSize("inclusion proof", treeSize);
            if (index < 0 || index >= treeSize) {
                throw new IllegalArgumentException("inclusion proof: index " + index + " is not in a tree of " + treeSize);
            }
            return new InclusionProof(index, treeSize, ProofPaths.inclusion(stored, index, treeSize));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The proof that the tree of {@code size2} leaves extends the tree of {@code size1}
     * (0 ≤ size1 ≤ size2 ≤ size()); empty when size1 is 0 or equals size2.
     */
    public ConsistencyProof consistencyProof(long size1, long size2) {
        lock.readLock().lock();
        try {
            requireSize("consistency proof", size2);
            if (size1 < 0 || size1 > size2) {
                throw new IllegalArgumentException("consistency proof: the first size " + size1
                        + " must be between 0 and the second size " + size2);
            }
            List<byte[]> path = size1 == 0 || size1 == size2 ? List.of() : ProofPaths.consistency(stored, size1, size2);
            return new ConsistencyProof(size1, size2, path);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The bytes of a hash tile: the {@code width} hashes of level 8·L from index 256·N on, 32 bytes each.
     * Full tiles never change; a partial one is served for any width whose hashes exist.
     */
    public byte[] tile(TilePath tile) {
        if (tile.isEntries()) {
            throw new IllegalArgumentException(tile + ": the tree keeps leaf hashes, not entries; entry bundles come from the entries' store");
        }
        lock.readLock().lock();
        try {
            int level = tile.level() * TilePath.HEIGHT;
            long have = level < levels.size() ? levels.get(level).size() : 0;
            // index·256 + width ≤ have, written so that no index overflows.
            if (have < tile.width() || tile.index() > (have - tile.width()) / TilePath.WIDTH) {
                throw new IllegalArgumentException(tile + " is not in the tree of " + levels.get(0).size()
                        + " leaves: it has " + have + " hashes at tile level " + tile.level());
            }
            byte[] out = new byte[tile.width() * TreeHash.SIZE];
            levels.get(level).copy(tile.index() * TilePath.WIDTH, tile.width(), out, 0);
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    private byte[] rootAt(long size) {
        return size == 0 ? TreeHash.emptyRoot() : ProofPaths.hash(stored, 0, size);
    }

    private void requireSize(String what, long size) {
        long have = levels.get(0).size();
        if (size < 0 || size > have) {
            throw new IllegalArgumentException(what + ": tree size " + size + " is not between 0 and the "
                    + have + " leaves the tree has");
        }
    }
}
