package org.dataright.evidence.log;

/** A key that signs note texts: a log's key or a witness's cosigning key. */
public interface NoteSigner {
    /** The key name its signature lines carry. */
    String name();

    /** The key ID its signature lines carry. */
    int keyId();

    /** The signature of {@code text} (the note text, UTF-8, with its final newline), without the key ID. */
    byte[] sign(byte[] text);

    /** The verifier of this key's signatures. */
    NoteVerifier verifier();
}
