package org.dataright.evidence.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.dataright.evidence.fixture.TestPki;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.Test;

class IssuerKeyTest {

    private static String pkcs8(java.security.PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void anIssuerKeyLoadsFromPemAndSignsVerifiably() {
        for (TestPki.Curve curve : TestPki.Curve.values()) {
            TestPki.KeyAndCert root = TestPki.rootCa("root " + curve, curve);
            TestPki.KeyAndCert issuer = TestPki.leaf(root, "issuer " + curve, null, null);
            SignatureAlgorithm algorithm = curve == TestPki.Curve.P256 ? SignatureAlgorithm.ECDSA_P256_SHA256 : SignatureAlgorithm.SM2_SM3;

            IssuerKey key = IssuerKey.fromPem(algorithm, pkcs8(issuer.keys().getPrivate()), Pem.of(issuer.certificate()), List.of());
            byte[] message = "certificate".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

            assertThat(algorithm.verifyProblem(issuer.certificate().getPublicKey(), message, key.sign(message))).isNull();
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesOrNotOfTheAlgorithmIsRefused() {
        TestPki.KeyAndCert root = TestPki.rootCa("root", TestPki.Curve.P256);
        TestPki.KeyAndCert a = TestPki.leaf(root, "a", null, null);
        TestPki.KeyAndCert b = TestPki.leaf(root, "b", null, null);

        assertThatThrownBy(() -> new IssuerKey(SignatureAlgorithm.ECDSA_P256_SHA256, a.keys().getPrivate(), b.certificate(), List.of()))
                .hasMessageContaining("does not belong to its certificate");
        assertThatThrownBy(() -> new IssuerKey(SignatureAlgorithm.SM2_SM3, a.keys().getPrivate(), a.certificate(), List.of()))
                .hasMessage("issuer certificate: the key is not on the curve of SM2_SM3");
        assertThatThrownBy(() -> Pem.privateKey("not a key")).hasMessageStartingWith("no unencrypted private key");
    }
}
