package org.dataright.evidence.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The body of a c2sp.org/tlog-witness {@code add-checkpoint} request: the size of the last
 * checkpoint the witness cosigned, a consistency proof from it, and the new signed checkpoint.
 *
 * <pre>
 * old &lt;decimal&gt;
 * &lt;base64 hash&gt;      (zero to 63 lines)
 *
 * &lt;signed checkpoint&gt;
 * </pre>
 *
 * Immutable; {@link #parse} accepts only the form {@link #render()} writes.
 */
public final class AddCheckpoint {
    /** The spec's limit on consistency proof lines. */
    public static final int MAX_PROOF_LINES = 63;

    private static final Pattern OLD = Pattern.compile("old (0|[1-9][0-9]{0,18})");

    private final long oldSize;
    private final byte[][] proof;
    private final SignedNote checkpoint;

    public AddCheckpoint(long oldSize, List<byte[]> proof, SignedNote checkpoint) {
        if (oldSize < 0) {
            throw new IllegalArgumentException("add-checkpoint: old size " + oldSize + " must not be negative");
        }
        if (proof.size() > MAX_PROOF_LINES) {
            throw new IllegalArgumentException("add-checkpoint: more than " + MAX_PROOF_LINES + " consistency proof lines");
        }
        if (oldSize == 0 && !proof.isEmpty()) {
            throw new IllegalArgumentException("add-checkpoint: the proof must be empty when the old size is 0");
        }
        if (checkpoint == null) {
            throw new IllegalArgumentException("add-checkpoint: a signed checkpoint is needed");
        }
        this.oldSize = oldSize;
        this.proof = HashList.copyOf("add-checkpoint consistency proof", proof);
        this.checkpoint = checkpoint;
    }

    /** Parses a request body, or throws {@link IllegalArgumentException} naming the line that is wrong. */
    public static AddCheckpoint parse(byte[] body) {
        if (body == null || body.length > SignedNote.MAX_BYTES) {
            throw new IllegalArgumentException("an add-checkpoint request has at most " + SignedNote.MAX_BYTES + " bytes");
        }
        String text = NoteText.utf8("add-checkpoint request", body);
        int end = text.indexOf('\n');
        if (end < 0 || !OLD.matcher(text.substring(0, end)).matches()) {
            throw new IllegalArgumentException("add-checkpoint: line 1 is not 'old <decimal without leading zeros>'");
        }
        long oldSize;
        try {
            oldSize = Long.parseLong(text.substring("old ".length(), end));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("add-checkpoint: the old size is above 2^63 - 1", e);
        }
        List<byte[]> proof = new ArrayList<>();
        int at = end + 1;
        for (int line = 2; ; line++) {
            end = text.indexOf('\n', at);
            if (end < 0) {
                throw new IllegalArgumentException("add-checkpoint: no blank line before the checkpoint");
            }
            String hash = text.substring(at, end);
            at = end + 1;
            if (hash.isEmpty()) {
                break;
            }
            if (proof.size() == MAX_PROOF_LINES) {
                throw new IllegalArgumentException("add-checkpoint: more than " + MAX_PROOF_LINES + " consistency proof lines");
            }
            byte[] h = NoteText.base64("add-checkpoint proof hash (line " + line + ")", hash);
            TreeHash.require("add-checkpoint proof hash (line " + line + ")", h);
            proof.add(h);
        }
        return new AddCheckpoint(oldSize, proof, SignedNote.parse(text.substring(at)));
    }

    public long oldSize() {
        return oldSize;
    }

    public SignedNote checkpoint() {
        return checkpoint;
    }

    /** The consistency proof from the old size to the checkpoint's size. */
    public ConsistencyProof consistencyProof(long newSize) {
        return new ConsistencyProof(oldSize, newSize, HashList.listOf(proof));
    }

    public String render() {
        StringBuilder b = new StringBuilder("old ").append(oldSize).append('\n');
        for (byte[] h : proof) {
            b.append(HashList.base64(h)).append('\n');
        }
        return b.append('\n').append(checkpoint.render()).toString();
    }

    public byte[] bytes() {
        return render().getBytes(StandardCharsets.UTF_8);
    }
}
