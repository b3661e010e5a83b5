package org.dataright.chaincode;

import java.util.List;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * JSON written with the property order the caller gives, never a map's order, so every endorser
 * writes the same bytes. Reading goes through org.json (the shim's own dependency).
 */
final class Json {
    private final StringBuilder out = new StringBuilder("{");
    private boolean empty = true;

    Json str(String name, String value) {
        return raw(name, value == null ? "null" : quote(value));
    }

    Json num(String name, long value) {
        return raw(name, Long.toString(value));
    }

    Json bool(String name, boolean value) {
        return raw(name, Boolean.toString(value));
    }

    Json obj(String name, Json value) {
        return raw(name, value == null ? "null" : value.toString());
    }

    Json strings(String name, List<String> values) {
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            array.append(i == 0 ? "" : ",").append(quote(values.get(i)));
        }
        return raw(name, array.append(']').toString());
    }

    Json raw(String name, String json) {
        out.append(empty ? "" : ",").append(quote(name)).append(':').append(json);
        empty = false;
        return this;
    }

    @Override
    public String toString() {
        return out + "}";
    }

    static String array(List<String> jsonValues) {
        return "[" + String.join(",", jsonValues) + "]";
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': q.append("\\\""); break;
                case '\\': q.append("\\\\"); break;
                case '\n': q.append("\\n"); break;
                case '\r': q.append("\\r"); break;
                case '\t': q.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        q.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
            }
        }
        return q.append('"').toString();
    }

    /** Parses an argument that must be a JSON object, or rejects it as INVALID_ARGUMENT. */
    static JSONObject parseObject(String what, String json) {
        if (json == null || json.isBlank()) {
            throw ErrorCode.INVALID_ARGUMENT.reject("%s is missing; send a JSON object", what);
        }
        try {
            return new JSONObject(json);
        } catch (JSONException e) {
            throw ErrorCode.INVALID_ARGUMENT.reject("%s is not a JSON object: %s", what, e.getMessage());
        }
    }

    /** Parses a stored record; the ledger only holds what this chaincode wrote, so failure is a bug. */
    static JSONObject stored(String key, byte[] bytes) {
        try {
            return new JSONObject(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } catch (JSONException e) {
            throw new IllegalStateException("state at " + key + " is not a record of this chaincode", e);
        }
    }

    static String optString(JSONObject o, String name) {
        return o.isNull(name) ? null : o.getString(name);
    }

    static List<String> stringList(JSONObject o, String name) {
        List<String> list = new java.util.ArrayList<>();
        if (o.isNull(name)) {
            return list;
        }
        JSONArray array = o.getJSONArray(name);
        for (int i = 0; i < array.length(); i++) {
            list.add(array.getString(i));
        }
        return list;
    }
}
