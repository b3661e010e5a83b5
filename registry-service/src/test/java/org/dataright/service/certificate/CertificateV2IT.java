package org.dataright.service.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dataright.evidence.certificate.CertificateContent;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.evidence.verify.Check;
import org.dataright.evidence.verify.VerificationResult;
import org.dataright.evidence.verify.Verifier;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.NetworkDescription;
import org.dataright.service.RegistryClient;
import org.dataright.service.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole service in embedded mode issues version 2 certificates: compact (the act's own envelope and its
 * transparency-log proof), verifying offline against the network's trust bundle, whose tlog policy names
 * the log; {@code proof=full-block} embeds the block as well. Prints how long issuing took (it waits for a
 * checkpoint that covers the act).
 */
class CertificateV2IT {
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
    void anActGetsACompactCertificateThatVerifiesOfflineAndAFullBlockOneOnRequest() throws Exception {
        context = TestServices.start(data);
        RegistryClient client = new RegistryClient(TestServices.baseUrl(context));
        RegistryClient.Participant enterprise = client.enrol(data, "enterprise", "v2-enterprise");
        List<Long> millis = new ArrayList<>();
        EvidenceCertificate cert = null;
        for (int i = 0; i < 3; i++) {
            Committed act = client.registerAsset(enterprise,
                    RegistryClient.assetDescription(("v2 data set " + i).getBytes(StandardCharsets.UTF_8)));
            long start = System.nanoTime();
            HttpResponse<String> issued = client.postJson("/api/certificates",
                    "{\"transactionId\":\"" + act.transactionId() + "\"}");
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            cert = EvidenceCertificate.from(issued.body());
            assertThat(cert.content().proof().transactionId()).isEqualTo(act.transactionId());
        }
        System.out.printf(Locale.ROOT, "issue latency of a fresh act's certificate (commit to certificate, incl. the "
                + "wait for a covering checkpoint), ms: %s%n", millis);

        assertThat(cert.content().version()).isEqualTo(CertificateContent.VERSION_2);
        assertThat(cert.content().proof().fullBlock()).isFalse();
        assertThat(cert.toJson().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(16 * 1024);

        JsonNode network = RegistryClient.JSON.readTree(client.get("/api/network").body());
        TrustBundle bundle = TrustBundle.from(network.get("trustBundle").toString());
        assertThat(bundle.tlogPolicy()).isNotNull();
        assertThat(bundle.tlogPolicy().logs()).singleElement()
                .satisfies(l -> assertThat(l.url()).endsWith("/tlog/"));
        VerificationResult offline = Verifier.forBundle(bundle).verify(cert.toJson());
        assertThat(offline.failures()).isEmpty();
        assertThat(offline.checks()).extracting(Check::name).contains("log-checkpoint", "log-leaf", "log-inclusion");

        HttpResponse<String> online = client.verify(cert.toJson().getBytes(StandardCharsets.UTF_8), "c.json", null);
        JsonNode result = RegistryClient.JSON.readTree(online.body());
        assertThat(result.path("verdict").asText()).as(online.body()).isEqualTo("PASS");

        HttpResponse<String> full = client.get("/api/certificates/" + cert.id() + "?proof=full-block");
        assertThat(full.statusCode()).as(full.body()).isEqualTo(200);
        EvidenceCertificate fullCert = EvidenceCertificate.from(full.body());
        assertThat(fullCert.content().proof().fullBlock()).isTrue();
        assertThat(Verifier.forBundle(bundle).verify(full.body()).failures()).isEmpty();
        // Asked again, the same compact certificate; the full-block one is kept beside it.
        assertThat(client.get("/api/certificates/" + cert.id()).body()).isEqualTo(cert.toJson());
        assertThat(client.get("/api/certificates/" + cert.id() + "?proof=full-block").body()).isEqualTo(full.body());
        assertThat(client.get("/api/certificates?transactionId=" + cert.content().proof().transactionId() + "&proof=full-block")
                .body()).isEqualTo(full.body());

        HttpResponse<String> unknown = client.get("/api/certificates/" + cert.id() + "?proof=half-block");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("PROOF_UNKNOWN");
    }

    /** Each data asset of a batch registration has its own certificate, which passes every check; the batch has none. */
    @Test
    void eachAssetOfABatchGetsItsOwnCertificate() throws Exception {
        context = TestServices.start(data);
        RegistryClient client = new RegistryClient(TestServices.baseUrl(context));
        RegistryClient.Participant enterprise = client.enrol(data, "enterprise", "batch-enterprise");
        List<String> descriptions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            descriptions.add(RegistryClient.assetDescription(("batch data set " + i).getBytes(StandardCharsets.UTF_8)));
        }
        NetworkDescription network = NetworkDescription.from(RegistryClient.JSON.readTree(client.get("/api/network").body()));
        Committed batch;
        try (LedgerConnection ledger = LedgerConnection.open(network.ledgerEndpoint(), enterprise.identity())) {
            batch = ledger.rights().registerAssets("[" + String.join(",", descriptions) + "]");
        }
        String tx = batch.transactionId();
        String second = batch.result().get(1).get("id").asText();
        assertThat(second).isEqualTo("A-" + tx.substring(0, 16) + "-1");

        HttpResponse<String> unnamed = client.postJson("/api/certificates", "{\"transactionId\":\"" + tx + "\"}");
        assertThat(unnamed.statusCode()).as(unnamed.body()).isEqualTo(409);
        assertThat(unnamed.body()).contains("TRANSACTION_NOT_CERTIFIABLE", "registers 3 data assets in one batch");
        HttpResponse<String> notInBatch = client.postJson("/api/certificates", "{\"transactionId\":\"" + tx
                + "\",\"assetId\":\"A-0000000000000000\"}");
        assertThat(notInBatch.statusCode()).as(notInBatch.body()).isEqualTo(409);
        assertThat(notInBatch.body()).contains("does not register asset A-0000000000000000");

        HttpResponse<String> issued = client.postJson("/api/certificates", "{\"transactionId\":\"" + tx
                + "\",\"assetId\":\"" + second + "\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        EvidenceCertificate cert = EvidenceCertificate.from(issued.body());
        assertThat(cert.content().assetId()).isEqualTo(second);
        assertThat(cert.content().act()).isEqualTo("REGISTER_ASSETS");
        assertThat(cert.id()).isEqualTo(CertificateContent.deriveId(tx, second, cert.content().issuer().certificate()));
        JsonNode record = RegistryClient.JSON.readTree(cert.content().record().value());
        assertThat(record.get("id").asText()).isEqualTo(second);
        assertThat(record.get("sha256").asText()).isEqualTo(RegistryClient.JSON.readTree(descriptions.get(1)).get("sha256")
                .asText());

        TrustBundle bundle = TrustBundle.from(RegistryClient.JSON.readTree(client.get("/api/network").body())
                .get("trustBundle").toString());
        assertThat(Verifier.forBundle(bundle).verify(cert.toJson()).failures()).isEmpty();
        HttpResponse<String> again = client.postJson("/api/certificates", "{\"transactionId\":\"" + tx
                + "\",\"assetId\":\"" + second + "\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(issued.body());
        HttpResponse<String> full = client.get("/api/certificates/" + cert.id() + "?proof=full-block");
        assertThat(full.statusCode()).as(full.body()).isEqualTo(200);
        assertThat(Verifier.forBundle(bundle).verify(full.body()).failures()).isEmpty();
        HttpResponse<String> third = client.postJson("/api/certificates", "{\"transactionId\":\"" + tx
                + "\",\"assetId\":\"" + batch.result().get(2).get("id").asText() + "\"}");
        assertThat(third.statusCode()).as(third.body()).isEqualTo(201);
        assertThat(EvidenceCertificate.from(third.body()).id()).isNotEqualTo(cert.id());
    }
}
