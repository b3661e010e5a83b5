package org.dataright.evidence.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dataright.evidence.fixture.TestNetwork;
import org.dataright.fabric.msp.Organization;
import org.hyperledger.fabric.protos.common.ImplicitMetaPolicy;
import org.junit.jupiter.api.Test;

class TrustBundleTest {
    private final TestNetwork net = new TestNetwork();

    @Test
    void aConfigBlockGivesTheOrganisationsTheirRootsAndThePolicy() {
        TrustBundle bundle = net.bundle();

        assertThat(bundle.channel()).isEqualTo("registry");
        assertThat(bundle.chaincode()).isEqualTo("rights");
        assertThat(bundle.organizations()).extracting(Organization::mspId)
                .containsExactly("OrdererMSP", "Org1MSP", "Org2MSP", "Org3MSP");
        assertThat(bundle.membership().isOrdererOrg("OrdererMSP")).isTrue();
        assertThat(bundle.membership().isOrdererOrg("Org1MSP")).isFalse();
        assertThat(bundle.membership().organization("Org2MSP").orElseThrow().intermediateCerts())
                .containsExactly(net.org2Intermediate.certificate());
        assertThat(bundle.endorsementPolicy().toString()).isEqualTo("AND('Org1MSP.peer', 'Org2MSP.peer')");
    }

    @Test
    void anImplicitMetaPolicyBecomesASignaturePolicyOverTheOrganisationsSubPolicies() {
        TrustBundle majority = TrustBundle.fromConfigBlock(
                net.configBlock(TestNetwork.implicitMeta(ImplicitMetaPolicy.Rule.MAJORITY, "Endorsement")), "rights", null,
                List.of(), List.of());
        TrustBundle any = TrustBundle.fromConfigBlock(
                net.configBlock(TestNetwork.implicitMeta(ImplicitMetaPolicy.Rule.ANY, "Endorsement")), "rights", null,
                List.of(), List.of());

        assertThat(majority.endorsementPolicy().toString())
                .isEqualTo("OutOf(2, OR('Org1MSP.peer'), OR('Org2MSP.peer'), OR('Org3MSP.peer'))");
        assertThat(any.endorsementPolicy().toString())
                .isEqualTo("OR(OR('Org1MSP.peer'), OR('Org2MSP.peer'), OR('Org3MSP.peer'))");
        assertThatThrownBy(() -> TrustBundle.fromConfigBlock(
                net.configBlock(TestNetwork.implicitMeta(ImplicitMetaPolicy.Rule.ANY, "Readers")), "rights", null,
                List.of(), List.of())).hasMessageContaining("refers to policy Readers, which organisation Org1 does not define");
    }

    @Test
    void theFileFormIsStableAndReadsBack() {
        TrustBundle bundle = net.bundle();

        String json = bundle.toJson();
        TrustBundle read = TrustBundle.from(json);

        assertThat(read.toJson()).isEqualTo(json);
        assertThat(read.organizations()).isEqualTo(bundle.organizations());
        assertThat(read.issuers()).isEqualTo(bundle.issuers());
        assertThat(json).startsWith("{\n  \"version\" : 1,\n  \"channel\" : \"registry\",\n  \"chaincode\" : \"rights\",\n"
                + "  \"endorsementPolicy\" : \"AND('Org1MSP.peer', 'Org2MSP.peer')\",\n  \"organizations\" : [ {\n"
                + "    \"mspId\" : \"OrdererMSP\",\n    \"orderer\" : true,\n    \"rootCertificates\" : [ \"-----BEGIN CERTIFICATE-----");
    }

    @Test
    void aHandWrittenBundleIsCheckedWithPreciseMessages() {
        String json = net.bundle().toJson();

        assertThatThrownBy(() -> TrustBundle.from(json.replace("\"version\" : 1", "\"version\" : 2")))
                .hasMessage("trust bundle version 2 is not supported (only 1)");
        assertThatThrownBy(() -> TrustBundle.from(json.replace("'Org2MSP.peer'", "'Org9MSP.peer'")))
                .hasMessage("the endorsement policy names organisations not in the bundle: [Org9MSP]");
        assertThatThrownBy(() -> TrustBundle.from(json.replace("\"orderer\" : true", "\"orderer\" : false")))
                .hasMessage("a trust bundle needs at least one orderer organisation");
        assertThatThrownBy(() -> TrustBundle.from(json.replace("\"channel\"", "\"chanel\"")))
                .hasMessage("unknown field(s) [chanel]");
        assertThatThrownBy(() -> TrustBundle.from(json.replaceFirst("MII", "XII")))
                .hasMessageStartingWith("organizations[0].rootCertificates[0]: not an X.509 certificate");
    }
}
