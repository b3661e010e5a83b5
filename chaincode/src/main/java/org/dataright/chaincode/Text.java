package org.dataright.chaincode;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.util.VersionInfo;
import java.util.Locale;

/**
 * The rules for every text a caller gives the chaincode, and the look-alike key of a display name.
 * Normal forms, character properties and confusables come from the pinned ICU (see the pom), never
 * from the JDK, whose Unicode version differs between endorsers' JVMs: every endorser must store the
 * same bytes.
 *
 * <p>A text is refused if it holds a control or format character (bidirectional controls such as
 * U+202E first among them: they make text display in another order than it is stored) or a code point
 * this Unicode version does not assign. Otherwise it is brought to one normal form and its white space
 * is made plain: every space character becomes U+0020, runs become one, the ends are trimmed.
 */
final class Text {
    /** The rule that made the skeletons in the ledger's name index; another rule (a new ICU) rebuilds it. */
    static final String SKELETON_RULE = "uts39-skeleton-casefold/icu-" + VersionInfo.ICU_VERSION.toString()
            + "/unicode-" + UCharacter.getUnicodeVersion().toString();

    private static final Normalizer2 NFC = Normalizer2.getNFCInstance();
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();
    private static final int ZWNJ = 0x200C;
    private static final int ZWJ = 0x200D;

    /** What a text field is: how it is normalised, whether it keeps line breaks, how long it may be. */
    static final class Shape {
        final int maxLength;
        final boolean compatibility;
        final boolean lines;
        final boolean verbatim;

        private Shape(int maxLength, boolean compatibility, boolean lines, boolean verbatim) {
            this.maxLength = maxLength;
            this.compatibility = compatibility;
            this.lines = lines;
            this.verbatim = verbatim;
        }

        /**
         * A name (a participant's display name): NFKC, one line, no joiners. Full-width and other
         * compatibility forms become their plain letters, so {@code Ａcme} is stored as {@code Acme}.
         */
        static Shape name(int maxLength) {
            return new Shape(maxLength, true, false, false);
        }

        /**
         * A one-line text (a title, a case number, a territory): NFC, so that composed and decomposed
         * {@code é} are the same bytes; compatibility forms are kept as written, as Chinese text writes
         * its punctuation full width ({@code （）：，}) and {@code m²} is not {@code m2}.
         */
        static Shape line(int maxLength) {
            return new Shape(maxLength, false, false, false);
        }

        /** Prose (a description, a reason, grounds): as {@link #line}, and line breaks are kept, as {@code \n}. */
        static Shape prose(int maxLength) {
            return new Shape(maxLength, false, true, false);
        }

        /**
         * An identifier compared with what a certificate says (a party id): refused as any text is, trimmed,
         * otherwise kept byte for byte, since normalising it would name another party.
         */
        static Shape verbatim(int maxLength) {
            return new Shape(maxLength, false, false, true);
        }
    }

    private Text() {
    }

    /** The text as it is stored, or null when nothing but white space is left; refused as the class says. */
    static String normalised(String field, String value, Shape shape) {
        refuseInvisible(field, value, shape);
        if (shape.verbatim) {
            return value.strip().isEmpty() ? null : value.strip();
        }
        String plain = plainSpaces((shape.compatibility ? NFKC : NFC).normalize(value), shape.lines);
        return plain.isEmpty() ? null : plain;
    }

    /**
     * The key under which look-alike names meet: the UTS #39 skeleton of the case-folded skeleton of the
     * name in NFKC with plain spaces. Folding between two skeletons matches names that differ in case and
     * keeps {@code I}/{@code l} look-alikes that folding first would part ({@code AppIe}, {@code apple}).
     * Total: it refuses nothing, so that names stored before these rules get a key too.
     */
    static String skeleton(String name) {
        String plain = plainSpaces(NFKC.normalize(name), false);
        return SPOOF.getSkeleton(UCharacter.foldCase(SPOOF.getSkeleton(plain), true));
    }

    private static void refuseInvisible(String field, String value, Shape shape) {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            int category = UCharacter.getType(c);
            boolean whiteSpace = UCharacter.hasBinaryProperty(c, UProperty.WHITE_SPACE);
            if (category == UCharacterCategory.UNASSIGNED || category == UCharacterCategory.SURROGATE) {
                throw ErrorCode.TEXT_UNASSIGNED_CHARACTER.reject("%s contains %s at character %d, which Unicode %s "
                        + "does not assign; remove it", field, codePoint(c), value.codePointCount(0, i) + 1,
                        UCharacter.getUnicodeVersion().getMajor());
            }
            boolean joinerAllowed = (c == ZWNJ || c == ZWJ) && !shape.compatibility && !shape.verbatim;
            // A party id is compared byte for byte, so no white-space control (CR, LF, tab) may hide in it either.
            if ((category == UCharacterCategory.CONTROL && (!whiteSpace || shape.verbatim))
                    || (category == UCharacterCategory.FORMAT && !joinerAllowed)) {
                throw ErrorCode.TEXT_CONTROL_CHARACTER.reject("%s contains %s at character %d, %s; remove it", field,
                        codePoint(c), value.codePointCount(0, i) + 1,
                        UCharacter.hasBinaryProperty(c, UProperty.BIDI_CONTROL)
                                ? "a bidirectional control, which makes text display in another order than it is stored"
                                : "an invisible control or format character");
            }
            i += Character.charCount(c);
        }
    }

    /**
     * White space made plain: each run of space characters (any with Unicode's White_Space property: NBSP,
     * the ideographic space, tabs …) becomes one U+0020; in prose a run holding a line break becomes one
     * {@code \n}, and a blank line between paragraphs is kept; the ends are trimmed.
     */
    private static String plainSpaces(String s, boolean lines) {
        StringBuilder out = new StringBuilder(s.length());
        int breaks = 0;
        boolean space = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (UCharacter.hasBinaryProperty(c, UProperty.WHITE_SPACE)) {
                if (lines && isLineBreak(c) && !(c == '\n' && i >= 2 && s.charAt(i - 2) == '\r')) {
                    breaks++;
                }
                space = true;
                continue;
            }
            if (space && out.length() > 0) {
                out.append(breaks == 0 ? " " : breaks == 1 ? "\n" : "\n\n");
            }
            space = false;
            breaks = 0;
            out.appendCodePoint(c);
        }
        return out.toString();
    }

    private static boolean isLineBreak(int c) {
        return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    private static String codePoint(int c) {
        String name = UCharacter.getExtendedName(c);
        return String.format(Locale.ROOT, "U+%04X", c) + (name == null || name.isEmpty() ? "" : " (" + name + ")");
    }
}
