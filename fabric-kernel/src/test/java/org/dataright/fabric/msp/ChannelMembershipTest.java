package org.dataright.fabric.msp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.junit.jupiter.api.Test;

class ChannelMembershipTest {
    private static final CertificateAuthority ORG1 = CertificateAuthority.create("ca.org1");
    private static final CertificateAuthority ORG2 = CertificateAuthority.create("ca.org2");
    private static final CertificateAuthority ORG2_INTERMEDIATE = ORG2.createIntermediate("ica.org2");
    private static final ChannelMembership MEMBERSHIP = new ChannelMembership(List.of(
            Organization.of("Org1MSP", ORG1.certificate()),
            new Organization("Org2MSP", List.of(ORG2.certificate()), List.of(ORG2_INTERMEDIATE.certificate()))),
            Set.of("Org1MSP"));
    private static final Instant NOW = Instant.now();

    @Test
    void acceptsAnIdentityIssuedByItsOrganisationsCaWithItsRole() throws Exception {
        SigningIdentity peer = ORG1.enroll("Org1MSP", "peer0", MSPRoleType.PEER, Map.of());
        ValidIdentity valid = MEMBERSHIP.validate(peer.serialized(), NOW);
        assertThat(valid.mspId()).isEqualTo("Org1MSP");
        assertThat(valid.role()).isEqualTo(MSPRoleType.PEER);
    }

    @Test
    void acceptsAChainThroughAnIntermediate() throws Exception {
        SigningIdentity client = ORG2_INTERMEDIATE.enroll("Org2MSP", "bob", MSPRoleType.CLIENT, Map.of());
        assertThat(MEMBERSHIP.validate(client.serialized(), NOW).role()).isEqualTo(MSPRoleType.CLIENT);
    }

    @Test
    void refusesACertificateFromAnotherOrganisationsCa() {
        SigningIdentity claimsOrg1 = ORG2.enroll("Org1MSP", "mallory", MSPRoleType.CLIENT, Map.of());
        assertThatThrownBy(() -> MEMBERSHIP.validate(claimsOrg1.serialized(), NOW))
                .isInstanceOf(IdentityException.class).hasMessageContaining("does not chain to a CA root of MSP Org1MSP");
    }

    @Test
    void refusesAnImpostorCaWithTheSameName() {
        CertificateAuthority impostor = CertificateAuthority.create("ca.org1");
        SigningIdentity fake = impostor.enroll("Org1MSP", "peer0", MSPRoleType.PEER, Map.of());
        assertThatThrownBy(() -> MEMBERSHIP.validate(fake.serialized(), NOW))
                .isInstanceOf(IdentityException.class).hasMessageContaining("does not chain");
    }

    @Test
    void namesTheUntrustedRootAChainCarriesAlong() throws Exception {
        CertificateAuthority stranger = CertificateAuthority.create("ca.stranger");
        X509Certificate leaf = stranger.enroll("Org1MSP", "x", MSPRoleType.CLIENT, Map.of()).certificate();
        assertThat(CertificateChains.problem(leaf, List.of(stranger.certificate()), List.of(ORG1.certificate()), NOW))
                .contains("chains to the root '").contains("which is not among them").doesNotContain("longer than");
    }

    @Test
    void refusesAnUnknownMsp() {
        SigningIdentity stranger = ORG1.enroll("Org9MSP", "x", MSPRoleType.CLIENT, Map.of());
        assertThatThrownBy(() -> MEMBERSHIP.validate(stranger.serialized(), NOW))
                .isInstanceOf(IdentityException.class).hasMessageContaining("'Org9MSP', which is not an organisation");
    }

    @Test
    void refusesCertificatesOutsideTheirValidity() throws Exception {
        KeyPair keys = CertificateAuthority.newKeyPair();
        X509Certificate cert = ORG1.issue(keys.getPublic(), "short", MSPRoleType.CLIENT, Map.of(), NOW, Duration.ofHours(1));
        ByteString id = new FabricIdentity("Org1MSP", cert).serialize();
        assertThat(MEMBERSHIP.validate(id, NOW.plus(Duration.ofMinutes(30))).role()).isEqualTo(MSPRoleType.CLIENT);
        assertThatThrownBy(() -> MEMBERSHIP.validate(id, NOW.plus(Duration.ofHours(2))))
                .isInstanceOf(IdentityException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> MEMBERSHIP.validate(id, NOW.minus(Duration.ofHours(1))))
                .isInstanceOf(IdentityException.class).hasMessageContaining("is not yet valid at");
        assertThat(MEMBERSHIP.validate(id, null).mspId()).isEqualTo("Org1MSP");
    }

    @Test
    void refusesACaCertificateAsAnIdentity() {
        ByteString id = new FabricIdentity("Org1MSP", ORG1.certificate()).serialize();
        assertThatThrownBy(() -> MEMBERSHIP.validate(id, NOW))
                .isInstanceOf(IdentityException.class).hasMessageContaining("is a CA certificate");
    }

    @Test
    void refusesGarbage() {
        assertThatThrownBy(() -> MEMBERSHIP.validate(ByteString.copyFrom("not an identity", StandardCharsets.UTF_8), NOW))
                .isInstanceOf(IdentityException.class).hasMessageContaining("cannot be parsed");
    }

    @Test
    void verifiesSignaturesAndRefusesOthers() throws Exception {
        SigningIdentity alice = ORG1.enroll("Org1MSP", "alice", MSPRoleType.CLIENT, Map.of());
        SigningIdentity bob = ORG1.enroll("Org1MSP", "bob", MSPRoleType.CLIENT, Map.of());
        byte[] message = "transfer r-7".getBytes(StandardCharsets.UTF_8);
        assertThat(MEMBERSHIP.verify(alice.serialized(), message, alice.sign(message), NOW).mspId()).isEqualTo("Org1MSP");
        assertThatThrownBy(() -> MEMBERSHIP.verify(alice.serialized(), message, bob.sign(message), NOW))
                .isInstanceOf(IdentityException.class).hasMessageContaining("does not verify");
        byte[] altered = "transfer r-8".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> MEMBERSHIP.verify(alice.serialized(), altered, alice.sign(message), NOW))
                .isInstanceOf(IdentityException.class);
    }

    @Test
    void knowsItsOrdererOrganisations() {
        assertThat(MEMBERSHIP.isOrdererOrg("Org1MSP")).isTrue();
        assertThat(MEMBERSHIP.isOrdererOrg("Org2MSP")).isFalse();
        assertThatThrownBy(() -> new ChannelMembership(List.of(Organization.of("A", ORG1.certificate())), Set.of("B")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orderer organisation B");
    }
}
