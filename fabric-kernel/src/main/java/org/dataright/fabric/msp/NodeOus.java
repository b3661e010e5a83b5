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

    /** The role an OU stands for, if it is one of the four node OUs (compared exactly, as Fabric does). */
    public static Optional<MSPRoleType> roleOf(String ou) {
        switch (ou) {
            case "client":
                return Optional.of(MSPRoleType.CLIENT);
            case "peer":
                return Optional.of(MSPRoleType.PEER);
            case "admin":
                return Optional.of(MSPRoleType.ADMIN);
            case "orderer":
                return Optional.of(MSPRoleType.ORDERER);
            default:
                return Optional.empty();
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

    /** The certificate's one node OU as a role; refused, as Fabric refuses it, when there is none or more than one. */
    public static MSPRoleType role(String mspId, X509Certificate cert) throws IdentityException {
        MSPRoleType found = null;
        for (String ou : organizationalUnits(cert)) {
            Optional<MSPRoleType> role = roleOf(ou);
            if (role.isPresent()) {
                if (found != null) {
                    throw new IdentityException("identity " + cert.getSubjectX500Principal().getName()
                            + " carries more than one node OU; it must be exactly one of client, peer, admin, orderer");
                }
                found = role.get();
            }
        }
        if (found == null) {
            throw new IdentityException("identity " + cert.getSubjectX500Principal().getName() + " of MSP " + mspId
                    + " carries no node OU; it must be one of client, peer, admin, orderer");
        }
        return found;
    }
}
