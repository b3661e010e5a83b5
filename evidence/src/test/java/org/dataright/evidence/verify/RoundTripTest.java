package org.dataright.evidence.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.fixture.Registration;
import org.dataright.evidence.fixture.TestNetwork;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoundTripTest {

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void aCertificateBuiltFromBlocksVerifiesAfterAJsonRoundTrip(SignatureAlgorithm algorithm) {
        TestNetwork net = new TestNetwork();
        Registration reg = Registration.create(net, algorithm);

        String json = reg.certificate().toJson();
        EvidenceCertificate parsed = EvidenceCertificate.from(json);
        VerificationResult result = Verifier.forBundle(net.bundle()).verify(json, reg.digests());

        System.out.println(result);
        assertThat(parsed).isEqualTo(reg.certificate());
        assertThat(parsed.toJson()).isEqualTo(json);
        assertThat(result.failures()).isEmpty();
        assertThat(result.verdict()).isEqualTo(VerificationResult.Verdict.PASS);
        assertThat(result.checks()).extracting(Check::name)
                .containsExactly(java.util.Arrays.stream(CheckName.values()).map(CheckName::id)
                        .filter(name -> !name.startsWith("pdf-") && !name.startsWith("log-")).toArray(String[]::new));
        assertThat(result.checks()).filteredOn(c -> c.status() == Check.Status.SKIPPED)
                .extracting(Check::name).containsExactly("stated-status", "timestamp-token", "trusted-time");
        assertThat(result.check(CheckName.TRUSTED_TIME).orElseThrow().reason()).isEqualTo("the certificate carries no "
                + "trusted time (no time-stamp token, no witness cosignature); the act's time 2026-11-23T10:00:00.123456789Z "
                + "is as claimed by the client");
    }
}
