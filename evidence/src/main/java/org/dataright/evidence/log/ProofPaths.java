package org.dataright.evidence.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The definitions of RFC 9162 section 2.1 over any {@link SubtreeSource}: MTH of a range (2.1.1),
 * PATH (2.1.3.1) and SUBPROOF (2.1.4.1), written as loops from the root down; and how many hashes
 * a correct proof has, for the messages of the verifiers.
 */
final class ProofPaths {
    private ProofPaths() {
    }

    /** The largest power of two smaller than {@code n} (n ≥ 2): the split point k of the RFC. */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** MTH(D[start:end]) for 0 ≤ start < end, with perfect aligned parts read from {@code source}. */
    static byte[] hash(SubtreeSource source, long start, long end) {
        long n = end - start;
        if (Long.bitCount(n) == 1 && start % n == 0) {
            int level = Long.numberOfTrailingZeros(n);
            return source.node(level, start >>> level);
        }
        long k = split(n);
        // The left part [start, start + k) is always perfect and aligned, so this recursion is one level deep
        // per split of the right edge: O(log n) hashes in all.
        return TreeHash.node(hash(source, start, start + k), hash(source, start + k, end));
    }

    /** PATH(index, D[0:size]), the leaf's sibling first. */
    static List<byte[]> inclusion(SubtreeSource source, long index, long size) {
        List<byte[]> topDown = new ArrayList<>();
        long start = 0;
        long end = size;
        while (end - start > 1) {
            long k = split(end - start);
            if (index < start + k) {
                topDown.add(hash(source, start + k, end));
                end = start + k;
            } else {
                topDown.add(hash(source, start, start + k));
                start += k;
            }
        }
        Collections.reverse(topDown);
        return topDown;
    }

    /** PROOF(size1, D[0:size2]) = SUBPROOF(size1, D[0:size2], true) for 0 < size1 < size2, deepest hash first. */
    static List<byte[]> consistency(SubtreeSource source, long size1, long size2) {
        List<byte[]> topDown = new ArrayList<>();
        long start = 0;
        long end = size2;
        boolean whole = true; // the RFC's b: the current subtree is a prefix the verifier knows the root of
        while (size1 != end) {
            long k = split(end - start);
            if (size1 - start <= k) {
                topDown.add(hash(source, start + k, end));
                end = start + k;
            } else {
                topDown.add(hash(source, start, start + k));
                start += k;
                whole = false;
            }
        }
        if (!whole) {
            topDown.add(hash(source, start, end));
        }
        Collections.reverse(topDown);
        return topDown;
    }

    /** How many hashes PATH(index, D[size]) has (0 ≤ index < size). */
    static int inclusionLength(long index, long size) {
        int length = 0;
        long start = 0;
        long end = size;
        while (end - start > 1) {
            long k = split(end - start);
            if (index < start + k) {
                end = start + k;
            } else {
                start += k;
            }
            length++;
        }
        return length;
    }

    /** How many hashes PROOF(size1, D[size2]) has (0 < size1 < size2). */
    static int consistencyLength(long size1, long size2) {
        int length = 0;
        long start = 0;
        long end = size2;
        boolean whole = true;
        while (size1 != end) {
            long k = split(end - start);
            if (size1 - start <= k) {
                end = start + k;
            } else {
                start += k;
                whole = false;
            }
            length++;
        }
        return whole ? length : length + 1;
    }
}
