package org.dataright.evidence.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A c2sp.org/tlog-proof@v1: an offline proof that an entry is in a log — the entry's index, its
 * inclusion path and the log's signed checkpoint (with any witness cosignatures), optionally with
 * opaque extra data:
 *
 * <pre>
 * c2sp.org/tlog-proof@v1
 * extra &lt;base64&gt;          (optional)
 * index &lt;decimal&gt;
 * &lt;base64 hash&gt;             (zero or more: the inclusion path, leaf's sibling first)
 *
 * &lt;signed checkpoint, verbatim&gt;
 * </pre>
 *
 * Immutable; {@link #parse} accepts only the form {@link #render()} writes.
 */
public final class TlogProof {
    public static final String HEADER = "c2sp.org/tlog-proof@v1";
    private static final Pattern INDEX = Pattern.compile("index (0|[1-9][0-9]{0,18})");

    private final byte[] extra;
    private final long index;
    private final byte[][] path;
    private final SignedNote checkpoint;

    /** @param extra opaque, unauthenticated data; null for none */
    public TlogProof(byte[] extra, long index, List<byte[]> path, SignedNote checkpoint) {
        if (extra != null && extra.length == 0) {
            throw new IllegalArgumentException("tlog proof: extra data, when present, is not empty");
        }
        if (index < 0) {
            throw new IllegalArgumentException("tlog proof: index " + index + " must not be negative");
        }
        if (checkpoint == null) {
            throw new IllegalArgumentException("tlog proof: a signed checkpoint is needed");
        }
        Checkpoint.parse(checkpoint.text());
        this.extra = extra == null ? null : extra.clone();
        this.index = index;
        this.path = HashList.copyOf("tlog proof inclusion path", path);
        this.checkpoint = checkpoint;
    }

    /** The proof of the leaf at {@code index} in {@code tree} at the checkpoint's size. */
    public static TlogProof of(MerkleTree tree, long index, SignedNote checkpoint, byte[] extra) {
        Checkpoint c = Checkpoint.parse(checkpoint.text());
        return new TlogProof(extra, index, tree.inclusionProof(index, c.size()).path(), checkpoint);
    }

    public static TlogProof parse(byte[] proof) {
        if (proof == null || proof.length > SignedNote.MAX_BYTES) {
            throw new IllegalArgumentException("a tlog proof has at most " + SignedNote.MAX_BYTES + " bytes");
        }
        return parse(NoteText.utf8("tlog proof", proof));
    }

    /** Parses a proof, or throws naming the line that is wrong. */
    public static TlogProof parse(String proof) {
        if (proof == null || proof.length() > SignedNote.MAX_BYTES) {
            throw new IllegalArgumentException("a tlog proof has at most " + SignedNote.MAX_BYTES + " bytes");
        }
        int at = 0;
        int lineNumber = 0;
        String[] line = new String[1];
        at = nextLine(proof, at, line, ++lineNumber);
        if (!line[0].equals(HEADER)) {
            throw new IllegalArgumentException("tlog proof: line 1 is not " + HEADER);
        }
        at = nextLine(proof, at, line, ++lineNumber);
        byte[] extra = null;
        if (line[0].startsWith("extra ")) {
            extra = NoteText.base64("tlog proof extra data (line 2)", line[0].substring("extra ".length()));
            if (extra.length == 0) {
                throw new IllegalArgumentException("tlog proof: the extra line (line 2) holds no data");
            }
            at = nextLine(proof, at, line, ++lineNumber);
        }
        if (!INDEX.matcher(line[0]).matches()) {
            throw new IllegalArgumentException("tlog proof: line " + lineNumber + " '" + NoteText.abbreviate(line[0])
                    + "' is not 'index <decimal without leading zeros>'");
        }
        long index;
        try {
            index = Long.parseLong(line[0].substring("index ".length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tlog proof: the index on line " + lineNumber + " is above 2^63 - 1", e);
        }
        List<byte[]> path = new ArrayList<>();
        while (true) {
            at = nextLine(proof, at, line, ++lineNumber);
            if (line[0].isEmpty()) {
                break;
            }
            if (path.size() == HashList.MAX_PATH) {
                throw new IllegalArgumentException("tlog proof: more than " + HashList.MAX_PATH + " path hashes");
            }
            byte[] h = NoteText.base64("tlog proof path hash (line " + lineNumber + ")", line[0]);
            TreeHash.require("tlog proof path hash (line " + lineNumber + ")", h);
            path.add(h);
        }
        SignedNote checkpoint = SignedNote.parse(proof.substring(at));
        return new TlogProof(extra, index, path, checkpoint);
    }

    /** Reads the line starting at {@code at} into {@code line[0]} and returns where the next one starts. */
    private static int nextLine(String s, int at, String[] line, int number) {
        int end = s.indexOf('\n', at);
        if (end < 0) {
            throw new IllegalArgumentException("tlog proof: line " + number + " is missing or has no newline");
        }
        line[0] = s.substring(at, end);
        NoteText.requireNoControl("tlog proof line " + number, line[0]);
        return end + 1;
    }

    /** The extra data, or null. */
    public byte[] extra() {
        return extra == null ? null : extra.clone();
    }

    public long index() {
        return index;
    }

    public List<byte[]> path() {
        return HashList.listOf(path);
    }

    /** The signed checkpoint as the proof carries it. */
    public SignedNote signedCheckpoint() {
        return checkpoint;
    }

    /** The checkpoint body (not yet verified: see {@link #verify}). */
    public Checkpoint checkpoint() {
        return Checkpoint.parse(checkpoint.text());
    }

    /** The inclusion proof the index, path and checkpoint size make. */
    public InclusionProof inclusionProof() {
        return new InclusionProof(index, checkpoint().size(), Arrays.asList(path));
    }

    /**
     * Steps 2 and 4 of tlog-proof's verification: the checkpoint is signed by one of {@code logKeys}
     * and the path proves {@code leafHash} at the index in it. Witness cosignatures (step 3) are the
     * caller's policy: {@code signedCheckpoint().verifiedBy(witnesses)} lists the witnesses that signed.
     *
     * @return the verified checkpoint
     * @throws IllegalArgumentException (a {@link ProofException} for the inclusion proof) naming what failed
     */
    public Checkpoint verify(byte[] leafHash, NoteVerifiers logKeys) {
        checkpoint.verify(logKeys);
        Checkpoint c = checkpoint();
        inclusionProof().verify(leafHash, c.rootHash());
        return c;
    }

    /** The proof as text. */
    public String render() {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        if (extra != null) {
            s.append("extra ").append(Base64.getEncoder().encodeToString(extra)).append('\n');
        }
        s.append("index ").append(index).append('\n');
        for (byte[] h : path) {
            s.append(Base64.getEncoder().encodeToString(h)).append('\n');
        }
        return s.append('\n').append(checkpoint.render()).toString();
    }

    public byte[] bytes() {
        return render().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlogProof p && Arrays.equals(p.extra, extra) && p.index == index
                && Arrays.deepEquals(p.path, path) && p.checkpoint.equals(checkpoint);
    }

    @Override
    public int hashCode() {
        return ((Arrays.hashCode(extra) * 31 + Long.hashCode(index)) * 31 + Arrays.deepHashCode(path)) * 31
                + checkpoint.hashCode();
    }

    @Override
    public String toString() {
        return render();
    }
}
