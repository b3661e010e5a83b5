package org.dataright.fabric.config;

import java.util.List;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.policy.EndorsementPolicy;

/**
 * What block 0 of a channel says: its name, its organisations (and which order blocks), the
 * endorsement policy every chaincode namespace is held to ({@code /Channel/Application/Endorsement}),
 * and the orderer endpoints clients may be told about.
 */
public record ChannelConfig(String channelId, ChannelMembership membership, EndorsementPolicy endorsementPolicy,
        List<String> ordererAddresses) {

    public ChannelConfig {
        if (channelId == null || !channelId.matches("[a-z][a-z0-9.-]{0,248}")) {
            // Fabric's channel name rule (configtx validation).
            throw new IllegalArgumentException("channel name '" + channelId
                    + "' must start with a lower-case letter and hold only a-z, 0-9, '.' and '-' (at most 249 characters)");
        }
        if (membership == null || endorsementPolicy == null) {
            throw new IllegalArgumentException("a channel needs a membership and an endorsement policy");
        }
        for (String mspId : endorsementPolicy.mspIds()) {
            if (membership.organization(mspId).isEmpty()) {
                throw new IllegalArgumentException("endorsement policy " + endorsementPolicy + " names " + mspId
                        + ", which is not an organisation of channel " + channelId);
            }
        }
        ordererAddresses = ordererAddresses == null ? List.of() : List.copyOf(ordererAddresses);
    }
}
