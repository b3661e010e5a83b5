package org.dataright.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.dataright.cli.base.CliException;

/** The answer to {@code POST /api/enrollment}. */
public record Enrollment(String certificatePem, String mspId, List<String> caRootCertificates, String party) {

    static Enrollment from(JsonNode node) {
        String certificate = node.path("certificate").asText(null);
        String mspId = node.path("mspId").asText(null);
        if (certificate == null || mspId == null) {
            throw CliException.cannotConnect("SERVICE_ERROR", "the enrollment answer has no certificate or mspId",
                    "check that the service URL points at a dpr registry service", null);
        }
        List<String> roots = new ArrayList<>();
        node.path("caRootCertificates").forEach(n -> roots.add(n.asText()));
        return new Enrollment(certificate, mspId, List.copyOf(roots), node.path("party").asText(null));
    }
}
