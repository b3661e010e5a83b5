package org.dataright.ledger.client;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A refusal by the rights contract: the chaincode throws {@code CODE: sentence}, and a peer hands it on
 * inside its own words ({@code chaincode response 500, RIGHT_FROZEN: right … is frozen by case …}).
 *
 * @param code the contract's error code, such as {@code RIGHT_FROZEN}
 * @param sentence what it says about the refusal
 */
public record ChaincodeError(String code, String sentence) {
    /** A code is upper-case words joined by underscores (at least two, so gRPC's own UNAVAILABLE is none). */
    private static final Pattern CODE_AND_SENTENCE = Pattern.compile("\\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+): (.+)", Pattern.DOTALL);

    /** The first {@code CODE: sentence} in a peer's message, if it holds one. */
    public static Optional<ChaincodeError> parse(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = CODE_AND_SENTENCE.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        String sentence = m.group(2).strip();
        return Optional.of(new ChaincodeError(m.group(1), sentence.isEmpty() ? m.group(1) : sentence));
    }

    /** {@code CODE: sentence}, as the chaincode wrote it. */
    @Override
    public String toString() {
        return code + ": " + sentence;
    }
}
