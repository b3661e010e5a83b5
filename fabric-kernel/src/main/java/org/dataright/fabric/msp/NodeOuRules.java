package org.dataright.fabric.msp;

import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;

/**
 * An MSP's NodeOU identifiers ({@code FabricNodeOUs} in its configuration): for each node role the OU
 * value that marks it and, optionally, the CA that must have issued such an identity (Fabric's
 * certifiers identifier). {@link #DEFAULT} is what cryptogen and Fabric CA write: the OUs
 * {@code client}, {@code peer}, {@code admin}, {@code orderer}, any issuing CA of the MSP.
 */
public record NodeOuRules(Map<MSPRoleType, Identifier> identifiers) {

    /** One role's OU value, and the CA certificate that must have issued the identity (null: any). */
    public record Identifier(String organizationalUnit, X509Certificate certifier) {
        public Identifier {
            if (organizationalUnit == null || organizationalUnit.isEmpty()) {
                throw new IllegalArgumentException("a NodeOU identifier needs an OU value");
            }
        }
    }

    public static final NodeOuRules DEFAULT = defaults();

    public NodeOuRules {
        identifiers = Map.copyOf(identifiers);
        if (identifiers.containsKey(MSPRoleType.MEMBER)) {
            throw new IllegalArgumentException("MEMBER is not a node role");
        }
    }

    private static NodeOuRules defaults() {
        Map<MSPRoleType, Identifier> ids = new EnumMap<>(MSPRoleType.class);
        for (MSPRoleType role : new MSPRoleType[] {MSPRoleType.CLIENT, MSPRoleType.PEER, MSPRoleType.ADMIN, MSPRoleType.ORDERER}) {
            ids.put(role, new Identifier(NodeOus.ouOf(role), null));
        }
        return new NodeOuRules(ids);
    }

    /** The role whose identifier is {@code ou}, compared exactly, as Fabric does. */
    public Optional<MSPRoleType> roleOf(String ou) {
        return identifiers.entrySet().stream().filter(e -> e.getValue().organizationalUnit().equals(ou))
                .map(Map.Entry::getKey).findFirst();
    }

    public Optional<Identifier> identifier(MSPRoleType role) {
        return Optional.ofNullable(identifiers.get(role));
    }
}
