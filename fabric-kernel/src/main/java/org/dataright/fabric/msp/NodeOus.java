package org.dataright.fabric.msp;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;

/**
 * Fabric's node organisational units: with NodeOUs enabled an identity's certificate carries exactly
 * one of the OUs {@code client}, {@code peer}, {@code admin}, {@code orderer}, and that OU is its role
 * ({@code msp/mspimplvalidate.go}, {@code validateIdentityOUsV142}).
 */
public final class NodeOus {
    private NodeOus() {
    }

    /** The OU string Fabric CA writes for a role; {@code MEMBER} is not a node role. */
    public static String ouOf(MSPRoleType role) {
        switch (role) {
            case CLIENT:
            case PEER:
            case ADMIN:
            case ORDERER:
                return role.name().toLowerCase(Locale.ROOT);
            default:
                throw new IllegalArgumentException("not a node role (client, peer, admin, orderer): " + role);
        }
    }

    /**
     * Every OU value of the subject, in order, including each value of a multi-valued RDN: Fabric CA
     * writes {@code OU=peer+OU=nodes+OU=registry} as one RDN, and Go's {@code pkix.Name} reads all of them.
     */
    public static List<String> organizationalUnits(X509Certificate cert) {
        List<String> ous = new ArrayList<>();
        for (RDN rdn : X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(BCStyle.OU)) {
                    ous.add(IETFUtils.valueToString(attribute.getValue()));
                }
            }
        }
        return ous;
    }

    /**
     * The identity's one node OU as a role, by its organisation's NodeOU identifiers: each OU value of
     * the subject is compared with them, exactly one may match (none, two different ones or the same
     * one twice are refused, as Fabric refuses them), and where an identifier names a certifying CA,
     * that CA must be the identity's issuer ({@code chain.get(1)}; Fabric's certifiers identifier).
     */
    public static MSPRoleType role(Organization org, List<X509Certificate> chain) throws IdentityException {
        X509Certificate cert = chain.get(0);
        String who = "identity " + cert.getSubjectX500Principal().getName() + " of MSP " + org.mspId();
        MSPRoleType found = null;
        for (String ou : organizationalUnits(cert)) {
            Optional<MSPRoleType> role = org.nodeOus().roleOf(ou);
            if (role.isEmpty()) {
                continue;
            }
            X509Certificate certifier = org.nodeOus().identifier(role.get()).orElseThrow().certifier();
            if (certifier != null && (chain.size() < 2 || !chain.get(1).equals(certifier))) {
                throw new IdentityException(who + " has the node OU " + ou + ", which its MSP accepts only from the CA '"
                        + certifier.getSubjectX500Principal().getName() + "' (certifiersIdentifier does not match)");
            }
            if (found != null) {
                throw new IdentityException(who + " carries more than one node OU; it must be exactly one of client, peer, admin, orderer");
            }
            found = role.get();
        }
        if (found == null) {
            throw new IdentityException(who + " carries no node OU; it must be one of client, peer, admin, orderer");
        }
        return found;
    }
}
