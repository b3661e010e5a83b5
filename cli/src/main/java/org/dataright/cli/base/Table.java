package org.dataright.cli.base;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A plain text table: a header row and left-aligned columns, or a two-column list of fields. */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    /** A field list without a header: name, value. */
    public static Table fields() {
        return new Table();
    }

    /** Every scalar field of a JSON object, nested objects flattened as {@code a.b}. */
    public static Table fieldsOf(JsonNode object) {
        Table table = fields();
        table.addFields("", object);
        return table;
    }

    private void addFields(String prefix, JsonNode node) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                addFields(name + ".", value);
            } else if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(v -> items.add(v.isValueNode() ? v.asText() : v.toString()));
                row(name, String.join(", ", items));
            } else if (!value.isNull()) {
                row(name, value.asText());
            }
        }
    }

    public Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "-" : cell.toString());
        }
        rows.add(row);
        return this;
    }

    /** Adds the rows of {@code other}. */
    public Table append(Table other) {
        rows.addAll(other.rows);
        return this;
    }

    public int size() {
        return rows.size();
    }

    public void render(PrintWriter out) {
        int columns = header.size();
        for (List<String> row : rows) {
            columns = Math.max(columns, row.size());
        }
        int[] width = new int[columns];
        measure(header, width);
        rows.forEach(r -> measure(r, width));
        if (!header.isEmpty()) {
            out.println(line(header, width));
        }
        for (List<String> row : rows) {
            out.println(line(row, width));
        }
    }

    private static void measure(List<String> row, int[] width) {
        for (int i = 0; i < row.size(); i++) {
            width[i] = Math.max(width[i], row.get(i).length());
        }
    }

    private static String line(List<String> row, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            String cell = row.get(i);
            line.append(cell);
            if (i < row.size() - 1) {
                char[] pad = new char[width[i] - cell.length() + 2];
                Arrays.fill(pad, ' ');
                line.append(pad);
            }
        }
        return line.toString();
    }
}
