package org.dataright.fabric.config;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.NodeOuRules;
import org.dataright.fabric.msp.Organization;
import org.dataright.fabric.policy.EndorsementPolicy;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigPolicy;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.ImplicitMetaPolicy;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.hyperledger.fabric.protos.common.OrdererAddresses;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.Policy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.FabricNodeOUs;
import org.hyperledger.fabric.protos.msp.FabricOUIdentifier;
import org.hyperledger.fabric.protos.msp.MSPConfig;

/**
 * Reads a channel configuration block as Fabric lays it out ({@code common/channelconfig}), the one
 * reader of config blocks: Envelope → Payload → ConfigEnvelope → Config → channel group →
 * {@code Application} and {@code Orderer} groups → one group per organisation → its {@code MSP}
 * value (an {@code MSPConfig} holding a {@code FabricMSPConfig}). Throws {@link IllegalArgumentException}
 * naming what is missing or malformed.
 */
public final class ConfigBlockReader {
    public static final String APPLICATION = "Application";
    public static final String ORDERER = "Orderer";
    public static final String MSP = "MSP";
    public static final String ENDORSEMENT = "Endorsement";
    /** MSPConfig.type of a Fabric (X.509) MSP; idemix MSPs have no CA roots to trust. */
    public static final int FABRIC_MSP = 0;

    private final long blockNumber;
    private final String channelId;
    private final ConfigGroup channelGroup;

    public ConfigBlockReader(Block block) {
        this.blockNumber = block.getHeader().getNumber();
        if (block.getData().getDataCount() != 1) {
            throw new IllegalArgumentException("a config block holds exactly one envelope, block " + blockNumber + " holds "
                    + block.getData().getDataCount());
        }
        try {
            Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (header.getType() != HeaderType.CONFIG_VALUE) {
                throw new IllegalArgumentException("block " + blockNumber + " is not a config block (header type "
                        + header.getType() + ")");
            }
            this.channelId = header.getChannelId();
            this.channelGroup = ConfigEnvelope.parseFrom(payload.getData()).getConfig().getChannelGroup();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("config block " + blockNumber + " is malformed: " + e.getMessage(), e);
        }
    }

    /** The whole configuration a peer needs: channel, membership, endorsement policy, orderer endpoints. */
    public static ChannelConfig read(Block block) {
        ConfigBlockReader reader = new ConfigBlockReader(block);
        return new ChannelConfig(reader.channelId(), reader.membership(), reader.endorsementPolicy(), reader.ordererAddresses());
    }

    public String channelId() {
        return channelId;
    }

    /** Application and orderer organisations; an organisation in both groups is listed once and orders blocks. */
    public ChannelMembership membership() {
        Map<String, Organization> byMsp = new LinkedHashMap<>();
        Set<String> ordererIds = new LinkedHashSet<>();
        for (String section : List.of(APPLICATION, ORDERER)) {
            for (Map.Entry<String, ConfigGroup> org : group(channelGroup, section).getGroupsMap().entrySet()) {
                Organization read = organization(org.getKey(), org.getValue());
                byMsp.putIfAbsent(read.mspId(), read);
                if (section.equals(ORDERER)) {
                    ordererIds.add(read.mspId());
                }
            }
        }
        return new ChannelMembership(new ArrayList<>(byMsp.values()), ordererIds);
    }

    /**
     * The orderer endpoints: each orderer organisation's {@code Endpoints} value (where configtxgen
     * 2.x writes them), then the channel group's legacy {@code OrdererAddresses}.
     */
    public List<String> ordererAddresses() {
        Set<String> addresses = new LinkedHashSet<>();
        for (Map.Entry<String, ConfigGroup> org : group(channelGroup, ORDERER).getGroupsMap().entrySet()) {
            addresses.addAll(addresses(org.getValue().getValuesMap().get("Endpoints"), "Endpoints of " + org.getKey()));
        }
        addresses.addAll(addresses(channelGroup.getValuesMap().get("OrdererAddresses"), "OrdererAddresses"));
        return List.copyOf(addresses);
    }

    private List<String> addresses(ConfigValue value, String what) {
        if (value == null) {
            return List.of();
        }
        try {
            return OrdererAddresses.parseFrom(value.getValue()).getAddressesList();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(what + " of config block " + blockNumber + " is malformed: " + e.getMessage(), e);
        }
    }

    /** The Application group's {@code Endorsement} policy, as one signature policy. */
    public EndorsementPolicy endorsementPolicy() {
        ConfigGroup application = group(channelGroup, APPLICATION);
        ConfigPolicy policy = application.getPoliciesMap().get(ENDORSEMENT);
        if (policy == null) {
            throw new IllegalArgumentException("the Application group has no Endorsement policy; give the policy explicitly");
        }
        return convert(policy.getPolicy(), application, APPLICATION + "/" + ENDORSEMENT);
    }

