package org.dataright.evidence.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.trust.TrustBundle;
import org.junit.jupiter.api.Test;

/**
 * Parsing and verification of arbitrary bytes. In every build this runs in regression mode over the
 * seed corpus in {@code CertificateFuzzTestInputs/parseAndVerify/}; {@code JAZZER_FUZZ=1} fuzzes.
 * The properties: parsing refuses bad input only with {@link IllegalArgumentException}; a parsed
 * certificate survives a JSON round trip; the verifier never throws and always reports checks.
 */
class CertificateFuzzTest {
    private static final Verifier VERIFIER = Verifier.forBundle(TrustBundle.from(resource("fuzz-trust-bundle.json")));

    @FuzzTest(maxDuration = "2m")
    void parseAndVerify(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        EvidenceCertificate parsed = null;
        try {
            parsed = EvidenceCertificate.from(json);
        } catch (IllegalArgumentException refused) {
            // The documented way to refuse malformed input; any other exception is a finding.
            parsed = null;
        }
        if (parsed != null && !EvidenceCertificate.from(parsed.toJson()).equals(parsed)) {
            throw new AssertionError("a parsed certificate does not survive a JSON round trip");
        }
        VerificationResult result = VERIFIER.verify(json);
        if (result.checks().isEmpty() || result.toJson().isEmpty()) {
            throw new AssertionError("the verifier reported no checks");
        }
        if (parsed == null && result.passed()) {
            throw new AssertionError("input that does not parse passed verification");
        }
    }

    @Test
    void theSeedCertificatesVerifyAgainstTheStoredBundle() {
        VerificationResult ecdsa = VERIFIER.verify(resource("CertificateFuzzTestInputs/parseAndVerify/valid-ecdsa.json"));
        VerificationResult sm2 = VERIFIER.verify(resource("CertificateFuzzTestInputs/parseAndVerify/valid-sm2-with-timestamp.json"));

        assertThat(ecdsa.passed()).as(ecdsa.toString()).isTrue();
        assertThat(sm2.passed()).as(sm2.toString()).isTrue();
        assertThat(sm2.check(CheckName.TIMESTAMP_TOKEN).orElseThrow().passed()).isTrue();
    }

    private static String resource(String name) {
        try (InputStream in = CertificateFuzzTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read test resource " + name, e);
        }
    }
}
