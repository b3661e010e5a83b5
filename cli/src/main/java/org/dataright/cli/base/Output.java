package org.dataright.cli.base;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/** Tables for people by default, JSON for machines with {@code --json}. */
public final class Output {
    /** The one JSON mapper of the CLI. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final boolean json;

    public Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    public boolean isJson() {
        return json;
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Prints {@code node} with {@code --json}, otherwise {@code table}. */
    public void print(JsonNode node, Table table) {
        if (json) {
            printJson(node);
        } else {
            table.render(out);
            out.flush();
        }
    }

    public void printJson(JsonNode node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        out.flush();
    }

    /** A line for people; nothing with {@code --json}. */
    public void say(String line) {
        if (!json) {
            out.println(line);
            out.flush();
        }
    }

    public PrintWriter writer() {
        return out;
    }
}
