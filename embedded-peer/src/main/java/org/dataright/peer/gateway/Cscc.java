package org.dataright.peer.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import org.dataright.peer.ledger.Ledger;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChannelInfo;
import org.hyperledger.fabric.protos.peer.ChannelQueryResponse;
import org.hyperledger.fabric.protos.peer.Response;

/**
 * Fabric's configuration system chaincode ({@code core/scc/cscc/configure.go}) for this peer's one
 * channel: {@code GetChannels} → {@code ChannelQueryResponse}, {@code GetChannelConfig} → the channel's
 * {@code common.Config}, {@code GetConfigBlock} → its last config block. Both are block 0's, since this
 * peer takes no config update after it. Joining a channel is refused, saying why.
 */
final class Cscc {
    static final String NAME = "cscc";
    static final String GET_CHANNELS = "GetChannels";

    private final Ledger ledger;

    Cscc(Ledger ledger) {
        this.ledger = ledger;
    }

    Response invoke(List<ByteString> args) {
        if (args.isEmpty()) {
            return Responses.error("Incorrect number of arguments, 0");
        }
        String function = args.get(0).toStringUtf8();
        if (!function.equals(GET_CHANNELS) && !function.equals("JoinBySnapshotStatus") && args.size() < 2) {
            return Responses.error("Incorrect number of arguments, " + args.size());
        }
        switch (function) {
            case GET_CHANNELS:
                return Responses.success(ChannelQueryResponse.newBuilder()
                        .addChannels(ChannelInfo.newBuilder().setChannelId(ledger.channelId())).build());
            case "GetChannelConfig": {
                String channel = args.get(1).toStringUtf8();
                if (channel.isEmpty()) {
                    return Responses.error("empty channel name provided");
                }
                if (!channel.equals(ledger.channelId())) {
                    return Responses.error("Unknown channel ID, " + channel);
                }
                return Responses.success(configEnvelope(configBlock()).getConfig());
            }
            case "GetConfigBlock": {
                String channel = args.get(1).toStringUtf8();
                if (!channel.equals(ledger.channelId())) {
                    return Responses.error("Unknown chain ID, " + channel);
                }
                return Responses.success(configBlock());
            }
            case "JoinChain":
            case "JoinChainBySnapshot":
            case "JoinBySnapshotStatus":
                return Responses.error(function + " is not supported by the embedded peer: it serves one channel, "
                        + ledger.channelId() + ", whose block 0 it made at its first start, and joins no other");
            default:
                return Responses.error("Requested function " + function + " not found.");
        }
    }

    /** Block 0: the channel's only config block (config updates after it are INVALID_CONFIG_TRANSACTION here). */
    private Block configBlock() {
        return ledger.getBlockByNumber(0).orElseThrow(() -> new IllegalStateException(
                "channel " + ledger.channelId() + " has no block 0"));
    }

    private static ConfigEnvelope configEnvelope(Block block) {
        try {
            Envelope envelope = Envelope.parseFrom(block.getData().getData(0));
            return ConfigEnvelope.parseFrom(Payload.parseFrom(envelope.getPayload()).getData());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("block 0 of this peer's ledger does not hold a config envelope: " + e.getMessage(), e);
        }
    }
}
