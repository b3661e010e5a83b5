package org.dataright.evidence.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.dataright.evidence.fixture.TestNetwork;
import org.junit.jupiter.api.Test;

class TrustBundleFingerprintTest {
    private final TestNetwork net = new TestNetwork();

    @Test
    void isTheSha256OfTheServedFormInGroupsOfFour() throws Exception {
        TrustBundle bundle = net.bundle();
        String served = bundle.toJson();
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(served.getBytes(StandardCharsets.UTF_8)));

        assertThat(TrustBundleFingerprint.hex(bundle)).isEqualTo(expected);
        assertThat(TrustBundleFingerprint.grouped(bundle)).matches("([0-9A-F]{4} ){15}[0-9A-F]{4}")
                .isEqualTo(expected.toUpperCase().replaceAll("(.{4})(?!$)", "$1 "));
    }

    @Test
    void aReindentedCopyHasTheSameFingerprintAndAnyChangeAnother() {
        TrustBundle bundle = net.bundle();
        String oneLine = bundle.toJson().replace("\n", "").replace("  ", "");

        assertThat(TrustBundleFingerprint.hex(TrustBundle.from(oneLine))).isEqualTo(TrustBundleFingerprint.hex(bundle));
        TrustBundle withTsa = bundle.withIssuers(bundle.issuers(), List.of(net.org2Intermediate.certificate()));
        assertThat(TrustBundleFingerprint.hex(withTsa)).isNotEqualTo(TrustBundleFingerprint.hex(bundle));
    }
}
