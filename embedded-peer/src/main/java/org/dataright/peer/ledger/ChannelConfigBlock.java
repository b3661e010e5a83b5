package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.dataright.fabric.block.TxIds;
import org.dataright.fabric.config.ChannelConfig;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.NodeOus;
import org.dataright.fabric.msp.Organization;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.fabric.policy.EndorsementPolicy;
import org.hyperledger.fabric.protos.common.BlockDataHashingStructure;
import org.hyperledger.fabric.protos.common.Capabilities;
import org.hyperledger.fabric.protos.common.Capability;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigPolicy;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HashingAlgorithm;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.ImplicitMetaPolicy;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.hyperledger.fabric.protos.common.OrdererAddresses;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.Policy;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.protos.msp.FabricCryptoConfig;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.FabricNodeOUs;
import org.hyperledger.fabric.protos.msp.FabricOUIdentifier;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.orderer.BatchSize;
import org.hyperledger.fabric.protos.orderer.BatchTimeout;
import org.hyperledger.fabric.protos.orderer.ConsensusType;

/**
 * Block 0 of a channel: a Fabric config block, as {@code configtxgen} lays one out, so that Fabric
 * tools and the evidence verifier's trust-bundle builder can read it.
 *
 * <p>The block holds one {@code Envelope} of type {@code CONFIG}, signed by the orderer, whose data is
 * a {@code ConfigEnvelope}. Its {@code Config} has the {@code Channel} group with the values
 * {@code HashingAlgorithm}, {@code BlockDataHashingStructure}, {@code OrdererAddresses},
 * {@code Capabilities}; an {@code Application} group with one group per organisation (key = MSP id)
 * whose {@code MSP} value is an {@code MSPConfig{type 0 (FABRIC), FabricMSPConfig}} with NodeOUs
 * enabled, and the policy {@code Endorsement} = the channel's endorsement policy (a SIGNATURE policy);
 * and an {@code Orderer} group with the orderer organisations and the batch values.
 */
public final class ChannelConfigBlock {
    static final String CHANNEL = "Channel";
    static final String APPLICATION = "Application";
    static final String ORDERER = "Orderer";
    static final String MSP = "MSP";
    static final String ENDORSEMENT = "Endorsement";
    private static final String ADMINS = "Admins";
    private static final int MSP_TYPE_FABRIC = 0;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ChannelConfigBlock() {
    }

