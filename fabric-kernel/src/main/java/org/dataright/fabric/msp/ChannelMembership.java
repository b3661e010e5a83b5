package org.dataright.fabric.msp;

import com.google.protobuf.ByteString;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dataright.fabric.crypto.LowSEcdsa;

/**
 * The organisations of a channel and which of them order blocks; validates identities and
 * signatures the way a Fabric MSP does (with NodeOUs enabled).
 *
 * <p>An identity is valid when its MSP id names a channel organisation, its certificate is not a CA
 * certificate, it chains through the organisation's intermediates to one of its CA roots (each link's
 * signature checked, each certificate valid at the given instant), and it carries exactly one node OU
 * ({@code client}, {@code peer}, {@code admin}, {@code orderer}). A signature is valid when it is a
 * low-S ECDSA signature by the identity's key ({@link LowSEcdsa}).
 *
 * <p>Thread-safe; identities already checked are cached by their serialized bytes (the validity
 * period is still checked on every call).
 */
public final class ChannelMembership {
    private static final int MAX_CACHED_CHAINS = 10_000;

    private final Map<String, Organization> organizations;
    private final Set<String> ordererMspIds;
    private final Map<ByteString, Checked> checkedIdentities = new ConcurrentHashMap<>();

    public ChannelMembership(List<Organization> organizations, Set<String> ordererMspIds) {
        Map<String, Organization> byId = new LinkedHashMap<>();
        for (Organization org : organizations) {
            if (byId.put(org.mspId(), org) != null) {
                throw new IllegalArgumentException("organisation " + org.mspId() + " is listed twice");
            }
        }
        if (byId.isEmpty()) {
            throw new IllegalArgumentException("a channel needs at least one organisation");
        }
        if (ordererMspIds.isEmpty()) {
            throw new IllegalArgumentException("a channel needs at least one orderer organisation");
        }
        for (String id : ordererMspIds) {
            if (!byId.containsKey(id)) {
                throw new IllegalArgumentException("orderer organisation " + id + " is not one of the channel's organisations");
            }
        }
        this.organizations = java.util.Collections.unmodifiableMap(byId);
        this.ordererMspIds = Set.copyOf(ordererMspIds);
    }

    /** The organisations in the order they were given. */
    public List<Organization> organizations() {
        return List.copyOf(organizations.values());
    }

    public Set<String> ordererMspIds() {
        return ordererMspIds;
    }

    public Optional<Organization> organization(String mspId) {
        return Optional.ofNullable(organizations.get(mspId));
    }

    public boolean isOrdererOrg(String mspId) {
        return ordererMspIds.contains(mspId);
    }

    /**
     * Validates a serialized identity.
     *
     * @param at the instant at which every certificate of the chain must be valid; {@code null} skips
     *     the validity-period check (for re-verifying old blocks, which carry no trusted time)
     */
    public ValidIdentity validate(ByteString serialized, Instant at) throws IdentityException {
        Checked checked = checkedIdentities.get(serialized);
        if (checked == null) {
            checked = check(serialized);
            if (checkedIdentities.size() >= MAX_CACHED_CHAINS) {
                checkedIdentities.clear(); // a simple bound; identities are cheap to check again
            }
            checkedIdentities.put(serialized, checked);
        }
        if (at != null) {
            for (X509Certificate c : checked.chain()) {
                checkValidity(c, at);
            }
        }
        return checked.valid();
    }

    /** An identity whose organisation, chain and role were checked; only its validity period is left. */
    private record Checked(ValidIdentity valid, List<X509Certificate> chain) {
    }

    private Checked check(ByteString serialized) throws IdentityException {
        FabricIdentity identity;
        try {
            identity = FabricIdentity.parse(serialized);
        } catch (IllegalArgumentException e) {
            throw new IdentityException("identity cannot be parsed: " + e.getMessage(), e);
        }
        Organization org = organizations.get(identity.mspId());
        if (org == null) {
            throw new IdentityException("identity " + subject(identity) + " belongs to MSP '" + identity.mspId()
                    + "', which is not an organisation of this channel");
        }
        X509Certificate cert = identity.certificate();
        List<X509Certificate> chain = CertificateChains.chain(cert, org.intermediateCerts(), org.rootCerts(), "MSP " + org.mspId());
        X509Certificate issuer = chain.get(1);
        if (issuedAnIntermediate(org, issuer)) {
            // Fabric: "Parent certificate should be a leaf of the certification tree".
            throw new IdentityException("identity " + subject(identity) + " was issued by '" + issuer.getSubjectX500Principal().getName()
                    + "', which also issued an intermediate CA of MSP " + org.mspId()
                    + "; Fabric accepts identities only from the leaves of an MSP's certification tree");
        }
        return new Checked(new ValidIdentity(identity, serialized, NodeOus.role(org, chain)), chain);
    }

    /** Validates {@code creator} and checks that {@code signature} is its signature over {@code message}. */
    public ValidIdentity verify(ByteString creator, byte[] message, byte[] signature, Instant at) throws IdentityException {
        ValidIdentity identity = validate(creator, at);
        if (!LowSEcdsa.verify(identity.identity().certificate().getPublicKey(), message, signature)) {
            throw new IdentityException("signature by " + subject(identity.identity()) + " of " + identity.mspId()
                    + " does not verify (wrong key, altered message, or high-S)");
        }
        return identity;
    }

    private static boolean issuedAnIntermediate(Organization org, X509Certificate ca) {
        return org.intermediateCerts().stream().anyMatch(i -> !i.equals(ca)
                && i.getIssuerX500Principal().equals(ca.getSubjectX500Principal()) && CertificateChains.signedBy(i, ca));
    }

    private static void checkValidity(X509Certificate cert, Instant at) throws IdentityException {
        String problem = CertificateChains.validityProblem(cert, at);
        if (problem != null) {
            throw new IdentityException("certificate " + problem);
        }
    }

    private static String subject(FabricIdentity identity) {
        return identity.certificate().getSubjectX500Principal().getName();
    }
}
