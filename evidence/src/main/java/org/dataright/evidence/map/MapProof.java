package org.dataright.evidence.map;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@link StateMap} proof for one key: the sibling hashes from the root down to where the key's
 * path ends, and what it ends at — the key's own leaf (a member, with its value), another key's leaf
 * that has the path to itself, or an empty subtree (both prove absence). {@link #verify} recomputes
 * the root; nothing else is trusted.
 */
public final class MapProof {
    /** What the key's path ends at. */
    public enum End {
        MEMBER,
        OTHER_LEAF,
        EMPTY
    }

    private final byte[] key;
    private final End end;
    private final byte[] leafKey;
    private final byte[] value;
    private final byte[][] siblings;

    private MapProof(byte[] key, End end, byte[] leafKey, byte[] value, List<byte[]> siblings) {
        StateMap.require("key", key);
        if (siblings.size() > 8 * StateMap.HASH) {
            throw new IllegalArgumentException("a state map proof has at most 256 sibling hashes, not " + siblings.size());
        }
        this.key = key.clone();
        this.end = end;
        this.leafKey = leafKey == null ? null : leafKey.clone();
        this.value = value == null ? null : value.clone();
        this.siblings = new byte[siblings.size()][];
        for (int i = 0; i < siblings.size(); i++) {
            StateMap.require("sibling hash", siblings.get(i));
            this.siblings[i] = siblings.get(i).clone();
        }
    }

    public static MapProof member(byte[] key, byte[] value, List<byte[]> siblings) {
        StateMap.require("value", value);
        return new MapProof(key, End.MEMBER, key, value, siblings);
    }

    public static MapProof otherLeaf(byte[] key, byte[] leafKey, byte[] leafValue, List<byte[]> siblings) {
        StateMap.require("other leaf's key", leafKey);
        StateMap.require("other leaf's value", leafValue);
        if (Arrays.equals(key, leafKey)) {
            throw new IllegalArgumentException("a proof of absence cannot end at the key's own leaf");
        }
        return new MapProof(key, End.OTHER_LEAF, leafKey, leafValue, siblings);
    }

    public static MapProof empty(byte[] key, List<byte[]> siblings) {
        return new MapProof(key, End.EMPTY, null, null, siblings);
    }

    public byte[] key() {
        return key.clone();
    }

    public End end() {
        return end;
    }

    /** The other leaf's key for {@link End#OTHER_LEAF}, the key itself for a member, else null. */
    public byte[] leafKey() {
        return leafKey == null ? null : leafKey.clone();
    }

    /** The key's value for a member; the other leaf's value for {@link End#OTHER_LEAF}; null for empty. */
    public byte[] leafValue() {
        return value == null ? null : value.clone();
    }

    public List<byte[]> siblings() {
        List<byte[]> out = new ArrayList<>(siblings.length);
        for (byte[] s : siblings) {
            out.add(s.clone());
        }
        return out;
    }

    /**
     * Recomputes the root from the proof and compares it with {@code root}.
     *
     * @return the key's value, or null when the proof shows the key absent
     * @throws IllegalArgumentException naming what does not hold
     */
    public byte[] verify(byte[] root) {
        StateMap.require("root", root);
        int depth = siblings.length;
        byte[] node;
        switch (end) {
            case MEMBER -> node = StateMap.leafHash(key, value);
            case OTHER_LEAF -> {
                for (int i = 0; i < depth; i++) {
                    if (StateMap.bit(leafKey, i) != StateMap.bit(key, i)) {
                        throw new IllegalArgumentException("state map proof: the other leaf is not on the key's path"
                                + " (they part at bit " + i + " of " + depth + ") [map-path]");
                    }
                }
                node = StateMap.leafHash(leafKey, value);
            }
            default -> node = StateMap.EMPTY;
        }
        for (int i = depth - 1; i >= 0; i--) {
            node = StateMap.bit(key, i) ? StateMap.branchHash(siblings[i], node) : StateMap.branchHash(node, siblings[i]);
        }
        if (!Arrays.equals(node, root)) {
            throw new IllegalArgumentException("state map proof: the path recomputes the root "
                    + HexFormat.of().formatHex(node) + ", not the checkpoint's " + HexFormat.of().formatHex(root)
                    + " [map-root]");
        }
        return end == End.MEMBER ? value.clone() : null;
    }
}
