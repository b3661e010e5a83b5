package org.dataright.service.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Arrays;
import java.util.Collection;
import org.springframework.http.HttpStatus;

/**
 * The one wording of a JSON request body the service cannot read: what is wrong and where, in the
 * request's own terms (field names, JSON kinds) rather than Jackson's, which names Java classes.
 */
public final class JsonProblems {
    private JsonProblems() {
    }

    /** {@code 400 MALFORMED_REQUEST} for a body without content. */
    public static ApiException empty() {
        return ApiException.badRequest("MALFORMED_REQUEST", "the request has no body: this endpoint expects a JSON object");
    }

    /** {@code 400 MALFORMED_REQUEST} saying why {@code error} (a Jackson error, or one that wraps it) happened. */
    public static ApiException malformed(Throwable error) {
        return new ApiException(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                "the request body is not the JSON this endpoint expects: " + describe(error), error);
    }

    static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException limit) {
                return "it is beyond this service's limits for JSON: "
                        + limit.getOriginalMessage().replaceAll(", from `[^`]*`", "");
            }
            if (t instanceof UnrecognizedPropertyException unknown) {
                return where(unknown) + " is not a field of this request; its fields are "
                        + String.join(", ", unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList());
            }
            if (t instanceof MismatchedInputException mismatch) {
                return where(mismatch) + " must be " + kind(mismatch.getTargetType());
            }
            if (t instanceof JsonParseException parse) {
                JsonLocation at = parse.getLocation();
                return "it is not valid JSON: " + parse.getOriginalMessage()
                        + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
            }
            if (t instanceof JsonMappingException mapping) {
                return where(mapping) + " has a value this endpoint cannot use";
            }
        }
        return "it cannot be read";
    }

    private static String where(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "the body" : "'" + path + "'";
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == int.class || type == long.class || type == short.class || type == Integer.class || type == Long.class
                || type == Short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        return "a JSON object";
    }
}
