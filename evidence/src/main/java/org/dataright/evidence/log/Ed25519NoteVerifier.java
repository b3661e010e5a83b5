package org.dataright.evidence.log;

import java.security.PublicKey;
import java.util.Arrays;

/** The verifier of plain Ed25519 note signatures (type 0x01), as a log's checkpoint signature is. Immutable. */
public final class Ed25519NoteVerifier implements NoteVerifier {
    private final String name;
    private final byte[] publicKey;
    private final PublicKey key;
    private final int keyId;

    private Ed25519NoteVerifier(String name, byte[] publicKey) {
        this.name = NoteText.keyName("key name", name);
        this.key = Ed25519.publicKey("the public key of " + name, publicKey);
        this.publicKey = publicKey.clone();
        this.keyId = NoteKeyType.ED25519.keyId(name, publicKey);
    }

    /** The verifier of {@code name}'s 32-byte Ed25519 public key. */
    public static Ed25519NoteVerifier of(String name, byte[] publicKey) {
        return new Ed25519NoteVerifier(name, publicKey);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int keyId() {
        return keyId;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean verify(byte[] text, byte[] signature) {
        return Ed25519.verify(key, text, signature);
    }

    @Override
    public String vkey() {
        return NoteVerifiers.vkey(name, keyId, NoteKeyType.ED25519, publicKey);
    }

    /** Equal when name and key are: the same key, however it was read. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519NoteVerifier v && v.name.equals(name) && Arrays.equals(v.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return vkey();
    }
}
