package org.dataright.evidence.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * The verifier of a witness's Ed25519 checkpoint cosignatures, cosignature/v1 of
 * c2sp.org/tlog-cosignature (type 0x04). The signature bytes are an 8-byte big-endian POSIX
 * timestamp and an Ed25519 signature over {@code "cosignature/v1\ntime <timestamp>\n"} followed by
 * the checkpoint text. Immutable.
 */
public final class CosignatureVerifier implements NoteVerifier {
    static final int TIMESTAMP_SIZE = 8;

    private final String name;
    private final byte[] publicKey;
    private final PublicKey key;
    private final int keyId;

    private CosignatureVerifier(String name, byte[] publicKey) {
        this.name = NoteText.keyName("cosigner name", name);
        this.key = Ed25519.publicKey("the public key of cosigner " + name, publicKey);
        this.publicKey = publicKey.clone();
        this.keyId = NoteKeyType.COSIGNATURE_V1.keyId(name, publicKey);
    }

    /** The verifier of cosigner {@code name}'s 32-byte Ed25519 public key. */
    public static CosignatureVerifier of(String name, byte[] publicKey) {
        return new CosignatureVerifier(name, publicKey);
    }

    /** The message a cosignature signs: the two header lines, then the checkpoint text. */
    static byte[] message(byte[] text, long timestamp) {
        byte[] header = ("cosignature/v1\ntime " + timestamp + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(header, header.length + text.length);
        System.arraycopy(text, 0, out, header.length, text.length);
        return out;
    }

    /**
     * The time a cosignature states, in seconds since the epoch: read, not verified — verify the note
     * with this cosigner first.
     */
    public static long timestamp(NoteSignature cosignature) {
        byte[] sig = cosignature.signature();
        if (sig.length != TIMESTAMP_SIZE + Ed25519.SIGNATURE_SIZE) {
            throw new IllegalArgumentException("the signature of " + cosignature.keyName() + " has " + sig.length
                    + " bytes; a cosignature/v1 has " + (TIMESTAMP_SIZE + Ed25519.SIGNATURE_SIZE));
        }
        long t = ByteBuffer.wrap(sig).getLong();
        if (t < 0) {
            throw new IllegalArgumentException("the cosignature of " + cosignature.keyName() + " has a timestamp above 2^63 - 1");
        }
        return t;
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
        if (signature.length != TIMESTAMP_SIZE + Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        long timestamp = ByteBuffer.wrap(signature).getLong();
        if (timestamp < 0) {
            return false; // the spec caps the timestamp at 2^63 - 1
        }
        return Ed25519.verify(key, message(text, timestamp),
                Arrays.copyOfRange(signature, TIMESTAMP_SIZE, signature.length));
    }

    @Override
    public String vkey() {
        return NoteVerifiers.vkey(name, keyId, NoteKeyType.COSIGNATURE_V1, publicKey);
    }

    /** Equal when name and key are: the same key, however it was read. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CosignatureVerifier v && v.name.equals(name) && Arrays.equals(v.publicKey, publicKey);
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
