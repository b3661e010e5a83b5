package org.dataright.service.config;

/**
 * The one rule for text that names someone (enrollment names, certificate common names, parties):
 * no control characters, no invisible formatting (bidi overrides, zero-width characters), no line
 * separators and no broken UTF-16. Such characters forge log lines and make one name look like another.
 */
public final class PlainText {
    private PlainText() {
    }

    /** The first character {@code text} may not hold, as {@code U+202E at position 5}, or null when there is none. */
    public static String forbiddenCharacter(String text) {
        for (int i = 0; i < text.length();) {
            int c = text.codePointAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return String.format("U+%04X at position %d", c, text.codePointCount(0, i) + 1);
            }
            i += Character.charCount(c);
        }
        return null;
    }
}
