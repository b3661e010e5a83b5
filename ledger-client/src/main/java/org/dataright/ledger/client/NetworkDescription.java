package org.dataright.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the registry service publishes at {@code GET /api/network} (docs/API.md) and what a client
 * needs to connect and to verify: the gateway endpoint, channel, chaincode, the MSP of its members,
 * the peer's TLS root (null: plaintext on loopback), the CA roots and the trust bundle.
 */
public record NetworkDescription(String mode, String channel, String chaincode, String gatewayEndpoint, String mspId,
        String tlsRootCertificate, List<String> caRootCertificates, JsonNode trustBundle) {

    public NetworkDescription {
        caRootCertificates = List.copyOf(caRootCertificates);
    }

    /**
     * Reads the service's answer; channel and chaincode default to the registry's own names.
     *
     * @throws IllegalArgumentException when it names no gateway endpoint
     */
    public static NetworkDescription from(JsonNode node) {
        String endpoint = node.path("gatewayEndpoint").asText(null);
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("it names no gatewayEndpoint");
        }
        List<String> roots = new ArrayList<>();
        node.path("caRootCertificates").forEach(n -> roots.add(n.asText()));
        JsonNode tls = node.path("tlsRootCertificate");
        return new NetworkDescription(node.path("mode").asText("embedded"), node.path("channel").asText("registry"),
                node.path("chaincode").asText("rights"), endpoint, node.path("mspId").asText(null),
                tls.isTextual() ? tls.asText() : null, roots, node.path("trustBundle"));
    }

    /** Where to connect: the gateway endpoint with its TLS root, on this channel and chaincode. */
    public LedgerEndpoint ledgerEndpoint() {
        return new LedgerEndpoint(gatewayEndpoint, tlsRootCertificate, null, channel, chaincode);
    }
}
