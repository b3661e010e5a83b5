package org.dataright.evidence.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Reader;
import java.io.StringReader;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dataright.evidence.canonical.StrictJson;
import org.dataright.evidence.log.TlogPolicy;
import org.dataright.fabric.config.ConfigBlockReader;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.Organization;
import org.dataright.fabric.policy.EndorsementPolicy;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Everything a verifier trusts, and nothing else: the channel and chaincode whose transactions count,
 * each organisation's MSP (CA roots, intermediates, whether it is an orderer), the endorsement policy,
 * the roots of the registry's certificate issuers and of accepted time-stamp authorities, and the
 * c2sp.org/tlog-policy that says which transparency log and which witness quorum version 2 certificates'
 * checkpoints need (absent in bundles made before the log; version 1 certificates need none).
 * Immutable; organisations are kept sorted by MSP id so the file form is stable.
 */
public final class TrustBundle {
    public static final int VERSION = 1;
    public static final String MEDIA_TYPE = "application/vnd.dataright.trust-bundle.v1+json";

    private final String channel;
    private final String chaincode;
    private final ChannelMembership membership;
    private final EndorsementPolicy endorsementPolicy;
    private final List<X509Certificate> issuers;
    private final List<X509Certificate> timestampAuthorities;
    private final TlogPolicy tlogPolicy;

    /** {@code membership} holds the channel's organisations and which of them order blocks, as an MSP checks them. */
    public TrustBundle(String channel, String chaincode, ChannelMembership membership,
            EndorsementPolicy endorsementPolicy, List<X509Certificate> issuers, List<X509Certificate> timestampAuthorities) {
        this(channel, chaincode, membership, endorsementPolicy, issuers, timestampAuthorities, null);
    }

