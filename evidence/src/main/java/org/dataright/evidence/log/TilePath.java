package org.dataright.evidence.log;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The path of a tile of c2sp.org/tlog-tiles, relative to the log's prefix:
 * {@code tile/<L>/<N>[.p/<W>]} for hash tiles and {@code tile/entries/<N>[.p/<W>]} for entry
 * bundles. {@code <N>} is written in 3-digit groups, all but the last prefixed with {@code x}
 * (1234067 is {@code x001/x234/067}); {@code .p/<W>} marks a partial tile of W (1–255) hashes or
 * entries. One value has one spelling: {@link #parse} refuses every other one.
 */
public final class TilePath {
    /** Hashes (or entries) in a full tile. */
    public static final int WIDTH = 256;
    /** Tree levels a tile spans: a tile level is 8 tree levels. */
    public static final int HEIGHT = 8;
    /** The highest tile level the path syntax allows. */
    public static final int MAX_LEVEL = 63;

    private static final Pattern FORM = Pattern.compile(
            "tile/(entries|0|[1-9][0-9]?)/((?:x[0-9]{3}/)*[0-9]{3})(?:\\.p/([1-9][0-9]{0,2}))?");
    private static final int MAX_PATH_CHARS = 100;

    private final boolean entries;
    private final int level;
    private final long index;
    private final int width;

    private TilePath(boolean entries, int level, long index, int width) {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("tile level " + level + " is not between 0 and " + MAX_LEVEL);
        }
        if (index < 0) {
            throw new IllegalArgumentException("tile index " + index + " must not be negative");
        }
        if (width < 1 || width > WIDTH) {
            throw new IllegalArgumentException("tile width " + width + " is not between 1 and " + WIDTH);
        }
        this.entries = entries;
        this.level = level;
        this.index = index;
        this.width = width;
    }

    /** The hash tile at tile level {@code level}, index {@code index}, of {@code width} hashes (256: full). */
    public static TilePath hashes(int level, long index, int width) {
        return new TilePath(false, level, index, width);
    }

    /** The entry bundle of index {@code index}, of {@code width} entries (256: full). */
    public static TilePath entries(long index, int width) {
        return new TilePath(true, 0, index, width);
    }

    /**
     * The hash tile at {@code level} and {@code index} as a checkpoint of {@code treeSize} leaves
     * needs it: full, or as wide as the tree has hashes (floor(size / 256^L) mod 256 for the last one).
     */
    public static TilePath hashesFor(int level, long index, long treeSize) {
        return new TilePath(false, level, index, widthFor(level, index, treeSize, "hash tile"));
    }

    /** The entry bundle at {@code index} as a tree of {@code treeSize} leaves needs it. */
    public static TilePath entriesFor(long index, long treeSize) {
        return new TilePath(true, 0, index, widthFor(0, index, treeSize, "entry bundle"));
    }

    private static int widthFor(int level, long index, long treeSize, String what) {
        if (level < 0 || level > MAX_LEVEL || index < 0 || treeSize < 0) {
            throw new IllegalArgumentException(what + " " + level + "/" + index + " of a tree of " + treeSize
                    + ": level, index and size out of range");
        }
        // Hashes at tree level 8·L: treeSize / 256^L, which is 0 once 256^L passes 2^63.
        long hashes = level * HEIGHT >= Long.SIZE - 1 ? 0 : treeSize >>> (level * HEIGHT);
        // index·256 < hashes, written so that no index overflows.
        if (index > (hashes - 1) / WIDTH || hashes == 0) {
            throw new IllegalArgumentException(what + " " + index + " at level " + level
                    + " does not exist in a tree of " + treeSize + " (it has " + hashes + " hashes there)");
        }
        return (int) Math.min(WIDTH, hashes - index * WIDTH);
    }

    /** Parses a path in its one canonical spelling, or throws saying what is wrong. */
    public static TilePath parse(String path) {
        if (path == null || path.length() > MAX_PATH_CHARS) {
            throw new IllegalArgumentException("tile path must be a string of at most " + MAX_PATH_CHARS + " characters");
        }
        Matcher m = FORM.matcher(path);
        if (!m.matches()) {
            throw new IllegalArgumentException("tile path '" + path + "' is not tile/<L or entries>/<N in x###/…/### groups>[.p/<W>]");
        }
        boolean entries = m.group(1).equals("entries");
        int level = entries ? 0 : Integer.parseInt(m.group(1));
        String[] groups = m.group(2).split("/");
        if (groups.length > 1 && groups[0].equals("x000")) {
            throw new IllegalArgumentException("tile path '" + path + "': the index has a leading zero group");
        }
        long index = 0;
        for (String g : groups) {
            int digits = Integer.parseInt(g.startsWith("x") ? g.substring(1) : g);
            if (index > (Long.MAX_VALUE - digits) / 1000) {
                throw new IllegalArgumentException("tile path '" + path + "': the index does not fit in 63 bits");
            }
            index = index * 1000 + digits;
        }
        int width = WIDTH;
        if (m.group(3) != null) {
            width = Integer.parseInt(m.group(3));
            if (width >= WIDTH) {
                throw new IllegalArgumentException("tile path '" + path + "': a partial tile has 1 to 255 entries, not " + width);
            }
        }
        if (level > MAX_LEVEL) {
            throw new IllegalArgumentException("tile path '" + path + "': level " + level + " is above " + MAX_LEVEL);
        }
        return new TilePath(entries, level, index, width);
    }

    public boolean isEntries() {
        return entries;
    }

    /** The tile level (0 for entry bundles). */
    public int level() {
        return level;
    }

    public long index() {
        return index;
    }

    /** Hashes or entries in the tile: 256 for a full one. */
    public int width() {
        return width;
    }

    public boolean isPartial() {
        return width < WIDTH;
    }

    /** The path, as {@link #parse} reads it. */
    public String path() {
        StringBuilder s = new StringBuilder("tile/").append(entries ? "entries" : Integer.toString(level)).append('/');
        String digits = Long.toString(index);
        digits = "0".repeat((3 - digits.length() % 3) % 3) + digits;
        for (int i = 0; i < digits.length(); i += 3) {
            if (i + 3 < digits.length()) {
                s.append('x').append(digits, i, i + 3).append('/');
            } else {
                s.append(digits, i, i + 3);
            }
        }
        if (isPartial()) {
            s.append(".p/").append(width);
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TilePath t && t.entries == entries && t.level == level && t.index == index && t.width == width;
    }

    @Override
    public int hashCode() {
        return ((Boolean.hashCode(entries) * 31 + level) * 31 + Long.hashCode(index)) * 31 + width;
    }

    @Override
    public String toString() {
        return path();
    }
}
