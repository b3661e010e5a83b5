package org.dataright.evidence.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.dataright.evidence.fixture.Registration;
import org.dataright.evidence.fixture.TestNetwork;
import org.dataright.evidence.verify.CheckName;
import org.dataright.evidence.verify.VerificationResult;
import org.dataright.evidence.verify.Verifier;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

class ActStatusTest {
    static final Instant ENDS = Instant.parse("2026-12-23T10:00:00Z");

    @Test
    void derivesTheStatusFromTheRecordTheActWrote() {
        String act = "{\"id\":\"P-1\",\"kind\":\"REGISTRATION\",\"stage\":\"REVIEW\",\"publicityDays\":30}";
        String asset = "{\"id\":\"A-1\",\"status\":\"PENDING\",\"pendingAct\":\"P-1\"}";
        assertThat(ActStatus.derive(asset, id -> id.equals("P-1") ? act : null))
                .isEqualTo(new ActStatus(ActStatus.State.PENDING_REVIEW, null, "P-1"));
        String inPublicity = "{\"id\":\"P-1\",\"kind\":\"REGISTRATION\",\"stage\":\"PUBLICITY\",\"publicityEnds\":\""
                + ENDS + "\"}";
        assertThat(ActStatus.derive(asset, id -> inPublicity)).isEqualTo(new ActStatus(ActStatus.State.IN_PUBLICITY, ENDS, "P-1"));
        assertThat(ActStatus.derive(inPublicity, id -> null).label()).isEqualTo("IN PUBLICITY until " + ENDS);
        assertThat(ActStatus.derive("{\"id\":\"A-1\",\"status\":\"REJECTED\"}", id -> null).state())
                .isEqualTo(ActStatus.State.REJECTED);
        assertThat(ActStatus.derive("{\"id\":\"A-1\",\"status\":\"EFFECTIVE\"}", id -> null)).isEqualTo(ActStatus.effective());
        assertThat(ActStatus.derive("{\"id\":\"O-1\",\"actId\":\"P-1\",\"status\":\"OPEN\"}", id -> null))
                .isEqualTo(ActStatus.effective());
        assertThatThrownBy(() -> ActStatus.derive(asset, id -> null)).hasMessageContaining("pending act P-1");
        assertThatThrownBy(() -> new ActStatus(ActStatus.State.IN_PUBLICITY, null, "P-1"))
                .hasMessageContaining("publicityEnds");
    }

    @Test
    void aPendingActIsCertifiedAsNotInEffectAndTheStatusIsSignedAndChecked() {
        TestNetwork net = new TestNetwork();
        Registration reg = Registration.create(net, SignatureAlgorithm.ECDSA_P256_SHA256);
        EvidenceCertificate effective = issue(net, reg, ActStatus.effective());
        assertThat(effective.toJson()).contains("\"status\":{\"state\":\"EFFECTIVE\"}");
        assertThat(EvidenceCertificate.from(effective.toJson())).isEqualTo(effective);
        VerificationResult ok = Verifier.forBundle(net.bundle()).verify(effective.toJson(), null);
        assertThat(ok.passed()).as(ok.toString()).isTrue();
        assertThat(ok.check(CheckName.STATED_STATUS).orElseThrow().passed()).isTrue();
        assertThat(ok.verdictLine()).isEqualTo("PASS");
        assertThat(ok.statusLine()).isEqualTo("Status at issue: EFFECTIVE — this act has taken effect");

        // The fixture's record is an effective asset: a certificate stating it pending fails the status check.
        EvidenceCertificate pendingCert = issue(net, reg, new ActStatus(ActStatus.State.PENDING_REVIEW, null, "P-1"));
        assertThat(pendingCert.toJson()).contains("\"status\":{\"actId\":\"P-1\",\"state\":\"PENDING_REVIEW\"}");
        VerificationResult wrong = Verifier.forBundle(net.bundle()).verify(pendingCert.toJson(), null);
        assertThat(wrong.check(CheckName.STATED_STATUS).orElseThrow().reason())
                .contains("states PENDING REVIEW (act P-1), the written record shows EFFECTIVE");
        assertThat(wrong.verdictLine()).isEqualTo("FAIL");

        // How a passing certificate of a pending act reads.
        ActStatus pending = new ActStatus(ActStatus.State.PENDING_REVIEW, null, "P-1");
        VerificationResult result = new VerificationResult(ok.certificateId(), ok.checks(), pending, null);
        assertThat(result.statusLine())
                .isEqualTo("Status at issue: PENDING REVIEW — this act has not taken effect: it awaits the registrar's review");
        assertThat(result.verdictLine()).isEqualTo("PASS (act not in effect: pending review)");
        assertThat(result.toString()).startsWith("Status at issue: PENDING REVIEW");
        assertThat(result.toJson()).startsWith("{\n  \"status\" : {\n    \"stated\" : true,\n    \"state\" : \"PENDING_REVIEW\"");
        VerificationResult later = result.withStatusNow(new VerificationResult.CurrentStatus(
                new ActStatus(ActStatus.State.REJECTED, null, "P-1"), ENDS, "pending act P-1 on the ledger"));
        assertThat(later.statusNowLine()).startsWith("Status now: REJECTED since " + ENDS + " (changed since issue)");
        assertThat(later.verdictLine()).isEqualTo("PASS (act not in effect: rejected)");
        assertThat(later.toJson()).contains("\"statusNow\"", "\"changed\" : true");
        assertThat(new VerificationResult(ok.certificateId(), ok.checks(),
                new ActStatus(ActStatus.State.IN_PUBLICITY, ENDS, "P-1"), null).verdictLine())
                .isEqualTo("PASS (act not in effect: in publicity until " + ENDS + ")");

        String tampered = effective.toJson().replace("\"EFFECTIVE\"}", "\"REJECTED\"}");
        VerificationResult forged = Verifier.forBundle(net.bundle()).verify(tampered, null);
        assertThat(forged.check(CheckName.ISSUER_SIGNATURE).orElseThrow().failed()).isTrue();
    }

    private static EvidenceCertificate issue(TestNetwork net, Registration reg, ActStatus status) {
        ActRecord act = new ActRecord(reg.act().act(), reg.act().assetId(), reg.act().rightId(), reg.act().stateKey(),
                reg.act().digests(), List.of(), status);
        return CertificateIssuer.issue(reg.block1(), 1, TxValidationCode.VALID, act,
                net.issuerKey(SignatureAlgorithm.ECDSA_P256_SHA256), Registration.ISSUED_AT);
    }

    @Test
    void aCertificateWithoutStatusReadsAsNotStated() {
        Registration reg = Registration.create();
        assertThat(reg.certificate().content().status()).isNull();
        assertThat(reg.certificate().toJson()).doesNotContain("\"status\"");
        VerificationResult result = Verifier.forBundle(reg.network().bundle()).verify(reg.certificate().toJson(), null);
        assertThat(result.passed()).isTrue();
        assertThat(result.statusLine()).startsWith("Status at issue: not stated");
        assertThat(result.verdictLine()).isEqualTo("PASS");
        assertThat(result.toJson()).contains("\"state\" : \"NOT_STATED\"");
    }
}