    private EndorsementPolicy convert(Policy policy, ConfigGroup application, String where) {
        try {
            if (policy.getType() == Policy.PolicyType.SIGNATURE_VALUE) {
                return EndorsementPolicy.fromEnvelope(SignaturePolicyEnvelope.parseFrom(policy.getValue()));
            }
            if (policy.getType() == Policy.PolicyType.IMPLICIT_META_VALUE) {
                return implicitMeta(ImplicitMetaPolicy.parseFrom(policy.getValue()), application, where);
            }
            throw new IllegalArgumentException(where + " is a policy of type " + policy.getType()
                    + ", which cannot be turned into a signature policy");
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(where + " is malformed: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * ANY / ALL / MAJORITY of the organisations' own sub-policies. Fabric evaluates each sub-policy
     * on its own; expanding them into one {@code OutOf} evaluates them with one set of signers, which
     * gives the same answer only when no two sub-policies name the same MSP — as configtxgen writes
     * them (each organisation's policy names its own MSP). Anything else is refused.
     */
    private EndorsementPolicy implicitMeta(ImplicitMetaPolicy meta, ConfigGroup application, String where) {
        List<EndorsementPolicy> rules = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>();
        for (Map.Entry<String, ConfigGroup> org : new TreeMap<>(application.getGroupsMap()).entrySet()) {
            ConfigPolicy sub = org.getValue().getPoliciesMap().get(meta.getSubPolicy());
            if (sub == null) {
                throw new IllegalArgumentException(where + " refers to policy " + meta.getSubPolicy()
                        + ", which organisation " + org.getKey() + " does not define");
            }
            if (sub.getPolicy().getType() != Policy.PolicyType.SIGNATURE_VALUE) {
                throw new IllegalArgumentException("policy " + meta.getSubPolicy() + " of " + org.getKey() + " is not a signature policy");
            }
            EndorsementPolicy rule = convert(sub.getPolicy(), application, org.getKey() + "/" + meta.getSubPolicy());
            for (String mspId : rule.mspIds()) {
                if (!named.add(mspId)) {
                    throw new IllegalArgumentException(where + " has sub-policies that both name " + mspId
                            + "; such an ImplicitMeta policy has no equivalent signature policy");
                }
            }
            rules.add(rule);
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
        return EndorsementPolicy.outOf(n, rules);
    }

    private static Organization organization(String name, ConfigGroup group) {
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
                    certificates(name, fabric.getIntermediateCertsList()), nodeOus(name, fabric.getFabricNodeOus()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the MSP of organisation " + name + " is malformed: " + e.getMessage(), e);
        }
    }

    /**
     * The MSP's NodeOU identifiers. An MSP without NodeOUs is read with the defaults cryptogen and
     * Fabric CA write (the registry's identities always carry a node OU).
     */
    private static NodeOuRules nodeOus(String org, FabricNodeOUs config) {
        if (!config.getEnable()) {
            return NodeOuRules.DEFAULT;
        }
        Map<MSPRoleType, NodeOuRules.Identifier> ids = new EnumMap<>(MSPRoleType.class);
        putIdentifier(ids, MSPRoleType.CLIENT, org, config.getClientOuIdentifier());
        putIdentifier(ids, MSPRoleType.PEER, org, config.getPeerOuIdentifier());
        putIdentifier(ids, MSPRoleType.ADMIN, org, config.getAdminOuIdentifier());
        putIdentifier(ids, MSPRoleType.ORDERER, org, config.getOrdererOuIdentifier());
        return new NodeOuRules(ids);
    }

    private static void putIdentifier(Map<MSPRoleType, NodeOuRules.Identifier> ids, MSPRoleType role, String org,
            FabricOUIdentifier id) {
        if (id.getOrganizationalUnitIdentifier().isEmpty()) {
            return; // Fabric: no identifier, no identity of that role
        }
        X509Certificate certifier = null;
        if (!id.getCertificate().isEmpty()) {
            try {
                certifier = Pem.certificate(id.getCertificate().toByteArray());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the " + role + " NodeOU certificate of " + org + ": " + e.getMessage(), e);
            }
        }
        ids.put(role, new NodeOuRules.Identifier(id.getOrganizationalUnitIdentifier(), certifier));
    }

    private static List<X509Certificate> certificates(String org, List<ByteString> pems) {
        List<X509Certificate> certs = new ArrayList<>();
        for (ByteString pem : pems) {
            try {
                certs.add(Pem.certificate(pem.toByteArray()));
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
