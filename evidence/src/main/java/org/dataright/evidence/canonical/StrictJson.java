package org.dataright.evidence.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict reading of our JSON documents: duplicate keys, trailing data, unknown fields, nulls and
 * wrong types are refused with a message naming the field's path ({@code proof.blockNumber}).
 */
public final class StrictJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private StrictJson() {
    }

    public static ObjectNode parseObject(String what, Reader json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(what + " must be a JSON object");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be read: " + e.getMessage(), e);
        }
    }

    public static String pretty(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written: " + e.getMessage(), e);
        }
    }

    /** Fails when {@code object} holds a field not in {@code allowed}. */
    public static void onlyFields(ObjectNode object, String path, String... allowed) {
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            unknown.add(it.next());
        }
        unknown.removeAll(Set.of(allowed));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(prefix(path) + "unknown field(s) " + unknown);
        }
    }

    public static String text(ObjectNode object, String path, String field) {
        JsonNode node = required(object, path, field);
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw new IllegalArgumentException(prefix(path) + field + " must be a non-empty string");
        }
        return node.textValue();
    }

    /** A string field that must be present but may be empty. */
    public static String string(ObjectNode object, String path, String field) {
        JsonNode node = required(object, path, field);
        if (!node.isTextual()) {
            throw new IllegalArgumentException(prefix(path) + field + " must be a string");
        }
        return node.textValue();
    }

    /** Lowercase hex of any even length (empty allowed), decoded. */
    public static byte[] hex(ObjectNode object, String path, String field) {
        String text = string(object, path, field);
        if (text.length() % 2 != 0 || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException(prefix(path) + field + " must be lowercase hex");
        }
        return java.util.HexFormat.of().parseHex(text);
    }

    /** An ISO-8601 instant in the form {@link java.time.Instant#toString()} writes, and no other spelling of it. */
    public static java.time.Instant instant(ObjectNode object, String path, String field) {
        String text = text(object, path, field);
        try {
            java.time.Instant instant = java.time.Instant.parse(text);
            if (!instant.toString().equals(text)) {
                throw new IllegalArgumentException(prefix(path) + field + " must be written as " + instant);
            }
            return instant;
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(prefix(path) + field + " is not an ISO-8601 instant: " + text, e);
        }
    }

    /** A field holding standard padded base64, decoded. */
    public static byte[] base64Field(ObjectNode object, String path, String field) {
        return base64(prefix(path) + field, text(object, path, field));
    }

    /** A string field that may be absent (but not null or empty). */
    public static String optionalText(ObjectNode object, String path, String field) {
        return object.has(field) ? text(object, path, field) : null;
    }

    public static long integer(ObjectNode object, String path, String field, long min, long max) {
        JsonNode node = required(object, path, field);
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException(prefix(path) + field + " must be an integer");
        }
        BigInteger value = node.bigIntegerValue();
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException(prefix(path) + field + " must be in [" + min + ", " + max + "], not " + value);
        }
        return value.longValue();
    }

    public static boolean bool(ObjectNode object, String path, String field) {
        JsonNode node = required(object, path, field);
        if (!node.isBoolean()) {
            throw new IllegalArgumentException(prefix(path) + field + " must be true or false");
        }
        return node.booleanValue();
    }

    public static ObjectNode object(ObjectNode object, String path, String field) {
        JsonNode node = required(object, path, field);
        if (!node.isObject()) {
            throw new IllegalArgumentException(prefix(path) + field + " must be an object");
        }
        return (ObjectNode) node;
    }

    public static List<JsonNode> array(ObjectNode object, String path, String field) {
        JsonNode node = required(object, path, field);
        if (!node.isArray()) {
            throw new IllegalArgumentException(prefix(path) + field + " must be an array");
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    public static List<String> texts(ObjectNode object, String path, String field) {
        List<String> out = new ArrayList<>();
        List<JsonNode> items = array(object, path, field);
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isTextual() || items.get(i).textValue().isEmpty()) {
                throw new IllegalArgumentException(prefix(path) + field + "[" + i + "] must be a non-empty string");
            }
            out.add(items.get(i).textValue());
        }
        return out;
    }

    public static ObjectNode element(JsonNode item, String path) {
        if (!item.isObject()) {
            throw new IllegalArgumentException(path + " must be an object");
        }
        return (ObjectNode) item;
    }

    /** Decodes standard base64 (RFC 4648 §4, padded), refusing anything else. */
    public static byte[] base64(String path, String value) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + " is not base64: " + e.getMessage(), e);
        }
        // One value, one spelling: unpadded or otherwise odd encodings would make the JSON malleable.
        if (!Base64.getEncoder().encodeToString(bytes).equals(value)) {
            throw new IllegalArgumentException(path + " is not in canonical padded base64");
        }
        return bytes;
    }

    private static JsonNode required(ObjectNode object, String path, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException(prefix(path) + field + " is required");
        }
        return node;
    }

    private static String prefix(String path) {
        return path.isEmpty() ? "" : path + ".";
    }
}
