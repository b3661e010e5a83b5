package org.dataright.evidence.log;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Roots and proofs of a tree of a given size computed from its c2sp.org/tlog-tiles hash tiles alone,
 * as a client of a tiled log computes them. A node of tree level 8·L + h is the hash of 2^h
 * consecutive hashes of a tile at tile level L, so every hash a proof needs is one tile read and at
 * most 127 node hashes away.
 *
 * <p>Tiles are not authenticated one by one: what is computed from them is, by verifying it against
 * a signed checkpoint of the same size. A tile of the wrong length is refused. Each tile is read at
 * most once per instance. Not thread-safe.
 */
public final class TileProofs {
    private final long treeSize;
    private final Function<TilePath, byte[]> tiles;
    private final Map<TilePath, byte[]> read = new HashMap<>();
    private final SubtreeSource fromTiles = this::node;

    /** @param tiles returns the bytes at a tile path (for example, read from a log's tile store) */
    public TileProofs(long treeSize, Function<TilePath, byte[]> tiles) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size " + treeSize + " must not be negative");
        }
        if (tiles == null) {
            throw new IllegalArgumentException("a tile source is needed");
        }
        this.treeSize = treeSize;
        this.tiles = tiles;
    }

    public long treeSize() {
        return treeSize;
    }

    /** The root of the tree of {@link #treeSize()} leaves. */
    public byte[] root() {
        return treeSize == 0 ? TreeHash.emptyRoot() : ProofPaths.hash(fromTiles, 0, treeSize);
    }

    /** The inclusion proof of the leaf at {@code index} in the tree of {@link #treeSize()}. */
    public InclusionProof inclusionProof(long index) {
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("inclusion proof: index " + index + " is not in a tree of " + treeSize);
        }
        return new InclusionProof(index, treeSize, ProofPaths.inclusion(fromTiles, index, treeSize));
    }

    /** The consistency proof from the tree of {@code size1} leaves to the tree of {@link #treeSize()}. */
    public ConsistencyProof consistencyProof(long size1) {
        if (size1 < 0 || size1 > treeSize) {
            throw new IllegalArgumentException("consistency proof: the first size " + size1
                    + " must be between 0 and the tree size " + treeSize);
        }
        List<byte[]> path = size1 == 0 || size1 == treeSize ? List.of() : ProofPaths.consistency(fromTiles, size1, treeSize);
        return new ConsistencyProof(size1, treeSize, path);
    }

    /** The leaf hash at {@code index}, from its level-0 tile. */
    public byte[] leafHash(long index) {
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("leaf hash: index " + index + " is not in a tree of " + treeSize);
        }
        return node(0, index);
    }

    /** The node of {@code level} at {@code index}: a perfect subtree, whose hashes all exist at this size. */
    private byte[] node(int level, long index) {
        int tileLevel = level / TilePath.HEIGHT;
        int height = level % TilePath.HEIGHT;
        long first = index << height; // its first hash at tree level 8·tileLevel
        long tileIndex = first / TilePath.WIDTH;
        byte[] tile = tile(TilePath.hashesFor(tileLevel, tileIndex, treeSize));
        int offset = (int) (first % TilePath.WIDTH);
        // Hash the 2^height hashes pairwise up to one.
        int count = 1 << height;
        byte[][] row = new byte[count][];
        for (int i = 0; i < count; i++) {
            row[i] = Arrays.copyOfRange(tile, (offset + i) * TreeHash.SIZE, (offset + i + 1) * TreeHash.SIZE);
        }
        for (; count > 1; count /= 2) {
            for (int i = 0; i < count / 2; i++) {
                row[i] = TreeHash.node(row[2 * i], row[2 * i + 1]);
            }
        }
        return row[0];
    }

    private byte[] tile(TilePath path) {
        byte[] bytes = read.get(path);
        if (bytes == null) {
            bytes = tiles.apply(path);
            int expected = path.width() * TreeHash.SIZE;
            if (bytes == null || bytes.length != expected) {
                throw new IllegalArgumentException(path + " has " + (bytes == null ? "no" : bytes.length)
                        + " bytes, not " + expected + " (" + path.width() + " hashes of " + TreeHash.SIZE + ")");
            }
            bytes = bytes.clone(); // the source may reuse its array
            read.put(path, bytes);
        }
        return bytes;
    }
}
