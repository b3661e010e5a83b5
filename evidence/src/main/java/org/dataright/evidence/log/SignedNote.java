package org.dataright.evidence.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A c2sp.org/signed-note: a text ending in a newline, a blank line, and one or more signature lines
 * {@code — <key name> <base64(key ID ‖ signature)>}. Immutable. {@link #parse} accepts only the
 * exact form {@link #bytes()} writes, so a parsed note renders back to the same bytes. The text must
 * not be trusted before {@link #verify} found a trusted key's signature.
 */
public final class SignedNote {
    /** The largest note read: far above a checkpoint with its cosignatures, small enough to parse without care. */
    public static final int MAX_BYTES = 1 << 20;
    /** The most signature lines read (signed-note asks for at least 16). */
    public static final int MAX_SIGNATURES = 100;

    private final String text;
    private final List<NoteSignature> signatures;

    public SignedNote(String text, List<NoteSignature> signatures) {
        this.text = requireText(text);
        if (signatures == null || signatures.isEmpty()) {
            throw new IllegalArgumentException("a signed note has at least one signature");
        }
        if (signatures.size() > MAX_SIGNATURES) {
            throw new IllegalArgumentException("a signed note has at most " + MAX_SIGNATURES + " signatures, not "
                    + signatures.size());
        }
        this.signatures = List.copyOf(signatures);
    }

    /** Signs {@code text} with each signer, in order. */
    public static SignedNote sign(String text, NoteSigner... signers) {
        requireText(text);
        List<NoteSignature> sigs = new ArrayList<>();
        for (NoteSigner s : signers) {
            sigs.add(signatureOf(s, text));
        }
        return new SignedNote(text, sigs);
    }

    /** This note with one more signature by {@code signer} (a witness cosigning a checkpoint, say). */
    public SignedNote withSignature(NoteSigner signer) {
        List<NoteSignature> sigs = new ArrayList<>(signatures);
        sigs.add(signatureOf(signer, text));
        return new SignedNote(text, sigs);
    }

    private static NoteSignature signatureOf(NoteSigner signer, String text) {
        return new NoteSignature(signer.name(), signer.keyId(), signer.sign(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Parses a signed note, or throws naming what is wrong with it. */
    public static SignedNote parse(byte[] note) {
        if (note == null || note.length > MAX_BYTES) {
            throw new IllegalArgumentException("a signed note has at most " + MAX_BYTES + " bytes"
                    + (note == null ? "" : ", not " + note.length));
        }
        return parse(NoteText.utf8("signed note", note));
    }

    /** Parses a signed note given as text. */
    public static SignedNote parse(String note) {
        if (note == null || note.length() > MAX_BYTES) {
            throw new IllegalArgumentException("a signed note has at most " + MAX_BYTES + " bytes");
        }
        NoteText.requireNoControl("signed note", note);
        if (!note.endsWith("\n")) {
            throw new IllegalArgumentException("signed note does not end with a newline");
        }
        // The text ends at the last blank line: the text itself may hold blank lines, signatures never do.
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("signed note has no blank line between its text and its signatures");
        }
        String text = note.substring(0, split + 1);
        String block = note.substring(split + 2);
        if (block.isEmpty()) {
            throw new IllegalArgumentException("signed note has no signature lines after its blank line");
        }
        String[] lines = block.substring(0, block.length() - 1).split("\n", MAX_SIGNATURES + 1);
        if (lines.length > MAX_SIGNATURES) {
            throw new IllegalArgumentException("signed note has more than " + MAX_SIGNATURES + " signature lines");
        }
        List<NoteSignature> sigs = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length; i++) {
            sigs.add(NoteSignature.parseLine(i + 1, lines[i]));
        }
        return new SignedNote(text, sigs);
    }

    private static String requireText(String text) {
        if (text == null || text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("a note text must end with a newline");
        }
        NoteText.requireNoControl("note text", text);
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("a note text has at most " + MAX_BYTES + " bytes");
        }
        // A lone surrogate has no UTF-8 form; the JDK would write '?', and signatures would be over other bytes.
        if (!new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text)) {
            throw new IllegalArgumentException("note text holds a character with no UTF-8 form (a lone surrogate)");
        }
        return text;
    }

    /** The signed text, with its final newline. */
    public String text() {
        return text;
    }

    public List<NoteSignature> signatures() {
        return signatures;
    }

    /** The note: text, blank line, signature lines. */
    public String render() {
        StringBuilder s = new StringBuilder(text).append('\n');
        for (NoteSignature sig : signatures) {
            s.append(sig.line());
        }
        return s.toString();
    }

    /** The note as UTF-8 bytes. */
    public byte[] bytes() {
        return render().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The known keys whose signatures verified, each once, in the order of their first line; empty
     * when no line is by a known key. Lines by unknown keys are ignored.
     *
     * @throws IllegalArgumentException when a line by a known key does not verify: signed-note has
     *     the whole note refused then
     */
    public List<NoteVerifier> verifiedBy(NoteVerifiers keys) {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        Set<NoteVerifier> verified = new LinkedHashSet<>();
        for (NoteSignature sig : signatures) {
            NoteVerifier v = keys.find(sig.keyName(), sig.keyId());
            if (v == null) {
                continue;
            }
            if (!v.verify(message, sig.signature())) {
                throw new IllegalArgumentException("signed note: the signature of " + sig.keyName() + " (key ID "
                        + sig.keyIdHex() + ") does not verify over the note's text");
            }
            verified.add(v);
        }
        return List.copyOf(verified);
    }

    /**
     * Like {@link #verifiedBy} but requires at least one verified signature: the way to open a note
     * (a checkpoint by its log's key, say).
     *
     * @throws IllegalArgumentException when no line is by a known key, or a known key's line does not verify
     */
    public List<NoteVerifier> verify(NoteVerifiers keys) {
        List<NoteVerifier> verified = verifiedBy(keys);
        if (verified.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (NoteSignature s : signatures) {
                names.add(s.keyName() + "+" + s.keyIdHex());
            }
            throw new IllegalArgumentException("signed note: no signature by a known key (it is signed by "
                    + String.join(", ", names) + ")");
        }
        return verified;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedNote n && n.text.equals(text) && n.signatures.equals(signatures);
    }

    @Override
    public int hashCode() {
        return text.hashCode() * 31 + signatures.hashCode();
    }

    @Override
    public String toString() {
        return render();
    }
}
