package org.dataright.fabric.msp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.dataright.fabric.policy.EndorsementPolicy;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.junit.jupiter.api.Test;

/** Node OUs as Fabric reads them, including Fabric CA's multi-valued OU RDN. */
class NodeOusTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("ca.registry");
    private static final ChannelMembership MEMBERSHIP =
            new ChannelMembership(List.of(Organization.of("RegistryOrgMSP", CA.certificate())), Set.of("RegistryOrgMSP"));

    /** A subject as Fabric CA 1.5 writes it for a peer of affiliation registry.nodes: one RDN with three OUs. */
    private static X509Certificate fabricCaStyle(String... ous) {
        ASN1ObjectIdentifier[] types = new ASN1ObjectIdentifier[ous.length];
        java.util.Arrays.fill(types, BCStyle.OU);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "CN")
                .addMultiValuedRDN(types, ous)
                .addRDN(BCStyle.CN, "peer0")
                .build();
        return CA.issue(CertificateAuthority.newKeyPair().getPublic(), subject, Map.of());
    }

    @Test
    void readsEveryValueOfAMultiValuedRdn() {
        X509Certificate cert = fabricCaStyle("peer", "nodes", "registry");

        assertThat(NodeOus.organizationalUnits(cert)).containsExactlyInAnyOrder("peer", "nodes", "registry");
    }

    @Test
    void aFabricCaPeerIsAPeerAndSatisfiesAPeerPrincipal() throws IdentityException {
        // The node OU is not the first value of the RDN: reading only the first one misses it.
        X509Certificate cert = fabricCaStyle("nodes", "registry", "peer");
        ValidIdentity peer = MEMBERSHIP.validate(new FabricIdentity("RegistryOrgMSP", cert).serialize(), Instant.now());

        assertThat(peer.role()).isEqualTo(MSPRoleType.PEER);
        assertThat(EndorsementPolicy.parse("OR('RegistryOrgMSP.peer')").isSatisfiedBy(List.of(peer))).isTrue();
        assertThat(EndorsementPolicy.parse("OR('RegistryOrgMSP.client')").isSatisfiedBy(List.of(peer))).isFalse();
    }

    @Test
    void refusesTwoNodeOusEvenWhenTheyAreTheSame() {
        // Fabric CA with an orderer affiliation named "orderer" wrote OU=orderer twice; Fabric refuses such a certificate.
        X509Certificate twice = fabricCaStyle("orderer", "orderer");

        assertThatThrownBy(() -> NodeOus.role(Organization.of("OrdererOrgMSP", CA.certificate()), List.of(twice, CA.certificate())))
                .isInstanceOf(IdentityException.class).hasMessageContaining("more than one node OU");
    }

    @Test
    void refusesACertificateWithoutANodeOu() {
        X509Certificate none = fabricCaStyle("nodes", "registry");

        assertThatThrownBy(() -> NodeOus.role(Organization.of("RegistryOrgMSP", CA.certificate()), List.of(none, CA.certificate())))
                .isInstanceOf(IdentityException.class).hasMessageContaining("carries no node OU");
    }

    @Test
    void comparesOusExactlyAsFabricDoes() {
        assertThat(NodeOuRules.DEFAULT.roleOf("peer")).contains(MSPRoleType.PEER);
        assertThat(NodeOuRules.DEFAULT.roleOf("Peer")).isEmpty();
    }
}
