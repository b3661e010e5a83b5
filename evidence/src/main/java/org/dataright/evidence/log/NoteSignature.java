package org.dataright.evidence.log;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * One signature line of a signed note: {@code — <key name> base64(key ID ‖ signature)}, the key ID
 * four big-endian bytes. Immutable. The name and key ID say which key claims to have signed; only a
 * {@link NoteVerifier} for that pair can say whether it did.
 */
public final class NoteSignature {
    /** The em dash (U+2014) and space that start every signature line. */
    public static final String PREFIX = "\u2014 ";

    private final String keyName;
    private final int keyId;
    private final byte[] signature;

    public NoteSignature(String keyName, int keyId, byte[] signature) {
        this.keyName = NoteText.keyName("signature key name", keyName);
        if (signature == null || signature.length == 0) {
            throw new IllegalArgumentException("the signature of " + keyName + " has no bytes");
        }
        this.keyId = keyId;
        this.signature = signature.clone();
    }

    /** Parses one line without its newline. */
    static NoteSignature parseLine(int number, String line) {
        String what = "note signature line " + number;
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException(what + " does not start with an em dash and a space: '"
                    + NoteText.abbreviate(line) + "'");
        }
        int space = line.indexOf(' ', PREFIX.length());
        if (space < 0) {
            throw new IllegalArgumentException(what + " has no space between key name and signature");
        }
        String name = NoteText.keyName(what + " key name", line.substring(PREFIX.length(), space));
        byte[] blob = NoteText.base64(what + " signature", line.substring(space + 1));
        if (blob.length < 5) {
            throw new IllegalArgumentException(what + " signature has " + blob.length
                    + " bytes; it needs a 4-byte key ID and at least one signature byte");
        }
        return new NoteSignature(name, ByteBuffer.wrap(blob).getInt(), Arrays.copyOfRange(blob, 4, blob.length));
    }

    public String keyName() {
        return keyName;
    }

    public int keyId() {
        return keyId;
    }

    /** The key ID as vkeys write it: 8 lowercase hex digits. */
    public String keyIdHex() {
        return String.format("%08x", keyId);
    }

    /** The signature bytes after the key ID. */
    public byte[] signature() {
        return signature.clone();
    }

    /** The line, with its newline. */
    public String line() {
        byte[] blob = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
        return PREFIX + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteSignature s && s.keyName.equals(keyName) && s.keyId == keyId
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return (keyName.hashCode() * 31 + keyId) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return line().strip();
    }
}
