package org.dataright.evidence.log;

import java.util.ArrayList;
import java.util.List;

/**
 * A growable array of 32-byte hashes, kept in chunks of 256 hashes (8 KiB, one full tile) so that it
 * never copies what it holds when it grows and is not limited to 2^31 bytes. Not thread-safe:
 * {@link MerkleTree} guards it.
 */
final class HashArray {
    static final int PER_CHUNK = 256;
    private static final int CHUNK_BYTES = PER_CHUNK * TreeHash.SIZE;

    private final List<byte[]> chunks = new ArrayList<>();
    private long size;

    long size() {
        return size;
    }

    void add(byte[] hash) {
        int offset = (int) (size % PER_CHUNK) * TreeHash.SIZE;
        if (offset == 0) {
            chunks.add(new byte[CHUNK_BYTES]);
        }
        System.arraycopy(hash, 0, chunks.get(chunks.size() - 1), offset, TreeHash.SIZE);
        size++;
    }

    byte[] get(long index) {
        byte[] out = new byte[TreeHash.SIZE];
        copy(index, 1, out, 0);
        return out;
    }

    /** Copies {@code count} consecutive hashes from {@code index} into {@code out} at {@code offset}. */
    void copy(long index, int count, byte[] out, int offset) {
        if (index < 0 || count < 0 || index + count > size) {
            throw new IndexOutOfBoundsException("hashes [" + index + ", " + (index + count) + ") of " + size);
        }
        for (int i = 0; i < count; ) {
            long at = index + i;
            int inChunk = (int) (at % PER_CHUNK);
            int n = Math.min(count - i, PER_CHUNK - inChunk);
            System.arraycopy(chunks.get((int) (at / PER_CHUNK)), inChunk * TreeHash.SIZE, out,
                    offset + i * TreeHash.SIZE, n * TreeHash.SIZE);
            i += n;
        }
    }
}
