package org.dataright.fabric.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.fabric.msp.Organization;
import org.dataright.fabric.msp.ValidIdentity;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.junit.jupiter.api.Test;

class EndorsementPolicyTest {
    private static final CertificateAuthority REGISTRY = CertificateAuthority.create("ca.registry");
    private static final CertificateAuthority BANK = CertificateAuthority.create("ca.bank");
    private static final CertificateAuthority COURT = CertificateAuthority.create("ca.court");
    private static final ChannelMembership MEMBERSHIP = new ChannelMembership(List.of(
            Organization.of("RegistryMSP", REGISTRY.certificate()),
            Organization.of("BankMSP", BANK.certificate()),
            Organization.of("CourtMSP", COURT.certificate())), Set.of("RegistryMSP"));

    private static final ValidIdentity REGISTRY_PEER = valid(REGISTRY, "RegistryMSP", "peer0", MSPRoleType.PEER);
    private static final ValidIdentity REGISTRY_PEER_2 = valid(REGISTRY, "RegistryMSP", "peer1", MSPRoleType.PEER);
    private static final ValidIdentity REGISTRY_CLIENT = valid(REGISTRY, "RegistryMSP", "app", MSPRoleType.CLIENT);
    private static final ValidIdentity BANK_PEER = valid(BANK, "BankMSP", "peer0", MSPRoleType.PEER);
    private static final ValidIdentity COURT_PEER = valid(COURT, "CourtMSP", "peer0", MSPRoleType.PEER);

