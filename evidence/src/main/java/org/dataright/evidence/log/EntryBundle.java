package org.dataright.evidence.log;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry bundles of c2sp.org/tlog-tiles ({@code tile/entries/<N>[.p/<W>]}): up to 256 entries,
 * each a big-endian uint16 length followed by that many bytes. Entry {@code i} of bundle {@code N}
 * is leaf {@code 256·N + i}; its leaf hash is in the level-0 tile of the same index.
 */
public final class EntryBundle {
    /** The largest entry a uint16 length can frame. */
    public static final int MAX_ENTRY = 0xFFFF;

    private EntryBundle() {
    }

    public static byte[] encode(List<byte[]> entries) {
        if (entries == null || entries.isEmpty() || entries.size() > TilePath.WIDTH) {
            throw new IllegalArgumentException("an entry bundle has 1 to " + TilePath.WIDTH + " entries, not "
                    + (entries == null ? "null" : entries.size()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < entries.size(); i++) {
            byte[] e = entries.get(i);
            if (e == null || e.length > MAX_ENTRY) {
                throw new IllegalArgumentException("entry bundle: entry " + i + " has "
                        + (e == null ? "no bytes" : e.length + " bytes") + "; an entry has at most " + MAX_ENTRY);
            }
            out.write(e.length >>> 8);
            out.write(e.length & 0xFF);
            out.write(e, 0, e.length);
        }
        return out.toByteArray();
    }

    /** The entries of a bundle; refuses a truncated bundle, trailing bytes and more than 256 entries. */
    public static List<byte[]> decode(byte[] bundle) {
        if (bundle == null || bundle.length == 0) {
            throw new IllegalArgumentException("entry bundle is empty");
        }
        List<byte[]> entries = new ArrayList<>();
        int at = 0;
        while (at < bundle.length) {
            if (entries.size() == TilePath.WIDTH) {
                throw new IllegalArgumentException("entry bundle has bytes after its " + TilePath.WIDTH + " entries");
            }
            if (bundle.length - at < 2) {
                throw new IllegalArgumentException("entry bundle: entry " + entries.size() + " at byte " + at
                        + " has a truncated length");
            }
            int length = (bundle[at] & 0xFF) << 8 | (bundle[at + 1] & 0xFF);
            at += 2;
            if (bundle.length - at < length) {
                throw new IllegalArgumentException("entry bundle: entry " + entries.size() + " states " + length
                        + " bytes, " + (bundle.length - at) + " remain");
            }
            byte[] e = new byte[length];
            System.arraycopy(bundle, at, e, 0, length);
            entries.add(e);
            at += length;
        }
        return entries;
    }
}