    /** @param tlogPolicy the transparency-log policy, or null when the bundle has none */
    public TrustBundle(String channel, String chaincode, ChannelMembership membership,
            EndorsementPolicy endorsementPolicy, List<X509Certificate> issuers, List<X509Certificate> timestampAuthorities,
            TlogPolicy tlogPolicy) {
        if (channel == null || channel.isEmpty() || chaincode == null || chaincode.isEmpty()) {
            throw new IllegalArgumentException("a trust bundle names its channel and chaincode");
        }
        if (endorsementPolicy == null) {
            throw new IllegalArgumentException("a trust bundle needs an endorsement policy");
        }
        List<Organization> sorted = new ArrayList<>(membership.organizations());
        sorted.sort(Comparator.comparing(Organization::mspId));
        Set<String> unknown = new TreeSet<>(endorsementPolicy.mspIds());
        sorted.forEach(org -> unknown.remove(org.mspId()));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the endorsement policy names organisations not in the bundle: " + unknown);
        }
        this.channel = channel;
        this.chaincode = chaincode;
        // Sorted by MSP id, so the file form is stable.
        this.membership = new ChannelMembership(sorted, membership.ordererMspIds());
        this.endorsementPolicy = endorsementPolicy;
        this.issuers = List.copyOf(issuers);
        this.timestampAuthorities = List.copyOf(timestampAuthorities);
        this.tlogPolicy = tlogPolicy;
    }

    /**
     * Builds a bundle from a channel's configuration block (block 0 or a later config block): the
     * application and orderer organisations with their MSP roots, and, when {@code endorsementPolicy}
     * is null, the policy the Application group's {@code Endorsement} policy names.
     */
    public static TrustBundle fromConfigBlock(Block configBlock, String chaincode, EndorsementPolicy endorsementPolicy,
            List<X509Certificate> issuers, List<X509Certificate> timestampAuthorities) {
        ConfigBlockReader config = new ConfigBlockReader(configBlock);
        return new TrustBundle(config.channelId(), chaincode, config.membership(),
                endorsementPolicy != null ? endorsementPolicy : config.endorsementPolicy(),
                issuers, timestampAuthorities);
    }

    public static TrustBundle from(Reader json) {
        ObjectNode root = StrictJson.parseObject("trust bundle", json);
        StrictJson.onlyFields(root, "", "version", "channel", "chaincode", "endorsementPolicy", "organizations",
                "issuers", "timestampAuthorities", "tlogPolicy");
        long version = StrictJson.integer(root, "", "version", 0, Integer.MAX_VALUE);
        if (version != VERSION) {
            throw new IllegalArgumentException("trust bundle version " + version + " is not supported (only " + VERSION + ")");
        }
        List<Organization> orgs = new ArrayList<>();
        Set<String> ordererIds = new TreeSet<>();
        List<JsonNode> items = StrictJson.array(root, "", "organizations");
        for (int i = 0; i < items.size(); i++) {
            String path = "organizations[" + i + "]";
            ObjectNode o = StrictJson.element(items.get(i), path);
            StrictJson.onlyFields(o, path, "mspId", "orderer", "rootCertificates", "intermediateCertificates");
            String mspId = StrictJson.text(o, path, "mspId");
            List<X509Certificate> roots = certificates(o, path, "rootCertificates");
            List<X509Certificate> intermediates = certificates(o, path, "intermediateCertificates");
            try {
                orgs.add(new Organization(mspId, roots, intermediates));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
            }
            if (StrictJson.bool(o, path, "orderer")) {
                ordererIds.add(mspId);
            }
        }
        return new TrustBundle(StrictJson.text(root, "", "channel"), StrictJson.text(root, "", "chaincode"),
                membership(orgs, ordererIds),
                EndorsementPolicy.parse(StrictJson.text(root, "", "endorsementPolicy")),
                certificates(root, "", "issuers"), certificates(root, "", "timestampAuthorities"),
                root.has("tlogPolicy") ? tlogPolicy(StrictJson.text(root, "", "tlogPolicy")) : null);
    }

    private static TlogPolicy tlogPolicy(String text) {
        try {
            return TlogPolicy.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tlogPolicy: " + e.getMessage(), e);
        }
    }

    public static TrustBundle from(String json) {
        return from(new StringReader(json));
    }

    /** The stable file form: fixed field order, indented, certificates as PEM text. */
    public String toJson() {
        ObjectNode root = StrictJson.MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.put("channel", channel);
        root.put("chaincode", chaincode);
        root.put("endorsementPolicy", endorsementPolicy.toString());
        ArrayNode orgs = root.putArray("organizations");
        for (Organization org : membership.organizations()) {
            ObjectNode o = orgs.addObject();
            o.put("mspId", org.mspId());
            o.put("orderer", membership.isOrdererOrg(org.mspId()));
            pems(o.putArray("rootCertificates"), org.rootCerts());
            pems(o.putArray("intermediateCertificates"), org.intermediateCerts());
        }
        pems(root.putArray("issuers"), issuers);
        pems(root.putArray("timestampAuthorities"), timestampAuthorities);
        if (tlogPolicy != null) {
            root.put("tlogPolicy", tlogPolicy.render());
        }
        return StrictJson.pretty(root);
    }

    public String channel() {
        return channel;
    }

    public String chaincode() {
        return chaincode;
    }

    /** The channel's organisations, sorted by MSP id, and which of them order blocks. */
    public ChannelMembership membership() {
        return membership;
    }

    public List<Organization> organizations() {
        return membership.organizations();
    }

    public EndorsementPolicy endorsementPolicy() {
        return endorsementPolicy;
    }

    public List<X509Certificate> issuers() {
        return issuers;
    }

    public List<X509Certificate> timestampAuthorities() {
        return timestampAuthorities;
    }

    /** The transparency-log policy, or null when the bundle has none. */
    public TlogPolicy tlogPolicy() {
        return tlogPolicy;
    }

    /** A copy with another endorsement policy (e.g. a chaincode-level policy that differs from the channel's). */
    public TrustBundle withEndorsementPolicy(EndorsementPolicy policy) {
        return new TrustBundle(channel, chaincode, membership, policy, issuers, timestampAuthorities, tlogPolicy);
    }

    /** A copy with other issuer roots and time-stamp authority roots. */
    public TrustBundle withIssuers(List<X509Certificate> issuerRoots, List<X509Certificate> tsaRoots) {
        return new TrustBundle(channel, chaincode, membership, endorsementPolicy, issuerRoots, tsaRoots, tlogPolicy);
    }

    /** A copy with another transparency-log policy (null for none). */
    public TrustBundle withTlogPolicy(TlogPolicy policy) {
        return new TrustBundle(channel, chaincode, membership, endorsementPolicy, issuers, timestampAuthorities, policy);
    }

    /** The membership a bundle file names; a bundle without an orderer organisation is refused in the bundle's own words. */
    private static ChannelMembership membership(List<Organization> orgs, Set<String> ordererIds) {
        if (ordererIds.isEmpty()) {
            throw new IllegalArgumentException("a trust bundle needs at least one orderer organisation");
        }
        return new ChannelMembership(orgs, ordererIds);
    }

    private static List<X509Certificate> certificates(ObjectNode o, String path, String field) {
        List<String> pems = StrictJson.texts(o, path, field);
        List<X509Certificate> certs = new ArrayList<>();
        for (int i = 0; i < pems.size(); i++) {
            try {
                certs.add(Pem.certificate(pems.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((path.isEmpty() ? "" : path + ".") + field + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return certs;
    }

    private static void pems(ArrayNode array, List<X509Certificate> certs) {
        certs.forEach(c -> array.add(Pem.of(c)));
    }
}
