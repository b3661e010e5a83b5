package org.dataright.evidence.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dataright.evidence.certificate.ActRecord;
import org.dataright.evidence.certificate.CertificateIssuer;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.fixture.FabricBlocks;
import org.dataright.evidence.fixture.Registration;
import org.dataright.evidence.fixture.TestNetwork;
import org.dataright.evidence.fixture.Timestamps;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding 1 of the trust review (the certificate's side): the act's time is the channel header's timestamp, which
 * the client writes. A certificate with a trusted time (here an RFC 3161 token over the issuer's signature) is
 * checked against it: a claim after the trusted time plus the window fails; a token obtained late is reported and
 * passes.
 */
class TrustedTimeTest {
    private static final Instant CLAIMED = Registration.TX_TIME;
    private static Registration reg;
    private static TestNetwork net;
    private static Verifier verifier;

    @BeforeAll
    static void network() {
        reg = Registration.create();
        net = reg.network();
        verifier = Verifier.forBundle(net.bundle());
    }

    private static VerificationResult stampedAt(Instant time) {
        EvidenceCertificate cert = reg.certificate().withTimestampToken(
                Timestamps.token(net.tsa, reg.certificate().timestampImprint(), time));
        return verifier.verify(cert.toJson());
    }

    private static Check trustedTime(VerificationResult result) {
        return result.check(CheckName.TRUSTED_TIME).orElseThrow();
    }

    @Test
    void aPromptTokenPassesAndBothTimesAreStated() {
        VerificationResult result = stampedAt(Instant.parse("2026-11-23T10:00:07Z"));

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(trustedTime(result).reason()).isEqualTo("trusted time 2026-11-23T10:00:07Z (RFC 3161 time-stamp by "
                + "'CN=time-stamp authority,O=dataright,C=CN'); claimed by the client 2026-11-23T10:00:00.123456789Z, within the 60 s "
                + "window");
        assertThat(result.time()).isEqualTo(new VerificationResult.ActTime(CLAIMED, Instant.parse("2026-11-23T10:00:07Z"),
                "RFC 3161 time-stamp by 'CN=time-stamp authority,O=dataright,C=CN'", Duration.ofSeconds(60)));
        assertThat(result.toJson()).contains("\"claimedByClient\" : \"2026-11-23T10:00:00.123456789Z\"",
                "\"trusted\" : \"2026-11-23T10:00:07Z\"", "\"windowSeconds\" : 60");
    }

    @Test
    void aClaimFarAfterTheTrustedTimeFailsAsForwardDated() {
        // The authority stamped the certificate at 09:00; the client's header claims 10:00:00.12.
        VerificationResult result = stampedAt(Instant.parse("2026-11-23T09:00:00Z"));

        assertThat(result.failures()).extracting(Check::name).containsExactly(CheckName.TRUSTED_TIME.id());
        assertThat(trustedTime(result).reason()).isEqualTo("the client claims 2026-11-23T10:00:00.123456789Z, 3600 s after "
                + "the trusted time 2026-11-23T09:00:00Z (RFC 3161 time-stamp by 'CN=time-stamp authority,O=dataright,C=CN') by "
                + "which the act was recorded: the claimed time is forward-dated beyond the 60 s window");
    }

    @Test
    void aClaimWithinTheWindowAfterTheTrustedTimePasses() {
        assertThat(stampedAt(CLAIMED.minusSeconds(59)).passed()).isTrue();
        assertThat(stampedAt(CLAIMED.minusSeconds(61)).passed()).isFalse();
        assertThat(Verifier.forBundle(net.bundle()).withTimeWindow(Duration.ofSeconds(120)).verify(reg.certificate()
                .withTimestampToken(Timestamps.token(net.tsa, reg.certificate().timestampImprint(), CLAIMED.minusSeconds(61)))
                .toJson()).passed()).isTrue();
    }

    @Test
    void aLateTokenIsReportedWithoutFailing() {
        // The authority was down for two hours; the token came then. An honest act must not fail for it.
        VerificationResult result = stampedAt(Instant.parse("2026-11-23T12:00:00Z"));

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(trustedTime(result).reason()).endsWith("claimed by the client 2026-11-23T10:00:00.123456789Z, 7199 s "
                + "earlier: the trusted time was obtained late (or the act is backdated); it proves only that the act was "
                + "recorded by 2026-11-23T12:00:00Z");
    }

    @Test
    void theIssuerRefusesToCertifyAForwardDatedAct() {
        // The client's header claims 31 days ahead (a publicity period skipped); the issuer's clock says now.
        Instant claimed = Registration.ISSUED_AT.plus(Duration.ofDays(31));
        FabricBlocks.Tx tx = FabricBlocks.endorserTransaction(TestNetwork.CHANNEL, TestNetwork.CHAINCODE, net.client,
                List.of(net.peer1, net.peer2), List.of("registerAsset", "{}"), new FabricBlocks.Simulation(
                        Map.of(TestNetwork.assetKey("A-future"), "{\"id\":\"A-future\"}"), "REGISTER_ASSET",
                        "{\"assetId\":\"A-future\"}"), claimed);
        Block block = FabricBlocks.block(3, FabricBlocks.hashOf(reg.block2()), List.of(tx.envelope()), new byte[] {0},
                net.orderer);

        assertThatThrownBy(() -> CertificateIssuer.issue(block, 0, TxValidationCode.VALID, new ActRecord("REGISTER_ASSET",
                "A-future", null, TestNetwork.assetKey("A-future"), null, List.of()),
                net.issuerKey(SignatureAlgorithm.ECDSA_P256_SHA256), Registration.ISSUED_AT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transaction " + tx.txId() + " claims the time 2026-12-24T10:00:05Z, 2678400 s after the "
                        + "issuer's clock (2026-11-23T10:00:05Z): its time is forward-dated beyond the 60 s window, and a "
                        + "certificate would state a time no one can vouch for");
    }

    @Test
    void anInvalidTokenGivesNoTrustedTime() {
        EvidenceCertificate cert = reg.certificate().withTimestampToken(
                Timestamps.token(net.tsa, new byte[32], Instant.parse("2026-11-23T09:00:00Z")));
        VerificationResult result = verifier.verify(cert.toJson());

        assertThat(trustedTime(result).status()).isEqualTo(Check.Status.SKIPPED);
        assertThat(trustedTime(result).reason()).startsWith("no trusted time verified (see timestamp-token and log-checkpoint)");
        assertThat(result.time().trusted()).isNull();
    }
}
