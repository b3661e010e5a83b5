package org.dataright.evidence.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Entries and encodings the log tests share. */
final class LogFixtures {
    private LogFixtures() {
    }

    /** {@code n} distinct entries of varying length ("entry 0", "entry 1", …). */
    static List<byte[]> entries(int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(("entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    static MerkleTree treeOf(List<byte[]> entries) {
        MerkleTree tree = new MerkleTree();
        for (byte[] e : entries) {
            tree.append(e);
        }
        return tree;
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static byte[] b64(String b64) {
        return Base64.getDecoder().decode(b64);
    }

    static String hexOf(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static List<String> hexOf(List<byte[]> hashes) {
        List<String> out = new ArrayList<>();
        for (byte[] h : hashes) {
            out.add(hexOf(h));
        }
        return out;
    }
}
