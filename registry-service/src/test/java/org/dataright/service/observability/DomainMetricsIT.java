package org.dataright.service.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.ledger.client.Committed;
import org.dataright.service.RegistryClient;
import org.dataright.service.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The domain metrics at {@code /actuator/prometheus} move with real acts: the whole service in embedded mode
 * (the embedded peer and the real chaincode jar), a participant enrolling and registering a data asset through
 * fabric-gateway, a certificate issued and verified (and a tampered copy failing).
 */
class DomainMetricsIT {
    @TempDir
    static Path data;

    private static ConfigurableApplicationContext context;
    private static RegistryClient client;

    @BeforeAll
    static void start() {
        context = TestServices.start(data);
        client = new RegistryClient(TestServices.baseUrl(context));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void actsCertificatesVerificationsEnrolmentsAndTheLogAreCounted() throws Exception {
        String before = scrape();
        assertThat(before).contains("# TYPE dpr_ledger_height gauge", "# TYPE dpr_tlog_leaves gauge",
                "# TYPE dpr_tlog_checkpoints_total counter");

        RegistryClient.Participant alice = client.enrol(data, "enterprise", "alice");
        HttpResponse<String> refused = client.postJson("/api/enrollment", RegistryClient.JSON.writeValueAsString(
                RegistryClient.JSON.createObjectNode().put("token", alice.token())
                        .put("csr", RegistryClient.csr("CN=alice", CertificateAuthority.newKeyPair()))));
        assertThat(refused.statusCode()).as("a spent token: %s", refused.body()).isBetween(400, 499);
        byte[] original = ("day,sales\n2026-01-01," + System.nanoTime() + "\n").getBytes(StandardCharsets.UTF_8);
        Committed registered = client.registerAsset(alice, RegistryClient.assetDescription(original));
        HttpResponse<String> issued = client.postJson("/api/certificates",
                "{\"transactionId\":\"" + registered.transactionId() + "\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        assertThat(client.postJson("/api/certificates", "{\"transactionId\":\"" + registered.transactionId() + "\"}")
                .statusCode()).as("issued before: not counted again").isEqualTo(200);
        JsonNode passed = RegistryClient.JSON.readTree(client.verify(issued.body().getBytes(StandardCharsets.UTF_8),
                "certificate.json", null).body());
        assertThat(passed.get("verdict").asText()).isEqualTo("PASS");
        // One character of the record's title changed.
        int at = issued.body().indexOf("Retail panel ");
        assertThat(at).isPositive();
        String tampered = issued.body().substring(0, at) + 'S' + issued.body().substring(at + 1);
        JsonNode failed = RegistryClient.JSON.readTree(client.verify(tampered.getBytes(StandardCharsets.UTF_8),
                "certificate.json", null).body());
        assertThat(failed.get("verdict").asText()).isEqualTo("FAIL");

        // The act projection reads the block after the commit: wait for it to count the registration.
        String after = scrape();
        for (int i = 0; i < 100 && (value(after, "dpr_acts_total{act=\"REGISTER_ASSET\",code=\"VALID\"}") < 1
                || value(after, "dpr_ledger_height") <= registered.blockNumber()); i++) {
            Thread.sleep(100);
            after = scrape();
        }
        assertThat(delta(before, after, "dpr_acts_total{act=\"REGISTER_ASSET\",code=\"VALID\"}")).isEqualTo(1);
        // The enrolment entered alice in the participant directory: an act of its own.
        assertThat(value(after, "dpr_acts_total{act=\"REGISTER_PARTICIPANT\",code=\"VALID\"}")).isGreaterThanOrEqualTo(1);
        // Every act read as it commits has its commit latency, from its transaction timestamp; the histogram
        // has buckets, and the registration's latency is a positive time within the live bound.
        assertThat(after).contains("# TYPE dpr_act_commit_latency_seconds histogram");
        assertThat(delta(before, after, "dpr_act_commit_latency_seconds_count{code=\"VALID\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "dpr_act_commit_latency_seconds_sum{code=\"VALID\"}")).isPositive()
                .isLessThan(value(after, "dpr_act_commit_latency_seconds_count{code=\"VALID\"}") * 600);
        assertThat(delta(before, after, "dpr_certificates_issued_total{act=\"REGISTER_ASSET\"}")).isEqualTo(1);
        assertThat(delta(before, after, "dpr_verifications_total{verdict=\"PASS\"}")).isEqualTo(1);
        assertThat(delta(before, after, "dpr_verifications_total{verdict=\"FAIL\"}")).isEqualTo(1);
        assertThat(delta(before, after, "dpr_verification_failures_total{check=\"issuer-signature\"}")).isEqualTo(1);
        assertThat(delta(before, after, "dpr_enrolments_total{outcome=\"enrolled\"}")).isEqualTo(1);
        assertThat(delta(before, after, "dpr_enrolments_total{outcome=\"refused\"}")).isEqualTo(1);
        assertThat(value(after, "dpr_ledger_height")).isGreaterThan(registered.blockNumber())
                .isGreaterThanOrEqualTo(value(before, "dpr_ledger_height") + 2);
        assertThat(delta(before, after, "dpr_tlog_leaves")).isGreaterThanOrEqualTo(1);
        // The certificate waited for a checkpoint covering the act, so one was signed after the registration.
        assertThat(delta(before, after, "dpr_tlog_checkpoints_total")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "dpr_tlog_checkpoint_size")).isGreaterThan(value(before, "dpr_tlog_checkpoint_size"));
    }

    private static String scrape() throws Exception {
        HttpResponse<String> metrics = client.get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        return metrics.body();
    }

    private static double delta(String before, String after, String series) {
        return value(after, series) - value(before, series);
    }

    /** The sample of {@code series} (name with its labels, as Prometheus's text format writes them), 0 when absent. */
    static double value(String exposition, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
