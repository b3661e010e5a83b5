package org.dataright.evidence.trust;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dataright.evidence.crypto.Pem;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigPolicy;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.ImplicitMetaPolicy;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.Policy;
import org.hyperledger.fabric.protos.common.SignaturePolicy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;

/**
 * Reads a channel configuration block as Fabric lays it out ({@code common/channelconfig}):
 * Envelope → Payload → ConfigEnvelope → Config → channel group → {@code Application} and
 * {@code Orderer} groups → one group per organisation → its {@code MSP} value (an {@code MSPConfig}
 * holding a {@code FabricMSPConfig}).
 */
final class ConfigBlockReader {
    private static final String APPLICATION = "Application";
    private static final String ORDERER = "Orderer";
    private static final String MSP = "MSP";
    private static final String ENDORSEMENT = "Endorsement";
    /** MSPConfig.type of a Fabric (X.509) MSP; idemix MSPs have no CA roots to trust. */
    private static final int FABRIC_MSP = 0;

    private final String channel;
    private final ConfigGroup channelGroup;

    ConfigBlockReader(Block block) {
        try {
            if (block.getData().getDataCount() != 1) {
                throw new IllegalArgumentException("a config block holds exactly one envelope, not " + block.getData().getDataCount());
            }
            Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (header.getType() != HeaderType.CONFIG_VALUE) {
                throw new IllegalArgumentException("block " + block.getHeader().getNumber() + " is not a config block (header type "
                        + header.getType() + ")");
            }
            this.channel = header.getChannelId();
            this.channelGroup = ConfigEnvelope.parseFrom(payload.getData()).getConfig().getChannelGroup();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the config block is malformed: " + e.getMessage(), e);
        }
    }

    String channel() {
        return channel;
    }

    /** Application and orderer organisations; one that is both is an orderer organisation that may also endorse. */
    List<Organization> organizations() {
        Map<String, Organization> byMsp = new LinkedHashMap<>();
        for (String section : List.of(APPLICATION, ORDERER)) {
            for (Map.Entry<String, ConfigGroup> org : group(channelGroup, section).getGroupsMap().entrySet()) {
                Organization read = organization(org.getKey(), org.getValue(), section.equals(ORDERER));
                byMsp.merge(read.mspId(), read, (a, b) -> new Organization(a.mspId(), a.rootCertificates(),
                        a.intermediateCertificates(), a.orderer() || b.orderer()));
            }
        }
        return new ArrayList<>(byMsp.values());
    }

    /** The Application group's {@code Endorsement} policy, as a signature policy. */
    EndorsementPolicy endorsementPolicy() {
        ConfigGroup application = group(channelGroup, APPLICATION);
        ConfigPolicy policy = application.getPoliciesMap().get(ENDORSEMENT);
        if (policy == null) {
            throw new IllegalArgumentException("the Application group has no Endorsement policy; give the policy explicitly");
        }
        return convert(policy.getPolicy(), application, "Application/" + ENDORSEMENT);
    }

    private EndorsementPolicy convert(Policy policy, ConfigGroup application, String where) {
        try {
            if (policy.getType() == Policy.PolicyType.SIGNATURE_VALUE) {
                SignaturePolicyEnvelope envelope = SignaturePolicyEnvelope.parseFrom(policy.getValue());
                return signature(envelope.getRule(), envelope.getIdentitiesList(), where, 0);
            }
            if (policy.getType() == Policy.PolicyType.IMPLICIT_META_VALUE) {
                return implicitMeta(ImplicitMetaPolicy.parseFrom(policy.getValue()), application, where);
            }
            throw new IllegalArgumentException(where + " is a policy of type " + policy.getType()
                    + ", which cannot be turned into a signature policy");
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(where + " is malformed: " + e.getMessage(), e);
        }
    }

