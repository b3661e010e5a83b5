package org.dataright.evidence.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.dataright.evidence.fixture.Registration;
import org.dataright.evidence.fixture.TestNetwork;
import org.dataright.evidence.fixture.Timestamps;
import org.dataright.evidence.trust.TrustBundle;
import org.junit.jupiter.api.Test;

/** Finding 11 (the verifier's part): each chain check names the trust bundle's roots it ended at, by SHA-256. */
class RootsUsedTest {
    @Test
    void everyChainCheckNamesTheRootsItUsed() throws Exception {
        Registration reg = Registration.create();
        TestNetwork net = reg.network();
        TrustBundle bundle = net.bundle();
        VerificationResult result = Verifier.forBundle(bundle).verify(reg.certificate().withTimestampToken(
                Timestamps.token(net.tsa, reg.certificate().timestampImprint(), Instant.parse("2026-11-23T10:00:07Z"))).toJson());
        assertThat(result.passed()).as(result.toString()).isTrue();

        assertThat(roots(result, CheckName.ISSUER_CHAIN)).containsExactly(sha256(bundle.issuers().get(0)));
        assertThat(roots(result, CheckName.TIMESTAMP_TOKEN)).containsExactly(sha256(bundle.timestampAuthorities().get(0)));
        assertThat(roots(result, CheckName.CREATOR_CHAIN)).containsExactly(sha256(mspRoot(bundle, "Org1MSP")));
        assertThat(roots(result, CheckName.ENDORSEMENTS)).containsExactly(sha256(mspRoot(bundle, "Org1MSP")),
                sha256(mspRoot(bundle, "Org2MSP")));
        assertThat(roots(result, CheckName.ORDERER_SIGNATURE)).containsExactly(sha256(mspRoot(bundle, "OrdererMSP")));
        assertThat(roots(result, CheckName.WRITTEN_STATE)).isEmpty();
        assertThat(result.check(CheckName.ISSUER_CHAIN).orElseThrow().roots().get(0).subject())
                .isEqualTo(bundle.issuers().get(0).getSubjectX500Principal().getName());
        assertThat(result.toJson()).contains("\"roots\" : [ {", "\"sha256\" : \"" + sha256(bundle.issuers().get(0)) + "\"");
    }

    private static List<String> roots(VerificationResult result, CheckName check) {
        return result.check(check).orElseThrow().roots().stream().map(TrustedRoot::sha256).toList();
    }

    private static X509Certificate mspRoot(TrustBundle bundle, String mspId) {
        return bundle.membership().organization(mspId).orElseThrow().rootCerts().get(0);
    }

    private static String sha256(X509Certificate cert) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }
}
