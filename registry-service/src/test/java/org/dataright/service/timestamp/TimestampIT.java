package org.dataright.service.timestamp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.dataright.service.RegistryClient;
import org.dataright.service.TestServices;
import org.dataright.testsupport.OpensslTsa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Trusted time from a real RFC 3161 implementation ({@code openssl ts -reply} behind {@link OpensslTsa}): a
 * TSA that is down delays the token and never the certificate; a TSA that answers badly is refused, logged,
 * retried and never attached; a restart forgets no pending stamp; an attached token verifies with the time shown.
 */
@ExtendWith(OutputCaptureExtension.class)
class TimestampIT {
    /** Long enough for a loaded machine; the polls end as soon as what they wait for is there. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @TempDir
    Path tsaDir;

    private ConfigurableApplicationContext context;
    private OpensslTsa tsa;
    private RegistryClient client;

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
    void aTokenIsAttachedOnlyWhenTheTsaAnswersWellAndNeverHoldsUpTheCertificate(CapturedOutput output) throws Exception {
        tsa = OpensslTsa.start(tsaDir);
        tsa.mode(OpensslTsa.Mode.UNAVAILABLE);
        start();
        RegistryClient.Participant alice = client.enrol(data, "enterprise", "alice");

        // Down at issue: the certificate is issued at once, without a token.
        JsonNode pending = issue(alice);
        String id = pending.path("id").asText();
        assertThat(pending.has("timestampToken")).isFalse();
        awaitRequests(1);

        // Each bad answer is refused, logged and retried; nothing is attached.
        refused(id, OpensslTsa.Mode.GARBAGE, output, "is not an RFC 3161 time-stamp response");
        refused(id, OpensslTsa.Mode.WRONG_IMPRINT, output, "does not answer the query");
        refused(id, OpensslTsa.Mode.UNTRUSTED_SIGNER, output, "the time-stamp authority is not trusted");

        // A restart with the stamp still pending: the TSA is back, and the token follows.
        context.close();
        context = null;
        tsa.mode(OpensslTsa.Mode.GRANTED);
        start();
        JsonNode stamped = awaitToken(id);
        assertTokenVerifies(stamped);

        // Down (connection refused) at issue, back later: the token follows without a restart.
        tsa.stop();
        JsonNode second = issue(alice);
        assertThat(second.has("timestampToken")).isFalse();
        String refused = "no time-stamp token for certificate " + second.path("id").asText() + " yet (try 1): " + tsa.url()
                + " cannot be reached: the connection was refused";
        await("'" + refused + "' in the log", () -> output.getOut().contains(refused));
        tsa.restart();
        assertTokenVerifies(awaitToken(second.path("id").asText()));
    }

    @Test
    void theCertificatePdfIsTimeStampedWhenTheTsaAnswersAndBaselineBWhenItIsDown(CapturedOutput output) throws Exception {
        tsa = OpensslTsa.start(tsaDir);
        start();
        RegistryClient.Participant alice = client.enrol(data, "enterprise", "alice");
        String id = issue(alice).path("id").asText();

        JsonNode stamped = pdfChecks(id);
        assertThat(stamped.path("verdict").asText()).as(stamped.toString()).isEqualTo("PASS");
        assertThat(check(stamped, "pdf-signature-timestamp").path("status").asText()).isEqualTo("PASSED");
        assertThat(check(stamped, "pdf-signature-timestamp").path("reason").asText())
                .startsWith("the PDF signature (PAdES B-T) existed at ").contains("Test Time-Stamp Authority");

        // Down: the PDF is still served, signed B-B, and the log says why.
        tsa.mode(OpensslTsa.Mode.UNAVAILABLE);
        JsonNode baseline = pdfChecks(id);
        assertThat(baseline.path("verdict").asText()).as(baseline.toString()).isEqualTo("PASS");
        assertThat(check(baseline, "pdf-signature-timestamp").path("status").asText()).isEqualTo("SKIPPED");
        assertThat(check(baseline, "pdf-signature-timestamp").path("reason").asText())
                .contains("not time-stamped (PAdES B-B)");
        assertThat(output.getOut()).contains("the certificate PDF is signed without a signature time-stamp (PAdES B-B): "
                + tsa.url() + " answered HTTP 503");
    }

    /** The verification result of the certificate's PDF, as the registry serves it. */
    private JsonNode pdfChecks(String id) throws Exception {
        HttpResponse<byte[]> pdf = client.getBytes("/api/certificates/" + id + "?format=pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        HttpResponse<String> verified = client.verify(pdf.body(), "certificate.pdf", null);
        return RegistryClient.JSON.readTree(verified.body());
    }

    private static JsonNode check(JsonNode result, String name) {
        for (JsonNode c : result.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no " + name + " check in " + result);
    }

    private void start() {
        context = TestServices.start(data, "--registry.timestamp.url=" + tsa.url(),
                "--registry.timestamp.root-certificates=" + tsa.rootCertificate(),
                "--registry.timestamp.retry-first=100ms", "--registry.timestamp.retry-max=400ms");
        client = new RegistryClient(TestServices.baseUrl(context));
    }

    private JsonNode issue(RegistryClient.Participant who) throws Exception {
        String txId = client.registerAsset(who, RegistryClient.assetDescription(("asset " + System.nanoTime())
                .getBytes(StandardCharsets.UTF_8))).transactionId();
        HttpResponse<String> issued = client.postJson("/api/certificates", "{\"transactionId\":\"" + txId + "\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return RegistryClient.JSON.readTree(issued.body());
    }

    /** The TSA answers in {@code mode}: the stamp is tried at least twice more, each refused, and no token appears. */
    private void refused(String id, OpensslTsa.Mode mode, CapturedOutput output, String reason) throws Exception {
        tsa.mode(mode);
        int before = tsa.requests();
        awaitRequests(before + 2);
        await("a refusal naming '" + reason + "' in the log", () -> output.getOut().contains(reason));
        assertThat(output.getOut()).contains("no time-stamp token for certificate " + id + " yet");
        assertThat(certificate(id).has("timestampToken")).as(mode + " must not be attached").isFalse();
    }

    private void assertTokenVerifies(JsonNode certificate) throws Exception {
        HttpResponse<String> response = client.verify(RegistryClient.JSON.writeValueAsString(certificate)
                .getBytes(StandardCharsets.UTF_8), "certificate.json", null);
        JsonNode result = RegistryClient.JSON.readTree(response.body());
        assertThat(result.path("verdict").asText()).as(response.body()).isEqualTo("PASS");
        JsonNode check = null;
        for (JsonNode c : result.path("checks")) {
            if (c.path("name").asText().equals("timestamp-token")) {
                check = c;
            }
        }
        assertThat(check).as(response.body()).isNotNull();
        assertThat(check.path("status").asText()).isEqualTo("PASSED");
        assertThat(check.path("reason").asText()).startsWith("stamped at ").contains("Test Time-Stamp Authority");
        Instant time = Instant.parse(check.path("reason").asText().substring("stamped at ".length()).split(" ")[0]);
        assertThat(time).isAfterOrEqualTo(Instant.parse(certificate.path("issuedAt").asText()).minusSeconds(1));
    }

    private JsonNode awaitToken(String id) throws Exception {
        await("certificate " + id + " with a time-stamp token", () -> certificate(id).has("timestampToken"));
        return certificate(id);
    }

    private JsonNode certificate(String id) {
        try {
            HttpResponse<String> got = client.get("/api/certificates/" + id);
            assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
            return RegistryClient.JSON.readTree(got.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitRequests(int count) throws InterruptedException {
        await(count + " requests at the TSA", () -> tsa.requests() >= count);
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