    /** ANY / ALL / MAJORITY of the organisations' own sub-policies, each of which must be a signature policy. */
    private EndorsementPolicy implicitMeta(ImplicitMetaPolicy meta, ConfigGroup application, String where) {
        List<EndorsementPolicy> rules = new ArrayList<>();
        for (Map.Entry<String, ConfigGroup> org : new TreeMap<>(application.getGroupsMap()).entrySet()) {
            ConfigPolicy sub = org.getValue().getPoliciesMap().get(meta.getSubPolicy());
            if (sub == null) {
                throw new IllegalArgumentException(where + " refers to policy " + meta.getSubPolicy()
                        + ", which organisation " + org.getKey() + " does not define");
            }
            if (sub.getPolicy().getType() != Policy.PolicyType.SIGNATURE_VALUE) {
                throw new IllegalArgumentException("policy " + meta.getSubPolicy() + " of " + org.getKey() + " is not a signature policy");
            }
            rules.add(convert(sub.getPolicy(), application, org.getKey() + "/" + meta.getSubPolicy()));
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException(where + " applies to no organisation");
        }
        int n = switch (meta.getRule()) {
            case ANY -> 1;
            case ALL -> rules.size();
            case MAJORITY -> rules.size() / 2 + 1;
            default -> throw new IllegalArgumentException(where + " has unknown rule " + meta.getRule());
        };
        return new EndorsementPolicy.OutOf(n, rules);
    }

    private EndorsementPolicy signature(SignaturePolicy rule, List<MSPPrincipal> identities, String where, int depth)
            throws InvalidProtocolBufferException {
        if (depth > 16) {
            throw new IllegalArgumentException(where + " nests too deeply");
        }
        switch (rule.getTypeCase()) {
            case SIGNED_BY -> {
                int index = rule.getSignedBy();
                if (index < 0 || index >= identities.size()) {
                    throw new IllegalArgumentException(where + " refers to identity " + index + " of " + identities.size());
                }
                MSPPrincipal principal = identities.get(index);
                if (principal.getPrincipalClassification() != MSPPrincipal.Classification.ROLE) {
                    throw new IllegalArgumentException(where + " uses a " + principal.getPrincipalClassification()
                            + " principal; only role principals are supported");
                }
                MSPRole role = MSPRole.parseFrom(principal.getPrincipal());
                return new EndorsementPolicy.Principal(role.getMspIdentifier(), switch (role.getRole()) {
                    case MEMBER -> EndorsementPolicy.Role.MEMBER;
                    case ADMIN -> EndorsementPolicy.Role.ADMIN;
                    case CLIENT -> EndorsementPolicy.Role.CLIENT;
                    case PEER -> EndorsementPolicy.Role.PEER;
                    case ORDERER -> EndorsementPolicy.Role.ORDERER;
                    default -> throw new IllegalArgumentException(where + " uses unknown role " + role.getRole());
                });
            }
            case N_OUT_OF -> {
                List<EndorsementPolicy> rules = new ArrayList<>();
                for (SignaturePolicy r : rule.getNOutOf().getRulesList()) {
                    rules.add(signature(r, identities, where, depth + 1));
                }
                return new EndorsementPolicy.OutOf(rule.getNOutOf().getN(), rules);
            }
            default -> throw new IllegalArgumentException(where + " has an empty rule");
        }
    }

    private static Organization organization(String name, ConfigGroup group, boolean orderer) {
        ConfigValue value = group.getValuesMap().get(MSP);
        if (value == null) {
            throw new IllegalArgumentException("organisation group " + name + " has no MSP value");
        }
        try {
            MSPConfig msp = MSPConfig.parseFrom(value.getValue());
            if (msp.getType() != FABRIC_MSP) {
                throw new IllegalArgumentException("organisation " + name + " has an MSP of type " + msp.getType()
                        + "; only X.509 (Fabric) MSPs are supported");
            }
            FabricMSPConfig fabric = FabricMSPConfig.parseFrom(msp.getConfig());
            return new Organization(fabric.getName(), certificates(name, fabric.getRootCertsList()),
                    certificates(name, fabric.getIntermediateCertsList()), orderer);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the MSP of organisation " + name + " is malformed: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(String org, List<ByteString> pems) {
        List<X509Certificate> certs = new ArrayList<>();
        for (ByteString pem : pems) {
            try {
                certs.add(Pem.certificate(pem.toStringUtf8()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a CA certificate of " + org + ": " + e.getMessage(), e);
            }
        }
        return certs;
    }

    private static ConfigGroup group(ConfigGroup parent, String name) {
        ConfigGroup group = parent.getGroupsMap().get(name);
        if (group == null) {
            throw new IllegalArgumentException("the channel configuration has no " + name + " group");
        }
        return group;
    }
}
