package org.dataright.evidence.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.fixture.CrowdedBlock;
import org.dataright.evidence.fixture.FabricBlocks;
import org.junit.jupiter.api.Test;

/**
 * 500 acts committed in one block: each gets a compact certificate of at most 16 KB that verifies offline
 * and holds no other act's transaction id or envelope, where a version 1 certificate carries all 500.
 */
class CrowdedBlockTest {
    private static final int ACTS = 500;
    private static final int MAX_BYTES = 16 * 1024;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    @Test
    void fiveHundredActsInOneBlockGetFiveHundredSmallPrivateCertificates() {
        CrowdedBlock crowded = CrowdedBlock.of(ACTS);
        assertThat(crowded.block().getData().getDataCount()).isEqualTo(ACTS);
        Set<String> txIds = new HashSet<>();
        crowded.txs().forEach(tx -> txIds.add(tx.txId()));
        Verifier verifier = Verifier.forBundle(crowded.bundle());

        for (int i = 0; i < ACTS; i++) {
            EvidenceCertificate cert = crowded.certificate(i, false);
            String json = cert.toJson();
            assertThat(json.getBytes(StandardCharsets.UTF_8).length).as("certificate %d", i).isLessThanOrEqualTo(MAX_BYTES);
            VerificationResult result = verifier.verify(json);
            assertThat(result.failures()).as("certificate %d", i).isEmpty();

            FabricBlocks.Tx own = crowded.txs().get(i);
            Matcher m = HEX64.matcher(json);
            while (m.find()) {
                String token = m.group();
                assertThat(!txIds.contains(token) || token.equals(own.txId())).as("certificate %d names %s", i, token).isTrue();
            }
            assertThat(cert.content().proof().blockEnvelopes()).isEmpty();
            assertThat(cert.content().proof().envelope()).isEqualTo(own.envelope());
        }
        // The version 1 certificate of the same act carries every envelope of the block.
        assertThat(crowded.certificateV1(0).toJson().length()).isGreaterThan(ACTS * 1000);
    }
}
