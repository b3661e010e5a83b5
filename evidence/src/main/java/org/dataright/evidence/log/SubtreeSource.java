package org.dataright.evidence.log;

/**
 * Where proof generation gets the hash of a perfect, aligned subtree: the node at {@code level}
 * (covering 2^level leaves) and {@code index} on that level. {@link MerkleTree} reads its stored
 * levels, {@link TileProofs} hashes up from tiles. Package-private: the seam between the two.
 */
@FunctionalInterface
interface SubtreeSource {
    byte[] node(int level, long index);
}
