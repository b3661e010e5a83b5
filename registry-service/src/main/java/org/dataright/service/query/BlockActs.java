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

    /**
     * A transaction of the block, in block order: {@code act} is present for a valid act of the contract;
     * {@code kind} is the act's event name whatever its validation ({@code ""} when it is no act of the
     * contract) and {@code code} the Fabric validation code.
     */
    /** One transaction of a block; {@code claimed} is its channel header's timestamp (null when unreadable). */
    record Entry(String txId, Optional<Act> act, String kind, String code, Instant claimed) {
        static Entry other(String txId, String code) {
            return new Entry(txId, Optional.empty(), "", code, null);
        }
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
                String code = validationCode(filter, i);
                if (header.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
                    entries.add(Entry.other(header.getTxId(), code));
                    continue;
                }
                // An invalid transaction carries its act too (not in effect): it is counted, not projected.
                Optional<Act> act = act(number, header, payload, chaincodeName, json);
                entries.add(new Entry(header.getTxId(), act.filter(a -> code.equals(TxValidationCode.VALID.name())),
                        act.map(Act::act).orElse(""), code,
                        Instant.ofEpochSecond(header.getTimestamp().getSeconds(), header.getTimestamp().getNanos())));
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                entries.add(Entry.other("", validationCode(filter, i)));
            }
        }
        return entries;
    }

    private static String validationCode(ByteString filter, int index) {
        if (index >= filter.size()) {
            return "NOT_VALIDATED";
        }
        TxValidationCode code = TxValidationCode.forNumber(filter.byteAt(index) & 0xff);
        return code == null ? String.valueOf(filter.byteAt(index) & 0xff) : code.name();
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
