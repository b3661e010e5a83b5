package org.dataright.evidence.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Copies and checks of the hash lists inside the immutable proof values. */
final class HashList {
    /** No proof of a tree of at most 2^63 − 1 leaves has more hashes; a longer path is refused before any hashing. */
    static final int MAX_PATH = 64;

    private HashList() {
    }

    static byte[][] copyOf(String what, List<byte[]> hashes) {
        if (hashes == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (hashes.size() > MAX_PATH) {
            throw new IllegalArgumentException(what + " has " + hashes.size() + " hashes, more than the "
                    + MAX_PATH + " of any tree of up to 2^63 - 1 leaves");
        }
        byte[][] out = new byte[hashes.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = TreeHash.require(what + "[" + i + "]", hashes.get(i)).clone();
        }
        return out;
    }

    static List<byte[]> listOf(byte[][] hashes) {
        List<byte[]> out = new ArrayList<>(hashes.length);
        for (byte[] h : hashes) {
            out.add(h.clone());
        }
        return out;
    }

    static boolean equal(byte[][] a, byte[][] b) {
        return Arrays.deepEquals(a, b);
    }

    static String base64(byte[] hash) {
        return Base64.getEncoder().encodeToString(hash);
    }
}
