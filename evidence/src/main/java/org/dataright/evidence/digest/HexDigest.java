package org.dataright.evidence.digest;

import java.util.regex.Pattern;

/** The one rule for how a 256-bit digest is written: 64 lowercase hex characters. */
public final class HexDigest {
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{64}");

    private HexDigest() {
    }

    public static boolean isValid(String hex) {
        return hex != null && FORM.matcher(hex).matches();
    }

    /** Returns {@code hex} or throws naming the field. */
    public static String require(String field, String hex) {
        if (!isValid(hex)) {
            throw new IllegalArgumentException(field + " must be 64 lowercase hex characters, not '"
                    + abbreviate(hex) + "'");
        }
        return hex;
    }

    /** Like {@link #require} but {@code null} is allowed. */
    public static String optional(String field, String hex) {
        return hex == null ? null : require(field, hex);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
