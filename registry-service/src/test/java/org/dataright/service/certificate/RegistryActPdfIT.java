package org.dataright.service.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dataright.evidence.pdf.CertificatePdf;
import org.dataright.fabric.crypto.Pem;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.NetworkDescription;
import org.dataright.service.RegistryClient;
import org.dataright.service.TestServices;
import org.dataright.testsupport.OpensslTsa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The certificate of an act on the registry itself (CONFIGURE_REGISTRY, which names no asset) as a signed
 * PDF with a trusted time: it renders, it embeds the JSON with its time-stamp token, and uploaded to the
 * verifier it passes every check, the PDF's own and the token's included. The PDF is kept in
 * {@code target/certificate-samples/} so a person can look at it ({@code pdftoppm -png}).
 */
class RegistryActPdfIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @TempDir
    Path tsaDir;

    private ConfigurableApplicationContext context;
    private OpensslTsa tsa;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        if (tsa != null) {
            tsa.close();
        }
    }

    @Test
    void aConfigureRegistryCertificateIsASignedStampedPdfThatVerifies() throws Exception {
        tsa = OpensslTsa.start(tsaDir);
        context = TestServices.start(data, "--registry.timestamp.url=" + tsa.url(),
                "--registry.timestamp.root-certificates=" + tsa.rootCertificate());
        RegistryClient client = new RegistryClient(TestServices.baseUrl(context));
        NetworkDescription network = NetworkDescription.from(RegistryClient.JSON.readTree(client.get("/api/network").body()));
        Path admin = data.resolve("peer").resolve("crypto").resolve("admin");
        ClientIdentity registrar = new ClientIdentity(network.mspId(), Pem.certificate(Files.readString(admin.resolve("cert.pem"))),
                Pem.privateKey(Files.readString(admin.resolve("key.pem"))));
        Committed configured;
        try (LedgerConnection ledger = LedgerConnection.open(network.ledgerEndpoint(), registrar)) {
            configured = ledger.rights().configureRegistry(true, Duration.ofDays(30));
        }

        HttpResponse<String> issued = client.postJson("/api/certificates",
                "{\"transactionId\":\"" + configured.transactionId() + "\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String id = RegistryClient.JSON.readTree(issued.body()).path("id").asText();
        JsonNode stamped = awaitToken(client, id);
        assertThat(stamped.path("act").asText()).isEqualTo("CONFIGURE_REGISTRY");
        assertThat(stamped.has("assetId")).isFalse();

        HttpResponse<byte[]> pdf = client.getBytes("/api/certificates/" + id + "?format=pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        Path samples = Files.createDirectories(Path.of("target", "certificate-samples"));
        Files.write(samples.resolve("configure-registry.pdf"), pdf.body());
        assertThat(RegistryClient.JSON.readTree(CertificatePdf.read(pdf.body()).json()).path("timestampToken").asText())
                .isEqualTo(stamped.path("timestampToken").asText());

        HttpResponse<String> verified = client.verify(pdf.body(), "certificate.pdf", null);
        JsonNode result = RegistryClient.JSON.readTree(verified.body());
        assertThat(result.path("verdict").asText()).as(verified.body()).isEqualTo("PASS");
        Map<String, String> checks = new LinkedHashMap<>();
        result.path("checks").forEach(c -> checks.put(c.path("name").asText(), c.path("status").asText()));
        assertThat(checks).containsEntry("pdf-signature", "PASSED").containsEntry("pdf-text", "PASSED")
                .containsEntry("timestamp-token", "PASSED").containsEntry("stated-status", "PASSED");
    }

    private static JsonNode awaitToken(RegistryClient client, String id) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            JsonNode certificate = RegistryClient.JSON.readTree(client.get("/api/certificates/" + id).body());
            if (certificate.has("timestampToken")) {
                return certificate;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for the token of certificate " + id);
            }
            Thread.sleep(50);
        }
    }
}
