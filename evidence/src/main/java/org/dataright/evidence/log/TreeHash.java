package org.dataright.evidence.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hashes of RFC 6962 / RFC 9162 section 2.1 with SHA-256: a leaf is {@code SHA-256(0x00 ‖ entry)},
 * an interior node {@code SHA-256(0x01 ‖ left ‖ right)}, the empty tree {@code SHA-256("")}. The prefix
 * bytes keep a leaf from ever hashing like a node (second pre-image resistance of the tree).
 */
public final class TreeHash {
    /** Bytes of every hash in the tree. */
    public static final int SIZE = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    private static final byte[] EMPTY_ROOT = newSha256().digest();

    // MessageDigest is not thread-safe and getInstance costs a provider lookup per call: one per thread.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(TreeHash::newSha256);

    private TreeHash() {
    }

    /** The leaf hash of an entry. */
    public static byte[] leaf(byte[] entry) {
        MessageDigest sha = SHA256.get();
        sha.update(LEAF_PREFIX);
        sha.update(entry);
        return sha.digest();
    }

    /** The hash of an interior node over its children's hashes. */
    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha = SHA256.get();
        sha.update(NODE_PREFIX);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** The root of the tree with no leaves: SHA-256 of the empty string. */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /** Returns {@code hash} if it has {@link #SIZE} bytes, else throws naming {@code what}. */
    static byte[] require(String what, byte[] hash) {
        if (hash == null || hash.length != SIZE) {
            throw new IllegalArgumentException(what + " must be " + SIZE + " bytes, not "
                    + (hash == null ? "null" : hash.length + " bytes"));
        }
        return hash;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
