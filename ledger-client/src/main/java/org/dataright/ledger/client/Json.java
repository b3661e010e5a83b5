package org.dataright.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The module's one JSON mapper. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** A chaincode answer as JSON; what is not JSON as text, nothing as empty text. */
    static JsonNode answer(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return TextNode.valueOf("");
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            return TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