    private static ValidIdentity valid(CertificateAuthority ca, String msp, String name, MSPRoleType role) {
        try {
            return MEMBERSHIP.validate(ca.enroll(msp, name, role, Map.of()).serialized(), null);
        } catch (IdentityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void registryAndOneOtherOrganisation() {
        EndorsementPolicy policy = EndorsementPolicy.parse("AND('RegistryMSP.peer', OR('BankMSP.peer', 'CourtMSP.peer'))");
        assertThat(policy.isSatisfiedBy(List.of(REGISTRY_PEER, BANK_PEER))).isTrue();
        assertThat(policy.isSatisfiedBy(List.of(COURT_PEER, REGISTRY_PEER))).isTrue();
        assertThat(policy.isSatisfiedBy(List.of(REGISTRY_PEER))).isFalse();
        assertThat(policy.isSatisfiedBy(List.of(BANK_PEER, COURT_PEER))).isFalse();
        assertThat(policy.isSatisfiedBy(List.of(REGISTRY_CLIENT, BANK_PEER))).isFalse();
        assertThat(policy.mspIds()).containsExactly("RegistryMSP", "BankMSP", "CourtMSP");
    }

    @Test
    void memberMatchesAnyRoleOfTheOrganisation() {
        EndorsementPolicy policy = EndorsementPolicy.parse("OR('RegistryMSP.member')");
        assertThat(policy.isSatisfiedBy(List.of(REGISTRY_CLIENT))).isTrue();
        assertThat(policy.isSatisfiedBy(List.of(BANK_PEER))).isFalse();
    }

    @Test
    void eachSignerSatisfiesOnePrincipalOnly() {
        EndorsementPolicy twoRegistryPeers = EndorsementPolicy.parse("AND('RegistryMSP.peer', 'RegistryMSP.peer')");
        assertThat(twoRegistryPeers.isSatisfiedBy(List.of(REGISTRY_PEER))).isFalse();
        assertThat(twoRegistryPeers.isSatisfiedBy(List.of(REGISTRY_PEER, REGISTRY_PEER))).isFalse();
        assertThat(twoRegistryPeers.isSatisfiedBy(List.of(REGISTRY_PEER, REGISTRY_PEER_2))).isTrue();
    }

    @Test
    void outOfCountsSatisfiedSubPolicies() {
        EndorsementPolicy policy = EndorsementPolicy.parse("OutOf(2, 'RegistryMSP.peer', 'BankMSP.peer', 'CourtMSP.peer')");
        assertThat(policy.isSatisfiedBy(List.of(BANK_PEER, COURT_PEER))).isTrue();
        assertThat(policy.isSatisfiedBy(List.of(COURT_PEER))).isFalse();
        assertThat(policy.toString()).isEqualTo("OutOf(2, 'RegistryMSP.peer', 'BankMSP.peer', 'CourtMSP.peer')");
    }

    @Test
    void survivesItsProtobufForm() {
        EndorsementPolicy policy = EndorsementPolicy.parse("AND(\"RegistryMSP.peer\", OR('BankMSP.peer','CourtMSP.admin'))");
        EndorsementPolicy back = EndorsementPolicy.fromEnvelope(policy.toEnvelope());
        assertThat(back).isEqualTo(policy);
        assertThat(back.toString()).isEqualTo("AND('RegistryMSP.peer', OR('BankMSP.peer', 'CourtMSP.admin'))");
    }

    @Test
    void namesWhatIsWrongWithAPolicy() {
        assertThatThrownBy(() -> EndorsementPolicy.parse("AND('RegistryMSP.boss')"))
                .hasMessageContaining("'RegistryMSP.boss' is not of the form 'MSPID.role'");
        assertThatThrownBy(() -> EndorsementPolicy.parse("XOR('A.peer')")).hasMessageContaining("unknown operator 'XOR'");
        assertThatThrownBy(() -> EndorsementPolicy.parse("OutOf(3, 'A.peer', 'B.peer')")).hasMessageContaining("OutOf(3");
        assertThatThrownBy(() -> EndorsementPolicy.parse("OR('A.peer'")).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> EndorsementPolicy.parse("OR('A.peer') x")).hasMessageContaining("unexpected text");
        assertThatThrownBy(() -> EndorsementPolicy.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void readsFabricsNotationsAndWritesOneForm() {
        EndorsementPolicy p = EndorsementPolicy.parse("OutOf(2, 'Org1MSP.peer', \"Org2MSP.member\", or('Org3MSP.admin', 'Org3MSP.client'))");

        assertThat(p.toString()).isEqualTo("OutOf(2, 'Org1MSP.peer', 'Org2MSP.member', OR('Org3MSP.admin', 'Org3MSP.client'))");
        assertThat(EndorsementPolicy.parse(p.toString())).isEqualTo(p);
        assertThat(p.mspIds()).containsExactly("Org1MSP", "Org2MSP", "Org3MSP");
    }

    @Test
    void refusesPoliciesNestedBeyondALimit() {
        String deep = "AND(".repeat(17) + "'A.peer'" + ")".repeat(17);
        assertThatThrownBy(() -> EndorsementPolicy.parse(deep)).hasMessageContaining("nests deeper than 16");
        String fine = "AND(".repeat(16) + "'A.peer'" + ")".repeat(16);
        assertThat(EndorsementPolicy.parse(fine).mspIds()).containsExactly("A");
    }

    @Test
    void outOfCombinesPoliciesAsImplicitMetaExpandsThem() {
        EndorsementPolicy majority = EndorsementPolicy.outOf(2, List.of(
                EndorsementPolicy.parse("OR('RegistryMSP.peer')"),
                EndorsementPolicy.parse("OR('BankMSP.peer')"),
                EndorsementPolicy.parse("OR('CourtMSP.peer')")));

        assertThat(majority.toString()).isEqualTo("OutOf(2, OR('RegistryMSP.peer'), OR('BankMSP.peer'), OR('CourtMSP.peer'))");
        assertThat(majority.isSatisfiedBy(List.of(REGISTRY_PEER, COURT_PEER))).isTrue();
        assertThat(majority.isSatisfiedBy(List.of(REGISTRY_PEER, REGISTRY_PEER_2))).isFalse();
        assertThat(EndorsementPolicy.fromEnvelope(majority.toEnvelope())).isEqualTo(majority);
    }
}
