package org.dataright.evidence.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The body of a c2sp.org/tlog-checkpoint: the origin line, the tree size in decimal, the base64 root
 * hash, then optional extension lines, each line ending in a newline. Immutable; {@link #parse}
 * accepts only the exact form {@link #text()} writes.
 */
public final class Checkpoint {
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");
    /** Far above any real checkpoint; bounds what parsing splits and keeps. */
    static final int MAX_LINES = 100;

    private final String origin;
    private final long size;
    private final byte[] rootHash;
    private final List<String> extensions;

    public Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
        this.origin = requireLine("checkpoint origin", origin);
        if (size < 0) {
            throw new IllegalArgumentException("checkpoint size " + size + " must not be negative");
        }
        this.size = size;
        this.rootHash = TreeHash.require("checkpoint root hash", rootHash).clone();
        if (extensions == null || extensions.size() > MAX_LINES - 3) {
            throw new IllegalArgumentException("checkpoint extension lines: at most " + (MAX_LINES - 3));
        }
        List<String> ext = new ArrayList<>();
        for (int i = 0; i < extensions.size(); i++) {
            ext.add(requireLine("checkpoint extension line " + (i + 1), extensions.get(i)));
        }
        this.extensions = List.copyOf(ext);
    }

    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    /** The checkpoint of {@code tree}'s current size and root. */
    public static Checkpoint of(String origin, MerkleTree tree) {
        // One size for both values, even if another thread appends in between.
        long size = tree.size();
        return new Checkpoint(origin, size, tree.root(size));
    }

    /** Parses a checkpoint body (a signed note's text), or throws naming the line that is wrong. */
    public static Checkpoint parse(String text) {
        if (text == null || text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("checkpoint must be lines ending in a newline");
        }
        NoteText.requireNoControl("checkpoint", text);
        String[] lines = text.substring(0, text.length() - 1).split("\n", MAX_LINES + 1);
        if (lines.length < 3) {
            throw new IllegalArgumentException("checkpoint has " + lines.length + " lines; it needs origin, size and root hash");
        }
        if (lines.length > MAX_LINES) {
            throw new IllegalArgumentException("checkpoint has more than " + MAX_LINES + " lines");
        }
        String origin = requireLine("checkpoint origin (line 1)", lines[0]);
        if (!SIZE.matcher(lines[1]).matches()) {
            throw new IllegalArgumentException("checkpoint size (line 2) '" + NoteText.abbreviate(lines[1])
                    + "' is not a decimal number without leading zeros");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint size (line 2) " + lines[1] + " is above 2^63 - 1", e);
        }
        byte[] root = NoteText.base64("checkpoint root hash (line 3)", lines[2]);
        TreeHash.require("checkpoint root hash (line 3)", root);
        List<String> extensions = new ArrayList<>(Arrays.asList(lines).subList(3, lines.length));
        for (int i = 0; i < extensions.size(); i++) {
            requireLine("checkpoint extension line " + (i + 4), extensions.get(i));
        }
        return new Checkpoint(origin, size, root, extensions);
    }

    private static String requireLine(String what, String line) {
        if (line == null || line.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " must be one line");
        }
        NoteText.requireNoControl(what, line);
        if (Character.isWhitespace(line.charAt(0)) || Character.isSpaceChar(line.charAt(0))
                || Character.isWhitespace(line.charAt(line.length() - 1)) || Character.isSpaceChar(line.charAt(line.length() - 1))) {
            throw new IllegalArgumentException(what + " '" + NoteText.abbreviate(line) + "' starts or ends with a space");
        }
        return line;
    }

    public String origin() {
        return origin;
    }

    public long size() {
        return size;
    }

    public byte[] rootHash() {
        return rootHash.clone();
    }

    public List<String> extensions() {
        return extensions;
    }

    /** The note text: origin, size, root and extension lines, each ending in a newline. */
    public String text() {
        StringBuilder s = new StringBuilder(origin).append('\n').append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        for (String e : extensions) {
            s.append(e).append('\n');
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size
                && Arrays.equals(c.rootHash, rootHash) && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return ((origin.hashCode() * 31 + Long.hashCode(size)) * 31 + Arrays.hashCode(rootHash)) * 31 + extensions.hashCode();
    }

    @Override
    public String toString() {
        return "Checkpoint[" + text().replace("\n", "\\n") + "]";
    }
}
