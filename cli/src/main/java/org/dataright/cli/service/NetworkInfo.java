package org.dataright.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.dataright.cli.CliException;

/** What {@code GET /api/network} says: the gateway endpoint, channel, chaincode, MSP, TLS and CA roots, trust bundle. */
public record NetworkInfo(String mode, String channel, String chaincode, String gatewayEndpoint, String mspId,
        String tlsRootCertificate, List<String> caRootCertificates, JsonNode trustBundle, JsonNode raw) {

    public static NetworkInfo from(JsonNode node) {
        String endpoint = node.path("gatewayEndpoint").asText(null);
        if (endpoint == null) {
            throw CliException.cannotConnect("SERVICE_ERROR", "the registry's /api/network names no gatewayEndpoint",
                    "check that the service URL points at a dpr registry service", null);
        }
        List<String> roots = new ArrayList<>();
        node.path("caRootCertificates").forEach(n -> roots.add(n.asText()));
        JsonNode tls = node.path("tlsRootCertificate");
        return new NetworkInfo(node.path("mode").asText("embedded"), node.path("channel").asText("registry"),
                node.path("chaincode").asText("rights"), endpoint, node.path("mspId").asText(null),
                tls.isTextual() ? tls.asText() : null, List.copyOf(roots), node.path("trustBundle"), node);
    }
}
