package org.dataright.evidence.trust;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import org.dataright.fabric.block.BlockHashes;

/**
 * The fingerprint of a trust bundle: SHA-256 of its stable file form ({@link TrustBundle#toJson()}, which
 * is what the registry serves), so the same bundle has the same fingerprint however a copy was indented.
 * Shown as 16 groups of 4 upper-case hex digits, a form a court reads aloud or compares with the one an
 * operator publishes out of band.
 */
public final class TrustBundleFingerprint {
    private static final int GROUP = 4;

    private TrustBundleFingerprint() {
    }

    /** 64 lower-case hex digits. */
    public static String hex(TrustBundle bundle) {
        return HexFormat.of().formatHex(BlockHashes.sha256(bundle.toJson().getBytes(StandardCharsets.UTF_8)));
    }

    /** The same digits in groups, e.g. {@code 3F2A 9C01 …} (79 characters). */
    public static String grouped(TrustBundle bundle) {
        String hex = hex(bundle).toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(hex.length() + hex.length() / GROUP);
        for (int i = 0; i < hex.length(); i += GROUP) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(hex, i, i + GROUP);
        }
        return out.toString();
    }
}
