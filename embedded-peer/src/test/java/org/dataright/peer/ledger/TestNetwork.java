package org.dataright.peer.ledger;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dataright.fabric.config.ChannelConfig;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.Organization;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.fabric.policy.EndorsementPolicy;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;

/**
 * A three-organisation channel for tests, made with real CAs: RegistryMSP orders blocks and, with
 * BankMSP or CourtMSP, endorses ({@code AND('RegistryMSP.peer', OR('BankMSP.peer', 'CourtMSP.peer'))},
 * the registry's production policy). Public so that tests of other packages can use it.
 */
public final class TestNetwork {
    public static final String CHANNEL = "registry";
    public static final String CHAINCODE = "rights";
    public static final String POLICY = "AND('RegistryMSP.peer', OR('BankMSP.peer', 'CourtMSP.peer'))";

    public final CertificateAuthority registryCa = CertificateAuthority.create("ca.registry");
    public final CertificateAuthority bankCa = CertificateAuthority.create("ca.bank");
    public final CertificateAuthority courtCa = CertificateAuthority.create("ca.court");
    public final SigningIdentity orderer = registryCa.enroll("RegistryMSP", "orderer0", MSPRoleType.ORDERER, Map.of());
    public final SigningIdentity registryPeer = registryCa.enroll("RegistryMSP", "peer0.registry", MSPRoleType.PEER, Map.of());
    public final SigningIdentity bankPeer = bankCa.enroll("BankMSP", "peer0.bank", MSPRoleType.PEER, Map.of());
    public final SigningIdentity courtPeer = courtCa.enroll("CourtMSP", "peer0.court", MSPRoleType.PEER, Map.of());
    public final SigningIdentity client = bankCa.enroll("BankMSP", "alice", MSPRoleType.CLIENT, Map.of("role", "bank"));
    public final ChannelConfig config;

    public TestNetwork() {
        this(POLICY);
    }

    public TestNetwork(String policy) {
        ChannelMembership membership = new ChannelMembership(List.of(
                Organization.of("RegistryMSP", registryCa.certificate()),
                Organization.of("BankMSP", bankCa.certificate()),
                Organization.of("CourtMSP", courtCa.certificate())), Set.of("RegistryMSP"));
        config = new ChannelConfig(CHANNEL, membership, EndorsementPolicy.parse(policy), List.of("127.0.0.1:7050"));
    }

    public LedgerOptions options(Path dir) {
        return LedgerOptions.of(dir, orderer).withGenesis(config);
    }

    /** A transaction builder with this network's client as creator and a policy-satisfying pair of endorsers. */
    public TxBuilder tx() {
        return new TxBuilder(CHANNEL, CHAINCODE, client).endorsedBy(registryPeer, bankPeer);
    }
}
