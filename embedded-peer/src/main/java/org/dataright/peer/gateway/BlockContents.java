package org.dataright.peer.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.FilteredBlock;
import org.hyperledger.fabric.protos.peer.FilteredChaincodeAction;
import org.hyperledger.fabric.protos.peer.FilteredTransaction;
import org.hyperledger.fabric.protos.peer.FilteredTransactionActions;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The transactions of a committed block as event streams see them: id, type, validation code (from
 * the TRANSACTIONS_FILTER metadata) and chaincode events, and the filtered block Fabric's
 * {@code DeliverFiltered} sends ({@code core/peer/deliverevents.go}).
 */
final class BlockContents {
    /** One transaction of a block; {@code events} are read only for endorser transactions. */
    record Tx(int index, String txId, HeaderType type, TxValidationCode code, List<ChaincodeEvent> events) {
        boolean isValid() {
            return code == TxValidationCode.VALID;
        }
    }

    private BlockContents() {
    }

    static List<Tx> transactions(Block block) {
        ByteString filter = block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
                ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) : ByteString.EMPTY;
        List<Tx> txs = new ArrayList<>();
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            TxValidationCode code = i < filter.size()
                    ? Optional.ofNullable(TxValidationCode.forNumber(filter.byteAt(i) & 0xFF)).orElse(TxValidationCode.INVALID_OTHER_REASON)
                    : TxValidationCode.NOT_VALIDATED;
            txs.add(parse(i, block.getData().getData(i), code));
        }
        return txs;
    }

    private static Tx parse(int index, ByteString data, TxValidationCode code) {
        try {
            Payload payload = Payload.parseFrom(Envelope.parseFrom(data).getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            HeaderType type = Optional.ofNullable(HeaderType.forNumber(header.getType())).orElse(HeaderType.MESSAGE);
            List<ChaincodeEvent> events = type == HeaderType.ENDORSER_TRANSACTION ? events(payload.getData()) : List.of();
            return new Tx(index, header.getTxId(), type, code, events);
        } catch (InvalidProtocolBufferException e) {
            // A transaction too broken to read (the validator has marked it invalid): no id, no events.
            return new Tx(index, "", HeaderType.MESSAGE, code, List.of());
        }
    }

    /** The chaincode events of a transaction; only events naming chaincode, name and tx id count (Fabric's gateway rule). */
    private static List<ChaincodeEvent> events(ByteString transaction) throws InvalidProtocolBufferException {
        List<ChaincodeEvent> events = new ArrayList<>();
        for (TransactionAction action : Transaction.parseFrom(transaction).getActionsList()) {
            ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(action.getPayload());
            if (!cap.hasAction()) {
                continue;
            }
            ProposalResponsePayload prp = ProposalResponsePayload.parseFrom(cap.getAction().getProposalResponsePayload());
            ChaincodeEvent event = ChaincodeEvent.parseFrom(ChaincodeAction.parseFrom(prp.getExtension()).getEvents());
            if (!event.getChaincodeId().isEmpty() && !event.getEventName().isEmpty() && !event.getTxId().isEmpty()) {
                events.add(event);
            }
        }
        return events;
    }

    /** The block as {@code DeliverFiltered} sends it: tx ids, types, codes, and events without payloads. */
    static FilteredBlock filtered(Block block, String channelId) {
        FilteredBlock.Builder filtered = FilteredBlock.newBuilder()
                .setNumber(block.getHeader().getNumber()).setChannelId(channelId);
        for (Tx tx : transactions(block)) {
            FilteredTransaction.Builder ft = FilteredTransaction.newBuilder()
                    .setTxid(tx.txId()).setType(tx.type()).setTxValidationCode(tx.code());
            if (tx.type() == HeaderType.ENDORSER_TRANSACTION) {
                FilteredTransactionActions.Builder actions = FilteredTransactionActions.newBuilder();
                for (ChaincodeEvent event : tx.events()) {
                    actions.addChaincodeActions(FilteredChaincodeAction.newBuilder().setChaincodeEvent(
                            ChaincodeEvent.newBuilder().setTxId(event.getTxId())
                                    .setChaincodeId(event.getChaincodeId()).setEventName(event.getEventName())));
                }
                ft.setTransactionActions(actions);
            }
            filtered.addFilteredTransactions(ft);
        }
        return filtered.build();
    }
}
