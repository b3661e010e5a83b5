package org.dataright.service.log;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Fabric blocks built the way a peer commits them: envelopes of endorser transactions whose chaincode
 * action carries a read-write set and an event, and the transactions filter in the block metadata.
 */
final class LogBlocks {
    private LogBlocks() {
    }

    /** A transaction: its id, validation code, and the keys it writes in {@code namespace}. */
    record Tx(String txId, TxValidationCode code, HeaderType type, String namespace, List<String> writes) {
        static Tx valid(String txId, String namespace, String... writes) {
            return new Tx(txId, TxValidationCode.VALID, HeaderType.ENDORSER_TRANSACTION, namespace, List.of(writes));
        }

        static Tx invalid(String txId, TxValidationCode code, String namespace, String... writes) {
            return new Tx(txId, code, HeaderType.ENDORSER_TRANSACTION, namespace, List.of(writes));
        }
    }

    static Block block(long number, Tx... txs) {
        BlockData.Builder data = BlockData.newBuilder();
        byte[] filter = new byte[txs.length];
        for (int i = 0; i < txs.length; i++) {
            data.addData(envelope(txs[i]).toByteString());
            filter[i] = (byte) txs[i].code().getNumber();
        }
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        for (int slot = 0; slot < 5; slot++) {
            metadata.addMetadata(slot == 2 ? ByteString.copyFrom(filter) : ByteString.EMPTY);
        }
        return Block.newBuilder().setHeader(BlockHeader.newBuilder().setNumber(number)).setData(data)
                .setMetadata(metadata).build();
    }

    /** {@code count} blocks from {@code first}, each with {@code perBlock} valid transactions {@code tx-<block>-<i>}. */
    static List<Block> blocks(long first, int count, int perBlock) {
        List<Block> blocks = new ArrayList<>();
        for (long b = first; b < first + count; b++) {
            Tx[] txs = new Tx[perBlock];
            for (int i = 0; i < perBlock; i++) {
                txs[i] = Tx.valid("tx-" + b + "-" + i, "rights", "asset~A-" + b + "-" + i);
            }
            blocks.add(block(b, txs));
        }
        return blocks;
    }

    static Envelope envelope(Tx tx) {
        ChannelHeader channelHeader = ChannelHeader.newBuilder().setType(tx.type().getNumber()).setChannelId("registry")
                .setTxId(tx.txId()).setTimestamp(Timestamp.newBuilder().setSeconds(1_796_000_000L)).build();
        KVRWSet.Builder kv = KVRWSet.newBuilder().addReads(KVRead.newBuilder().setKey("read-only"));
        for (String key : tx.writes()) {
            // The value is JSON, as the chaincode's records are (a composite key's U+0000 escaped).
            String json = "{\"key\":\"" + key.replace("\u0000", "\\u0000") + "\"}";
            kv.addWrites(KVWrite.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(json)));
        }
        TxReadWriteSet rwset = TxReadWriteSet.newBuilder().setDataModel(TxReadWriteSet.DataModel.KV)
                .addNsRwset(NsReadWriteSet.newBuilder().setNamespace(tx.namespace()).setRwset(kv.build().toByteString()))
                .build();
        ChaincodeAction action = ChaincodeAction.newBuilder().setResults(rwset.toByteString())
                .setEvents(ChaincodeEvent.newBuilder().setChaincodeId(tx.namespace()).setTxId(tx.txId())
                        .setEventName("RightRegistered").setPayload(ByteString.copyFrom("{}", StandardCharsets.UTF_8))
                        .build().toByteString())
                .build();
        ProposalResponsePayload response = ProposalResponsePayload.newBuilder().setExtension(action.toByteString()).build();
        ChaincodeActionPayload actionPayload = ChaincodeActionPayload.newBuilder()
                .setAction(ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(response.toByteString())).build();
        Transaction transaction = Transaction.newBuilder()
                .addActions(TransactionAction.newBuilder().setPayload(actionPayload.toByteString())).build();
        Payload payload = Payload.newBuilder().setHeader(Header.newBuilder().setChannelHeader(channelHeader.toByteString()))
                .setData(transaction.toByteString()).build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).setSignature(ByteString.copyFromUtf8("sig")).build();
    }
}
