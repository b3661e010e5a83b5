package org.dataright.service.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.evidence.verify.VerificationResult;
import org.dataright.evidence.verify.Verifier;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.NetworkDescription;
import org.dataright.service.RegistryClient;
import org.dataright.service.TestServices;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * 500 acts committed in one block of the embedded peer — endorsed first, then submitted together, with
 * the orderer set to cut at 500 or after 60 s — give 500 compact certificates of at most 16 KB that each
 * verify offline and name no other act's transaction. Prints the sizes and the time to issue them.
 */
class CrowdedBlockIT {
    private static final int ACTS = 500;

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
    void fiveHundredActsInOneBlockGetFiveHundredSmallCertificatesThatVerifyOffline() throws Exception {
        context = TestServices.start(data, "--registry.embedded.block-max-transactions=" + ACTS,
                "--registry.embedded.block-timeout=60s");
        RegistryClient client = new RegistryClient(TestServices.baseUrl(context));
        RegistryClient.Participant enterprise = client.enrol(data, "enterprise", "crowded-enterprise");
        JsonNode networkJson = RegistryClient.JSON.readTree(client.get("/api/network").body());
        NetworkDescription network = NetworkDescription.from(networkJson);

        List<String> txIds = new ArrayList<>();
        Set<Long> blocks = new HashSet<>();
        try (LedgerConnection ledger = LedgerConnection.open(network.ledgerEndpoint(), enterprise.identity())) {
            Contract contract = ledger.network().getContract(network.ledgerEndpoint().chaincode());
            List<Transaction> endorsed = new ArrayList<>();
            for (int i = 0; i < ACTS; i++) {
                endorsed.add(contract.newProposal("registerAsset")
                        .addArguments(RegistryClient.assetDescription(("crowded " + i).getBytes(StandardCharsets.UTF_8)))
                        .build().endorse());
            }
            List<SubmittedTransaction> submitted = new ArrayList<>();
            for (Transaction t : endorsed) {
                submitted.add(t.submitAsync());
            }
            for (SubmittedTransaction s : submitted) {
                Status status = s.getStatus();
                assertThat(status.isSuccessful()).as(status.getCode().toString()).isTrue();
                blocks.add(status.getBlockNumber());
                txIds.add(s.getTransactionId());
            }
        }
        assertThat(blocks).as("the blocks holding the acts").hasSize(1);

        TrustBundle bundle = TrustBundle.from(networkJson.get("trustBundle").toString());
        Verifier verifier = Verifier.forBundle(bundle);
        Set<String> all = new HashSet<>(txIds);
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        long start = System.nanoTime();
        List<String> certificates = new ArrayList<>();
        for (String txId : txIds) {
            HttpResponse<String> issued = client.postJson("/api/certificates", "{\"transactionId\":\"" + txId + "\"}");
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            certificates.add(issued.body());
        }
        double issueSeconds = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < ACTS; i++) {
            String json = certificates.get(i);
            int size = json.getBytes(StandardCharsets.UTF_8).length;
            smallest = Math.min(smallest, size);
            largest = Math.max(largest, size);
            assertThat(size).isLessThanOrEqualTo(16 * 1024);
            EvidenceCertificate cert = EvidenceCertificate.from(json);
            assertThat(cert.content().proof().fullBlock()).isFalse();
            assertThat(cert.content().proof().blockNumber()).isEqualTo(blocks.iterator().next());
            VerificationResult result = verifier.verify(json);
            assertThat(result.failures()).as("certificate of %s", txIds.get(i)).isEmpty();
            for (String other : all) {
                if (!other.equals(txIds.get(i))) {
                    assertThat(json).doesNotContain(other);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d acts in block %d: certificates of %,d to %,d bytes; issued in %.1f s "
                + "(%.1f ms each, the first waiting for a checkpoint)%n", ACTS, blocks.iterator().next(), smallest, largest,
                issueSeconds, issueSeconds * 1000 / ACTS);
    }
}
