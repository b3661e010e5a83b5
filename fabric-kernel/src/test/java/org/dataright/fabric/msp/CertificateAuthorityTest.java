package org.dataright.fabric.msp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.util.Map;
import org.dataright.fabric.crypto.Pem;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("ca.court");

    @Test
    void issuesP256CertificatesWithRoleOuAndFabricCaAttributes() throws Exception {
        SigningIdentity judge = CA.enroll("CourtMSP", "judge-li", MSPRoleType.CLIENT, Map.of("role", "court", "dept", "ip"));
        X509Certificate cert = judge.certificate();
        cert.verify(CA.certificate().getPublicKey());
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("OU=client,CN=judge-li");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(CertificateAuthority.attributesOf(cert)).isEqualTo("{\"attrs\":{\"dept\":\"ip\",\"role\":\"court\"}}");
        assertThat(CA.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void leavesTheAttributeExtensionOutWhenThereAreNone() {
        SigningIdentity peer = CA.enroll("CourtMSP", "peer0", MSPRoleType.PEER, Map.of());
        assertThat(CertificateAuthority.attributesOf(peer.certificate())).isNull();
    }

    @Test
    void keysAndCertificatesSurvivePem() {
        CertificateAuthority reloaded = CertificateAuthority.load(
                Pem.privateKey(Pem.of(CA.privateKey())),
                Pem.certificate(Pem.of(CA.certificate())));
        SigningIdentity peer = reloaded.enroll("CourtMSP", "peer1", MSPRoleType.PEER, Map.of());
        assertThat(peer.certificate().getIssuerX500Principal()).isEqualTo(CA.certificate().getSubjectX500Principal());
    }

    @Test
    void memberIsNotANodeRole() {
        assertThatThrownBy(() -> CA.enroll("CourtMSP", "x", MSPRoleType.MEMBER, Map.of()))
                .hasMessageContaining("not a node role");
    }

    @Test
    void refusesANonCaCertificateAsCa() {
        SigningIdentity peer = CA.enroll("CourtMSP", "peer2", MSPRoleType.PEER, Map.of());
        assertThatThrownBy(() -> CertificateAuthority.load(peer.privateKey(), peer.certificate()))
                .hasMessageContaining("is not a CA certificate");
    }
}
