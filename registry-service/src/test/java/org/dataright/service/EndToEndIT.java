package org.dataright.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.dataright.evidence.pdf.CertificatePdf;
import org.dataright.ledger.client.Committed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole registry in embedded mode with the real embedded peer and the real chaincode jar: a
 * participant enrols with its own key, registers an asset through fabric-gateway, gets the certificate
 * of that transaction (JSON and PDF), verifies it (every check passes), sees a tampered copy fail a
 * named check, and after a restart on the same data directory finds the asset, the certificate and
 * its enrollment.
 */
class EndToEndIT {
    private static final byte[] ORIGINAL = "id,region,sales\n1,CN-31,100\n2,CN-31,250\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path data;

    private ConfigurableApplicationContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void enrolRegisterCertifyVerifyTamperAndRestart() throws Exception {
        context = TestServices.start(data);
        RegistryClient client = new RegistryClient(TestServices.baseUrl(context));

        JsonNode network = RegistryClient.JSON.readTree(client.get("/api/network").body());
        assertThat(network.get("mode").asText()).isEqualTo("embedded");
        assertThat(network.get("trustBundle").get("issuers")).hasSize(1);
        assertThat(network.get("trustBundle").get("organizations").toString()).contains("RegistryMSP", "OrdererMSP");

        RegistryClient.Participant alice = client.enrol(data, "enterprise", "alice");
        Committed registered = client.registerAsset(alice, RegistryClient.assetDescription(ORIGINAL));
        String assetId = registered.result().path("id").asText();
        assertThat(assetId).startsWith("A-");

        HttpResponse<String> issued = client.postJson("/api/certificates",
                "{\"transactionId\":\"" + registered.transactionId() + "\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode certificate = RegistryClient.JSON.readTree(issued.body());
        String id = certificate.get("id").asText();
        assertThat(certificate.get("act").asText()).isEqualTo("REGISTER_ASSET");
        assertThat(certificate.get("assetId").asText()).isEqualTo(assetId);

        HttpResponse<String> again = client.postJson("/api/certificates",
                "{\"transactionId\":\"" + registered.transactionId() + "\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(issued.body());
        assertThat(client.get("/api/certificates?transactionId=" + registered.transactionId()).body()).isEqualTo(issued.body());

        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ORIGINAL));
        JsonNode verified = RegistryClient.JSON.readTree(client.verify(issued.body().getBytes(StandardCharsets.UTF_8),
                "certificate.json", sha256).body());
        assertThat(verified.get("verdict").asText()).as(verified.toString()).isEqualTo("PASS");
        // Skipped: no time-stamp token (and so no trusted time); a compact (version 2) certificate has no other
        // envelope to hash; the service keeps no checkpoints seen before. Every other check passes, the log's among them.
        java.util.Set<String> skipped = java.util.Set.of("timestamp-token", "trusted-time", "block-data-hash",
                "log-consistency");
        assertThat(verified.get("checks").findValuesAsText("name")).contains("log-checkpoint", "log-leaf", "log-inclusion");
        for (JsonNode check : verified.get("checks")) {
            assertThat(check.get("status").asText()).as(check.toString()).isNotEqualTo("FAILED");
            if (!skipped.contains(check.get("name").asText())) {
                assertThat(check.get("status").asText()).as(check.toString()).isEqualTo("PASSED");
            }
        }

        HttpResponse<byte[]> pdf = client.getBytes("/api/certificates/" + id + "?format=pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(CertificatePdf.readJson(pdf.body())).isEqualTo(issued.body());
        JsonNode fromPdf = RegistryClient.JSON.readTree(client.verify(pdf.body(), "certificate.pdf", null).body());
        assertThat(fromPdf.get("verdict").asText()).as(fromPdf.toString()).isEqualTo("PASS");

        // One byte changed in the stated record: the issuer's signature and the written state no longer hold.
        String tampered = tamper(issued.body());
        JsonNode refused = RegistryClient.JSON.readTree(client.verify(tampered.getBytes(StandardCharsets.UTF_8),
                "certificate.json", null).body());
        assertThat(refused.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(status(refused, "issuer-signature")).isEqualTo("FAILED");
        assertThat(status(refused, "written-state")).isEqualTo("FAILED");
        // The wrong original file.
        JsonNode wrongFile = RegistryClient.JSON.readTree(client.verify(issued.body().getBytes(StandardCharsets.UTF_8),
                "certificate.json", "0".repeat(64)).body());
        assertThat(status(wrongFile, "file-digests")).isEqualTo("FAILED");

        // Bad requests get problems and issue nothing.
        assertProblem(client.postJson("/api/certificates", "{\"transactionId\":\"" + "ab".repeat(32) + "\"}"), 404,
                "TRANSACTION_NOT_FOUND");
        assertProblem(client.postJson("/api/certificates", "{\"transactionId\":\"not-a-tx\"}"), 400, "TRANSACTION_ID_INVALID");
        assertProblem(client.postJson("/api/certificates", "{\"transactionId\":"), 400, "MALFORMED_REQUEST");
        assertProblem(client.get("/api/certificates/" + "0".repeat(64)), 404, "CERTIFICATE_NOT_FOUND");
        assertProblem(client.get("/api/certificates/" + id + "?format=xml"), 400, "FORMAT_UNKNOWN");
        assertProblem(client.verify(issued.body().getBytes(StandardCharsets.UTF_8), "certificate.json", "xyz"), 400,
                "INVALID_DIGEST");
        assertProblem(client.verify(new byte[0], "empty.json", null), 400, "CERTIFICATE_MISSING");
        assertProblem(client.postJson("/api/verify", "{}"), 415, "UNSUPPORTED_MEDIA_TYPE");
        JsonNode notACertificate = RegistryClient.JSON.readTree(client.verify("%PDF-1.7 garbage".getBytes(StandardCharsets.UTF_8),
                "x.pdf", null).body());
        assertThat(status(notACertificate, "format")).isEqualTo("FAILED");
        try (var stored = java.nio.file.Files.list(data.resolve("certificates"))) {
            assertThat(stored).hasSize(1);
        }

        context.close();
        context = TestServices.start(data);
        client = new RegistryClient(TestServices.baseUrl(context));

        HttpResponse<String> asset = client.get("/api/assets/" + assetId);
        assertThat(asset.statusCode()).as(asset.body()).isEqualTo(200);
        assertThat(RegistryClient.JSON.readTree(asset.body()).get("sha256").asText()).isEqualTo(sha256);
        assertThat(client.get("/api/certificates/" + id).body()).isEqualTo(issued.body());
        assertThat(client.postJson("/api/certificates", "{\"transactionId\":\"" + registered.transactionId() + "\"}")
                .statusCode()).isEqualTo(200);
        JsonNode afterRestart = RegistryClient.JSON.readTree(client.verify(issued.body().getBytes(StandardCharsets.UTF_8),
                "certificate.json", sha256).body());
        assertThat(afterRestart.get("verdict").asText()).as(afterRestart.toString()).isEqualTo("PASS");
        // The enrollment holds: its token stays spent, and the participant's certificate still acts on the ledger.
        HttpResponse<String> reuse = client.postJson("/api/enrollment", RegistryClient.JSON.writeValueAsString(
                RegistryClient.JSON.createObjectNode().put("token", alice.token())
                        .put("csr", RegistryClient.csr("CN=alice", org.dataright.fabric.msp.CertificateAuthority.newKeyPair()))));
        assertThat(reuse.statusCode()).isEqualTo(409);
        Committed second = client.registerAsset(alice,
                RegistryClient.assetDescription("another file".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> acts = client.get("/api/acts?party=" + URLEncoder.encode(alice.party(), StandardCharsets.UTF_8));
        assertThat(acts.statusCode()).as(acts.body()).isEqualTo(200);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(RegistryClient.JSON.readTree(response.body()).get("code").asText()).as(response.body()).isEqualTo(code);
    }

    /** Changes one character of the record's title. */
    static String tamper(String certificateJson) {
        int at = certificateJson.indexOf("Retail panel ");
        assertThat(at).isPositive();
        char c = certificateJson.charAt(at);
        return certificateJson.substring(0, at) + (char) (c + 1) + certificateJson.substring(at + 1);
    }

    static String status(JsonNode result, String check) {
        for (JsonNode c : result.get("checks")) {
            if (c.get("name").asText().equals(check)) {
                return c.get("status").asText();
            }
        }
        throw new AssertionError("no check " + check + " in " + result);
    }
}
