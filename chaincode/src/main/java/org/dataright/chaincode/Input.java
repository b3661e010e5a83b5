package org.dataright.chaincode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.json.JSONObject;

/** Checks of caller-supplied values: each failure names the field and what is expected. */
final class Input {
    /** One-line texts: titles, industries, formats, regions, case numbers, territories. */
    static final Text.Shape SHORT_TEXT = Text.Shape.line(200);
    /** Prose, which keeps its line breaks: descriptions, claims, reasons, grounds, licence purposes and scopes. */
    static final Text.Shape LONG_TEXT = Text.Shape.prose(4000);
    /** A participant's display name (NFKC; checked against look-alikes by the directory). */
    static final Text.Shape NAME = Text.Shape.name(200);
    /** A party id, compared with certificates byte for byte. */
    static final Text.Shape PARTY_ID = Text.Shape.verbatim(4000);
    private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_./:-]{1,120}");

    private Input() {
    }

    /** A required text, as {@link Text} stores it. */
    static String text(String field, String value, Text.Shape shape) {
        String checked = optionalText(field, value, shape);
        if (checked == null) {
            throw ErrorCode.INVALID_ARGUMENT.reject("%s is required", field);
        }
        return checked;
    }

    /** An optional text, as {@link Text} stores it; null when absent or only white space. */
    static String optionalText(String field, String value, Text.Shape shape) {
        String checked = value == null ? null : Text.normalised(field, value, shape);
        if (checked != null && checked.length() > shape.maxLength) {
            throw ErrorCode.INVALID_ARGUMENT.reject("%s is %d characters long; at most %d are allowed",
                    field, checked.length(), shape.maxLength);
        }
        return checked;
    }

    static String id(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw ErrorCode.INVALID_ARGUMENT.reject("%s must be an id of 1 to 120 letters, digits or _./:-, not '%s'",
                    field, value == null ? "" : abbreviate(value));
        }
        return value;
    }

    /** A SHA-256 or SM3 digest: 64 hexadecimal characters, stored in lower case. */
    static String digest(String field, String value) {
        if (value == null || !HEX_64.matcher(value).matches()) {
            throw ErrorCode.INVALID_DIGEST.reject("%s must be 64 hexadecimal characters (a SHA-256 or SM3 digest), not '%s'",
                    field, value == null ? "" : abbreviate(value));
        }
        return value.toLowerCase(Locale.ROOT);
    }

    static String optionalDigest(String field, String value) {
        return value == null || value.isEmpty() ? null : digest(field, value);
    }

    /**
     * A period: a whole number of days ({@code 30}) or an ISO-8601 duration in whole seconds ({@code P30D},
     * {@code PT10S}), from 0 to {@code maxDays} days.
     */
    static Duration period(String field, String value, int maxDays) {
        String v = value == null ? "" : value.strip();
        Duration d = null;
        if (v.matches("[0-9]{1,6}")) {
            d = Duration.ofDays(Long.parseLong(v));
        } else if (v.startsWith("P")) {
            try {
                d = Duration.parse(v);
            } catch (DateTimeParseException e) {
                d = null;
            }
        }
        if (d == null || d.isNegative() || d.getNano() != 0 || d.compareTo(Duration.ofDays(maxDays)) > 0) {
            throw ErrorCode.INVALID_ARGUMENT.reject("%s lasts 0 to %d days, not '%s' (give a number of days, 30, or an "
                    + "ISO-8601 duration in whole seconds, P30D or PT10S)", field, maxDays, abbreviate(v));
        }
        return d;
    }

    /** A period as ISO-8601: whole days as {@code P30D}, anything else as {@link Duration#toString()} ({@code PT10S}). */
    static String iso(Duration period) {
        long seconds = period.getSeconds();
        return seconds % 86_400 == 0 ? "P" + seconds / 86_400 + "D" : period.toString();
    }

    static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ErrorCode.INVALID_ARGUMENT.reject("%s is required, as an ISO-8601 instant such as 2027-01-31T00:00:00Z", field);
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ErrorCode.INVALID_ARGUMENT.reject("%s must be an ISO-8601 instant such as 2027-01-31T00:00:00Z, not '%s'",
                    field, abbreviate(value));
        }
    }

    static <E extends Enum<E>> E choice(String field, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value == null ? "" : value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ErrorCode.INVALID_ARGUMENT.reject("%s must be one of %s, not '%s'", field,
                    java.util.Arrays.toString(type.getEnumConstants()), value == null ? "" : abbreviate(value));
        }
    }

    static long nonNegative(String field, JSONObject o) {
        if (o.isNull(field)) {
            throw ErrorCode.INVALID_ARGUMENT.reject("%s is required", field);
        }
        // Only JSON integers: getLong would truncate 1.5 to 1 and wrap numbers beyond the long range.
        Object v = o.get(field);
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
            throw ErrorCode.INVALID_ARGUMENT.reject("%s must be a whole number of at least 0", field);
        }
        return ((Number) v).longValue();
    }

    static boolean flag(String field, JSONObject o) {
        if (o.isNull(field) || !(o.get(field) instanceof Boolean)) {
            throw ErrorCode.INVALID_ARGUMENT.reject("%s is required, as true or false", field);
        }
        return o.getBoolean(field);
    }

    static String string(JSONObject o, String field) {
        if (o.isNull(field)) {
            return null;
        }
        Object v = o.get(field);
        if (!(v instanceof String)) {
            throw ErrorCode.INVALID_ARGUMENT.reject("%s must be a string", field);
        }
        return (String) v;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
