package org.dataright.evidence.log;

import java.nio.ByteBuffer;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A log's Ed25519 note key (type 0x01): it signs the note text itself. Holds the private key; its
 * {@link #toString()} does not show it.
 */
public final class Ed25519NoteSigner implements NoteSigner {
    private static final Pattern SIGNER_KEY = Pattern.compile("PRIVATE\\+KEY\\+([^+]+)\\+([0-9a-f]{8})\\+(.+)");

    private final byte[] seed;
    private final PrivateKey key;
    private final Ed25519NoteVerifier verifier;

    private Ed25519NoteSigner(String name, byte[] seed) {
        this.key = Ed25519.privateKey(seed);
        this.seed = seed.clone();
        this.verifier = Ed25519NoteVerifier.of(name, Ed25519.publicKeyOf(seed));
    }

    /** A new key from the system's secure random source. */
    public static Ed25519NoteSigner generate(String name) {
        return new Ed25519NoteSigner(name, Ed25519.newSeed());
    }

    /** The same key under another name (a note key's name is part of its key ID, so that changes too). */
    public Ed25519NoteSigner withName(String name) {
        return new Ed25519NoteSigner(name, seed);
    }

    /** The key of a 32-byte RFC 8032 private key (seed). */
    public static Ed25519NoteSigner fromSeed(String name, byte[] seed) {
        return new Ed25519NoteSigner(name, seed);
    }

    /**
     * The key in the signer key form of Go's golang.org/x/mod/sumdb/note, which tools of the ecosystem
     * read and write: {@code PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ seed)>}.
     */
    public static Ed25519NoteSigner parse(String signerKey) {
        Matcher m = SIGNER_KEY.matcher(signerKey == null ? "" : signerKey);
        if (!m.matches()) {
            throw new IllegalArgumentException("signer key is not PRIVATE+KEY+<name>+<8 hex>+<base64>");
        }
        byte[] blob = NoteText.base64("signer key", m.group(3));
        if (blob.length != 1 + Ed25519.KEY_SIZE || blob[0] != NoteKeyType.ED25519.id()) {
            throw new IllegalArgumentException("signer key must hold 0x01 and a 32-byte Ed25519 seed");
        }
        Ed25519NoteSigner signer = new Ed25519NoteSigner(m.group(1), Arrays.copyOfRange(blob, 1, blob.length));
        if (!String.format("%08x", signer.keyId()).equals(m.group(2))) {
            throw new IllegalArgumentException("signer key: key ID " + m.group(2) + " is not the key's "
                    + String.format("%08x", signer.keyId()));
        }
        return signer;
    }

    /** This key in the form {@link #parse} reads. */
    public String signerKey() {
        byte[] blob = ByteBuffer.allocate(1 + Ed25519.KEY_SIZE).put((byte) NoteKeyType.ED25519.id()).put(seed).array();
        return "PRIVATE+KEY+" + name() + "+" + String.format("%08x", keyId()) + "+" + Base64.getEncoder().encodeToString(blob);
    }

    @Override
    public String name() {
        return verifier.name();
    }

    @Override
    public int keyId() {
        return verifier.keyId();
    }

    @Override
    public byte[] sign(byte[] text) {
        return Ed25519.sign(key, text);
    }

    @Override
    public Ed25519NoteVerifier verifier() {
        return verifier;
    }

    @Override
    public String toString() {
        return "Ed25519NoteSigner[" + verifier.vkey() + "]";
    }
}
