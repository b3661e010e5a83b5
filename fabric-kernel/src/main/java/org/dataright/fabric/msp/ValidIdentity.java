package org.dataright.fabric.msp;

import com.google.protobuf.ByteString;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;

/**
 * An identity the channel's membership accepted: its certificate chains to its organisation's CA
 * root; {@code role} is its node OU (client, peer, admin or orderer).
 */
public record ValidIdentity(FabricIdentity identity, ByteString serialized, MSPRoleType role) {

    public String mspId() {
        return identity.mspId();
    }
}
