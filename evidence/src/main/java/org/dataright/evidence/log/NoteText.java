package org.dataright.evidence.log;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The text rules shared by notes, checkpoints and proofs: strict UTF-8, strict base64, key names. */
final class NoteText {
    private NoteText() {
    }

    /** Decodes UTF-8, refusing malformed and unmappable bytes (Java's default would replace them). */
    static String utf8(String what, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid UTF-8", e);
        }
    }

    /** Refuses ASCII control characters other than newline, as signed-note requires. */
    static void requireNoControl(String what, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new IllegalArgumentException(what + " has the control character U+"
                        + String.format("%04X", (int) c) + " at character " + i);
            }
        }
    }

    /**
     * Standard base64 with padding, in its one spelling: Java's decoder also takes missing padding and
     * non-zero unused bits, so the decoded bytes must encode back to the very same text.
     */
    static byte[] base64(String what, String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64: '" + abbreviate(text) + "'", e);
        }
        if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
            throw new IllegalArgumentException(what + " is not canonical padded base64: '" + abbreviate(text) + "'");
        }
        return bytes;
    }

    /** Key names: non-empty, no Unicode space, no plus, no control character. */
    static String keyName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '+' || c < 0x20 || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw new IllegalArgumentException(what + " '" + abbreviate(name)
                        + "' has a space, a plus or a control character at character " + i);
            }
        }
        return name;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
