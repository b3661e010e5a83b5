package org.dataright.service.config;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The strict reading of a multipart upload: only the parts the endpoint takes, each once. The framework
 * would take the first of two {@code certificate} parts and ignore the second, and ignore a part it does
 * not know: the client would not learn which file was verified.
 */
public final class Uploads {
    private Uploads() {
    }

    /**
     * Checks the upload's parts (and the same names in the address) against {@code names}.
     *
     * @throws ApiException {@code 400 UNKNOWN_PART} for a part of another name, {@code 400 DUPLICATE_PART} for a name given twice
     */
    public static void requireParts(HttpServletRequest request, String... names) {
        List<String> allowed = List.of(names);
        Map<String, Integer> counts = new TreeMap<>();
        try {
            for (Part part : request.getParts()) {
                String name = part.getName();
                if (!allowed.contains(name)) {
                    throw ApiException.badRequest("UNKNOWN_PART", "the upload has a part named '" + abbreviated(name)
                            + "'; this endpoint takes only " + String.join(", ", allowed));
                }
                counts.merge(name, 1, Integer::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upload's parts: " + e.getMessage(), e);
        } catch (ServletException e) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "the request body is not a multipart upload: " + e.getMessage());
        }
        for (String name : allowed) {
            String[] values = request.getParameterValues(name);
            int given = Math.max(counts.getOrDefault(name, 0), values == null ? 0 : values.length);
            if (given > 1) {
                throw ApiException.badRequest("DUPLICATE_PART", "'" + name + "' is given " + given + " times (in the upload or"
                        + " the address); send each part once, so it is clear which one counts");
            }
        }
    }

    private static String abbreviated(String name) {
        String printable = name == null ? "" : name.replaceAll("\\p{C}", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "…" : printable;
    }
}
