package org.dataright.evidence.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 JSON Canonicalization Scheme for the JSON our formats use: object keys sorted by UTF-16
 * code units, no whitespace, strings escaped as ECMAScript's JSON.stringify does. Numbers must be
 * integers within ±(2^53−1), whose ES6 form is their plain decimal form; anything else is refused
 * rather than given a form that another implementation might not reproduce.
 */
public final class Jcs {
    /** The largest integer an IEEE 754 double (and so an ES6 number) holds exactly. */
    static final BigInteger MAX_SAFE = BigInteger.valueOf((1L << 53) - 1);

    private Jcs() {
    }

    public static byte[] canonicalize(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, "$");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String canonicalString(JsonNode node) {
        return new String(canonicalize(node), StandardCharsets.UTF_8);
    }

    private static void write(JsonNode node, StringBuilder out, String path) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out, path);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out, path + "[" + i + "]");
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out, path);
            case NUMBER -> writeNumber(node, out, path);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException(path + ": a " + node.getNodeType() + " node has no JSON form");
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out, String path) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
        // String.compareTo compares UTF-16 code units, which is exactly the order RFC 8785 prescribes.
        fields.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(fields.get(i).getKey(), out, path);
            out.append(':');
            write(fields.get(i).getValue(), out, path + "." + fields.get(i).getKey());
        }
        out.append('}');
    }

    private static void writeNumber(JsonNode node, StringBuilder out, String path) {
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException(path + ": only integers are allowed, not " + node.asText());
        }
        BigInteger value = node.bigIntegerValue();
        if (value.abs().compareTo(MAX_SAFE) > 0) {
            throw new IllegalArgumentException(path + ": integer " + value + " is outside ±(2^53−1)");
        }
        out.append(value);
    }

    private static void writeString(String s, StringBuilder out, String path) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            // Runs of characters that need no escape are copied at once (base64 and hex make up most of a certificate).
            int run = i;
            while (run < s.length() && plain(s.charAt(run))) {
                run++;
            }
            if (run > i) {
                out.append(s, i, run);
                i = run - 1;
                continue;
            }
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                // A lone surrogate has no UTF-8 form, so two parties could not agree on the bytes.
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    out.append(c).append(s.charAt(++i));
                    continue;
                }
                throw new IllegalArgumentException(path + ": string holds a lone surrogate at index " + i);
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        // Not String.format: composite keys hold U+0000 several times, and the state map
                        // canonicalizes every data asset's keys at a start.
                        out.append("\\u00").append(HEX_DIGITS.charAt(c >> 4)).append(HEX_DIGITS.charAt(c & 0xf));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final String HEX_DIGITS = "0123456789abcdef";

    private static boolean plain(char c) {
        return c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c);
    }
}
