package org.dataright.evidence.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The signature types of c2sp.org/signed-note this library implements, by their identifier byte. */
public enum NoteKeyType {
    /** Plain Ed25519 over the note text (signed-note): what a log signs its checkpoints with. */
    ED25519(0x01),
    /** Timestamped Ed25519 checkpoint cosignature, cosignature/v1 (tlog-cosignature): what witnesses sign. */
    COSIGNATURE_V1(0x04);

    private final int id;

    NoteKeyType(int id) {
        this.id = id;
    }

    /** The identifier byte. */
    public int id() {
        return id;
    }

    static NoteKeyType of(int id) {
        for (NoteKeyType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        throw new IllegalArgumentException("signature type 0x" + String.format("%02x", id)
                + " is not one this library verifies (0x01 Ed25519, 0x04 cosignature/v1)");
    }

    /** The key ID: the first four bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ type ‖ public key). */
    public int keyId(String name, byte[] publicKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update((byte) id);
            sha.update(publicKey);
            return ByteBuffer.wrap(sha.digest()).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