    /** The config envelope of block 0, signed by {@code orderer}. */
    static Envelope genesisEnvelope(ChannelConfig config, SigningIdentity orderer, Instant time) {
        byte[] nonce = new byte[24];
        RANDOM.nextBytes(nonce);
        ByteString creator = orderer.serialized();
        ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.CONFIG_VALUE)
                .setChannelId(config.channelId())
                .setTimestamp(Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()))
                .setTxId(TxIds.compute(ByteString.copyFrom(nonce), creator))
                .setEpoch(0)
                .build();
        SignatureHeader signatureHeader = SignatureHeader.newBuilder()
                .setCreator(creator)
                .setNonce(ByteString.copyFrom(nonce))
                .build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(channelHeader.toByteString())
                        .setSignatureHeader(signatureHeader.toByteString()))
                .setData(ConfigEnvelope.newBuilder().setConfig(config(config)).build().toByteString())
                .build();
        byte[] payloadBytes = payload.toByteArray();
        return Envelope.newBuilder()
                .setPayload(ByteString.copyFrom(payloadBytes))
                .setSignature(ByteString.copyFrom(orderer.sign(payloadBytes)))
                .build();
    }

    private static Config config(ChannelConfig config) {
        ChannelMembership membership = config.membership();
        ConfigGroup.Builder application = ConfigGroup.newBuilder().setModPolicy(ADMINS);
        ConfigGroup.Builder orderer = ConfigGroup.newBuilder().setModPolicy(ADMINS);
        for (Organization org : membership.organizations()) {
            ConfigGroup group = orgGroup(org);
            // Every organisation is a channel member; an orderer organisation also sits in the Orderer group.
            application.putGroups(org.mspId(), group);
            if (membership.isOrdererOrg(org.mspId())) {
                orderer.putGroups(org.mspId(), group);
            }
        }
        putImplicitPolicies(application);
        application.putPolicies(ENDORSEMENT, signaturePolicy(config.endorsementPolicy().toEnvelope()));
        application.putPolicies("LifecycleEndorsement", signaturePolicy(config.endorsementPolicy().toEnvelope()));
        application.putValues("Capabilities", value(capabilities("V2_5")));

        putImplicitPolicies(orderer);
        orderer.putPolicies("BlockValidation", implicitMeta(ImplicitMetaPolicy.Rule.ANY, "Writers"));
        // A single orderer that cuts blocks itself; the embedded network has no consenters to list.
        orderer.putValues("ConsensusType", value(ConsensusType.newBuilder().setType("solo").build().toByteString()));
        orderer.putValues("BatchSize", value(BatchSize.newBuilder()
                .setMaxMessageCount(500).setAbsoluteMaxBytes(10 * 1024 * 1024).setPreferredMaxBytes(2 * 1024 * 1024)
                .build().toByteString()));
        orderer.putValues("BatchTimeout", value(BatchTimeout.newBuilder().setTimeout("2s").build().toByteString()));
        orderer.putValues("Capabilities", value(capabilities("V2_0")));

        ConfigGroup.Builder channel = ConfigGroup.newBuilder()
                .setModPolicy(ADMINS)
                .putGroups(APPLICATION, application.build())
                .putGroups(ORDERER, orderer.build())
                .putValues("HashingAlgorithm", value(HashingAlgorithm.newBuilder().setName("SHA256").build().toByteString()))
                .putValues("BlockDataHashingStructure", value(BlockDataHashingStructure.newBuilder()
                        .setWidth(0xFFFFFFFF).build().toByteString()))
                .putValues("OrdererAddresses", value(OrdererAddresses.newBuilder()
                        .addAllAddresses(config.ordererAddresses()).build().toByteString()))
                .putValues("Capabilities", value(capabilities("V2_0")));
        putImplicitPolicies(channel);
        return Config.newBuilder().setSequence(0).setChannelGroup(channel.build()).build();
    }

    private static ConfigGroup orgGroup(Organization org) {
        FabricMSPConfig.Builder msp = FabricMSPConfig.newBuilder()
                .setName(org.mspId())
                .setCryptoConfig(FabricCryptoConfig.newBuilder()
                        .setSignatureHashFamily("SHA2")
                        .setIdentityIdentifierHashFunction("SHA256"))
                .setFabricNodeOus(FabricNodeOUs.newBuilder()
                        .setEnable(true)
                        .setClientOuIdentifier(ou(MSPRoleType.CLIENT))
                        .setPeerOuIdentifier(ou(MSPRoleType.PEER))
                        .setAdminOuIdentifier(ou(MSPRoleType.ADMIN))
                        .setOrdererOuIdentifier(ou(MSPRoleType.ORDERER)));
        org.rootCerts().forEach(c -> msp.addRootCerts(pem(c)));
        org.intermediateCerts().forEach(c -> msp.addIntermediateCerts(pem(c)));
        MSPConfig mspConfig = MSPConfig.newBuilder().setType(MSP_TYPE_FABRIC).setConfig(msp.build().toByteString()).build();
        return ConfigGroup.newBuilder()
                .setModPolicy(ADMINS)
                .putValues(MSP, ConfigValue.newBuilder().setModPolicy(ADMINS).setValue(mspConfig.toByteString()).build())
                .putPolicies("Readers", signaturePolicy(EndorsementPolicy.parse("OR('" + org.mspId() + ".member')").toEnvelope()))
                .putPolicies("Writers", signaturePolicy(EndorsementPolicy.parse("OR('" + org.mspId() + ".member')").toEnvelope()))
                .putPolicies(ADMINS, signaturePolicy(EndorsementPolicy.parse("OR('" + org.mspId() + ".admin')").toEnvelope()))
                .putPolicies(ENDORSEMENT, signaturePolicy(EndorsementPolicy.parse("OR('" + org.mspId() + ".peer')").toEnvelope()))
                .build();
    }

    private static FabricOUIdentifier ou(MSPRoleType role) {
        return FabricOUIdentifier.newBuilder().setOrganizationalUnitIdentifier(NodeOus.ouOf(role)).build();
    }

    private static void putImplicitPolicies(ConfigGroup.Builder group) {
        group.putPolicies("Readers", implicitMeta(ImplicitMetaPolicy.Rule.ANY, "Readers"));
        group.putPolicies("Writers", implicitMeta(ImplicitMetaPolicy.Rule.ANY, "Writers"));
        group.putPolicies(ADMINS, implicitMeta(ImplicitMetaPolicy.Rule.MAJORITY, ADMINS));
    }

    private static ConfigPolicy implicitMeta(ImplicitMetaPolicy.Rule rule, String subPolicy) {
        return ConfigPolicy.newBuilder()
                .setModPolicy(ADMINS)
                .setPolicy(Policy.newBuilder()
                        .setType(Policy.PolicyType.IMPLICIT_META_VALUE)
                        .setValue(ImplicitMetaPolicy.newBuilder().setRule(rule).setSubPolicy(subPolicy).build().toByteString()))
                .build();
    }

    private static ConfigPolicy signaturePolicy(SignaturePolicyEnvelope envelope) {
        return ConfigPolicy.newBuilder()
                .setModPolicy(ADMINS)
                .setPolicy(Policy.newBuilder().setType(Policy.PolicyType.SIGNATURE_VALUE).setValue(envelope.toByteString()))
                .build();
    }

    private static ByteString capabilities(String name) {
        return Capabilities.newBuilder().putCapabilities(name, Capability.getDefaultInstance()).build().toByteString();
    }

    private static ConfigValue value(ByteString bytes) {
        return ConfigValue.newBuilder().setModPolicy(ADMINS).setValue(bytes).build();
    }

    private static ByteString pem(X509Certificate cert) {
        return ByteString.copyFrom(Pem.of(cert), StandardCharsets.UTF_8);
    }
}
