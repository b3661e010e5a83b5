package org.dataright.peer.msp;

import java.util.Locale;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;

/**
 * Fabric's node organisational units: with NodeOUs enabled an identity's certificate carries exactly
 * one of the OUs {@code client}, {@code peer}, {@code admin}, {@code orderer}, and that OU is its role.
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

    /** The role an OU stands for, if it is one of the four node OUs. */
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
}
