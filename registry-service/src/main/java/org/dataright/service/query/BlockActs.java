package org.dataright.service.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dataright.fabric.msp.FabricIdentity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/** Reads the acts of the rights contract out of a Fabric block: valid endorser transactions that emitted its event. */
final class BlockActs {
    private BlockActs() {
    }

    /** A transaction of the block, in block order; {@code act} is empty when it is not an act of the contract. */
    record Entry(String txId, Optional<Act> act) {
    }

    static List<Entry> read(Block block, String chaincodeName, ObjectMapper json) {
        List<Entry> entries = new ArrayList<>();
        ByteString filter = block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
                ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) : ByteString.EMPTY;
        long number = block.getHeader().getNumber();
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            try {
                Envelope envelope = Envelope.parseFrom(block.getData().getData(i));
                Payload payload = Payload.parseFrom(envelope.getPayload());
                ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
                boolean valid = i < filter.size() && filter.byteAt(i) == TxValidationCode.VALID_VALUE;
                if (header.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE || !valid) {
                    entries.add(new Entry(header.getTxId(), Optional.empty()));
                    continue;
                }
                entries.add(new Entry(header.getTxId(), act(number, header, payload, chaincodeName, json)));
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                entries.add(new Entry("", Optional.empty()));
            }
        }
        return entries;
    }

    private static Optional<Act> act(long number, ChannelHeader header, Payload payload, String chaincodeName,
            ObjectMapper json) throws InvalidProtocolBufferException {
        Transaction tx = Transaction.parseFrom(payload.getData());
        if (tx.getActionsCount() == 0) {
            return Optional.empty();
        }
        ChaincodeActionPayload action = ChaincodeActionPayload.parseFrom(tx.getActions(0).getPayload());
        ProposalResponsePayload response = ProposalResponsePayload.parseFrom(action.getAction().getProposalResponsePayload());
        ChaincodeAction chaincodeAction = ChaincodeAction.parseFrom(response.getExtension());
        ChaincodeEvent event = ChaincodeEvent.parseFrom(chaincodeAction.getEvents());
        if (event.getEventName().isEmpty() || !chaincodeName.equals(event.getChaincodeId())
                && !chaincodeName.equals(chaincodeAction.getChaincodeId().getName())) {
            return Optional.empty();
        }
        SignatureHeader signature = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
        FabricIdentity creator = FabricIdentity.parse(signature.getCreator());
        String actor = creator.mspId() + "::" + creator.certificate().getSubjectX500Principal().getName();
        JsonNode ids;
        try {
            ids = event.getPayload().isEmpty() ? NullNode.getInstance() : json.readTree(event.getPayload().toByteArray());
        } catch (IOException e) {
            ids = NullNode.getInstance();
        }
        if (ids instanceof ObjectNode named) {
            // A state key is for certifying the record, not an id of the act.
            named.remove("recordKey");
        }
        Set<String> parties = new LinkedHashSet<>();
        parties.add(actor);
        ids.forEach(value -> {
            if (value.isTextual() && value.asText().contains("::")) {
                parties.add(value.asText());
            }
        });
        Instant timestamp = Instant.ofEpochSecond(header.getTimestamp().getSeconds(), header.getTimestamp().getNanos());
        return Optional.of(new Act(header.getTxId(), number, timestamp, event.getEventName(), actor, List.copyOf(parties), ids));
    }
}
