package org.dataright.evidence.map;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compact sparse Merkle tree from 256-bit keys to 32-byte value hashes: the map of the registry's
 * current state whose root each checkpoint commits to. A key's path is its bits from the most
 * significant; a subtree holding one entry is that entry's leaf, placed where its path first leaves
 * every other key's (so a proof has about log2(n) hashes, not 256), and an empty subtree hashes to 32
 * zero bytes. The shape depends only on the set of keys, so the root commits to the map's content.
 *
 * <pre>
 * leaf   = SHA-256(0x00 ‖ key ‖ value)
 * branch = SHA-256(0x01 ‖ left ‖ right)
 * empty  = 0x00 × 32
 * </pre>
 *
 * Not thread-safe; the caller orders updates and reads.
 */
public final class StateMap {
    public static final int HASH = 32;
    static final byte[] EMPTY = new byte[HASH];

    private sealed interface Node permits Leaf, Branch {
        byte[] hash();
    }

    private record Leaf(byte[] key, byte[] value, byte[] hash) implements Node {
    }

    private record Branch(Node left, Node right, byte[] hash) implements Node {
    }

    private Node root;
    private long size;

    /** An empty map. */
    public StateMap() {
    }

    /**
     * The map of these entries, built bottom-up: one hash per node instead of one path per entry, so the same
     * root as putting them one by one, far sooner. {@code keys} and {@code values} are 32 bytes each, the
     * keys in unsigned byte order (their paths' order) without duplicates; the arrays are read, not kept.
     *
     * @throws IllegalArgumentException when a key or value is not 32 bytes, or the keys are not strictly ascending
     */
    public static StateMap of(byte[][] keys, byte[][] values) {
        if (keys.length != values.length) {
            throw new IllegalArgumentException("a state map has one value per key");
        }
        for (int i = 0; i < keys.length; i++) {
            require("key", keys[i]);
            require("value", values[i]);
            if (i > 0 && Arrays.compareUnsigned(keys[i - 1], keys[i]) >= 0) {
                throw new IllegalArgumentException("the keys of a state map to build are not strictly ascending at " + i);
            }
        }
        StateMap map = new StateMap();
        map.root = build(keys, values, 0, keys.length, 0);
        map.size = keys.length;
        return map;
    }

    /** The subtree of the sorted keys {@code [from, to)}, which share their first {@code depth} bits. */
    private static Node build(byte[][] keys, byte[][] values, int from, int to, int depth) {
        if (from == to) {
            return null;
        }
        if (to - from == 1) {
            return leaf(keys[from].clone(), values[from].clone());
        }
        int low = from;
        int high = to;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (bit(keys[mid], depth)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return branch(build(keys, values, from, low, depth + 1), build(keys, values, low, to, depth + 1));
    }

    public long size() {
        return size;
    }

    public byte[] root() {
        return root == null ? EMPTY.clone() : root.hash().clone();
    }

    /** Sets {@code key} to {@code value}; both 32 bytes. */
    public void put(byte[] key, byte[] value) {
        require("key", key);
        require("value", value);
        root = put(root, key.clone(), value.clone(), 0);
    }

    /** Removes {@code key}; nothing when it is absent. */
    public void remove(byte[] key) {
        require("key", key);
        root = remove(root, key, 0);
    }

    /** The value of {@code key}, or null. */
    public byte[] get(byte[] key) {
        Node n = root;
        for (int depth = 0; n instanceof Branch b; depth++) {
            n = bit(key, depth) ? b.right() : b.left();
        }
        return n instanceof Leaf l && Arrays.equals(l.key(), key) ? l.value().clone() : null;
    }

    /** The proof of {@code key}'s value, or of its absence. */
    public MapProof proof(byte[] key) {
        require("key", key);
        List<byte[]> siblings = new ArrayList<>();
        Node n = root;
        for (int depth = 0; n instanceof Branch b; depth++) {
            boolean right = bit(key, depth);
            siblings.add(hashOf(right ? b.left() : b.right()));
            n = right ? b.right() : b.left();
        }
        if (n instanceof Leaf l) {
            return Arrays.equals(l.key(), key) ? MapProof.member(key, l.value(), siblings)
                    : MapProof.otherLeaf(key, l.key(), l.value(), siblings);
        }
        return MapProof.empty(key, siblings);
    }

    private Node put(Node n, byte[] key, byte[] value, int depth) {
        if (n == null) {
            size++;
            return leaf(key, value);
        }
        if (n instanceof Leaf l) {
            if (Arrays.equals(l.key(), key)) {
                return leaf(key, value);
            }
            size++;
            return split(l, leaf(key, value), depth);
        }
        Branch b = (Branch) n;
        return bit(key, depth) ? branch(b.left(), put(b.right(), key, value, depth + 1))
                : branch(put(b.left(), key, value, depth + 1), b.right());
    }

    /** Two leaves that share the path down to {@code depth}: branches until their bits differ. */
    private static Node split(Leaf a, Leaf b, int depth) {
        boolean aRight = bit(a.key(), depth);
        if (aRight == bit(b.key(), depth)) {
            Node below = split(a, b, depth + 1);
            return aRight ? branch(null, below) : branch(below, null);
        }
        return aRight ? branch(b, a) : branch(a, b);
    }

    private Node remove(Node n, byte[] key, int depth) {
        if (n == null) {
            return null;
        }
        if (n instanceof Leaf l) {
            if (Arrays.equals(l.key(), key)) {
                size--;
                return null;
            }
            return l;
        }
        Branch b = (Branch) n;
        Node left = b.left();
        Node right = b.right();
        if (bit(key, depth)) {
            right = remove(right, key, depth + 1);
        } else {
            left = remove(left, key, depth + 1);
        }
        // A subtree left with one leaf is that leaf: the shape stays the one the keys alone give.
        if (left == null && (right == null || right instanceof Leaf)) {
            return right;
        }
        if (right == null && left instanceof Leaf) {
            return left;
        }
        return branch(left, right);
    }

    private static Leaf leaf(byte[] key, byte[] value) {
        return new Leaf(key, value, leafHash(key, value));
    }

    private static Branch branch(Node left, Node right) {
        return new Branch(left, right, branchHash(hashOf(left), hashOf(right)));
    }

    private static byte[] hashOf(Node n) {
        return n == null ? EMPTY : n.hash();
    }

    static byte[] leafHash(byte[] key, byte[] value) {
        MessageDigest d = sha256();
        d.update((byte) 0);
        d.update(key);
        d.update(value);
        return d.digest();
    }

    static byte[] branchHash(byte[] left, byte[] right) {
        MessageDigest d = sha256();
        d.update((byte) 1);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    static boolean bit(byte[] key, int depth) {
        return (key[depth >>> 3] & (0x80 >>> (depth & 7))) != 0;
    }

    static void require(String what, byte[] hash) {
        if (hash == null || hash.length != HASH) {
            throw new IllegalArgumentException("a state map " + what + " is " + HASH + " bytes");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
