package org.dataright.evidence.log;

/** A known public key that checks the signatures of one (key name, key ID) pair. */
public interface NoteVerifier {
    String name();

    int keyId();

    /** Whether {@code signature} (the bytes after the key ID) is this key's signature of {@code text}. */
    boolean verify(byte[] text, byte[] signature);

    /** The key as a verifier key string: {@code <name>+<hex key ID>+<base64(type ‖ public key)>}. */
    String vkey();
}
