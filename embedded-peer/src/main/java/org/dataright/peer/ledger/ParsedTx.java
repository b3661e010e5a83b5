package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.dataright.fabric.block.BlockHashes;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * A transaction envelope taken apart the way Fabric's {@code core/common/validation/msgvalidation.go}
 * and the VSCC do, without any check that needs keys or state. What is malformed is recorded as the
 * code Fabric gives it: {@link #headerFailure} for the envelope and its common header (checked before
 * the creator's signature), {@link #bodyFailure} for the transaction body and read-write set.
 */
final class ParsedTx {
    final int index;
    TxValidationCode headerFailure;
    TxValidationCode bodyFailure;
    String problem;
    Envelope envelope;
    ChannelHeader channelHeader;
    SignatureHeader signatureHeader;
    ByteString proposalResponsePayload = ByteString.EMPTY;
    List<Endorsement> endorsements = List.of();
    List<NsRwSet> rwSets = List.of();
    ChaincodeEvent event;

    private ParsedTx(int index) {
        this.index = index;
    }

    /** The channel header's tx id, or null when there is no readable channel header. */
    String txId() {
        return channelHeader == null ? null : channelHeader.getTxId();
    }

    Timestamp timestamp() {
        return channelHeader == null ? Timestamp.getDefaultInstance() : channelHeader.getTimestamp();
    }

    static ParsedTx parse(int index, ByteString data) {
        ParsedTx tx = new ParsedTx(index);
        Payload payload;
        try {
            tx.envelope = Envelope.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            return tx.failHeader(TxValidationCode.INVALID_OTHER_REASON, "block data is not an Envelope: " + e.getMessage());
        }
        if (tx.envelope.getPayload().isEmpty()) {
            return tx.failHeader(TxValidationCode.NIL_ENVELOPE, "envelope has no payload");
        }
        try {
            payload = Payload.parseFrom(tx.envelope.getPayload());
        } catch (InvalidProtocolBufferException e) {
            return tx.failHeader(TxValidationCode.BAD_PAYLOAD, "envelope payload is not a Payload: " + e.getMessage());
        }
        if (!payload.hasHeader()) {
            return tx.failHeader(TxValidationCode.BAD_COMMON_HEADER, "payload has no header");
        }
        try {
            tx.channelHeader = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            tx.signatureHeader = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
        } catch (InvalidProtocolBufferException e) {
            tx.channelHeader = null;
            return tx.failHeader(TxValidationCode.BAD_COMMON_HEADER, "malformed channel or signature header: " + e.getMessage());
        }
        if (tx.signatureHeader.getNonce().isEmpty() || tx.signatureHeader.getCreator().isEmpty()) {
            return tx.failHeader(TxValidationCode.BAD_COMMON_HEADER, "signature header lacks a nonce or a creator");
        }
        if (tx.channelHeader.getEpoch() != 0) {
            return tx.failHeader(TxValidationCode.BAD_COMMON_HEADER, "channel header epoch must be 0");
        }
        int type = tx.channelHeader.getType();
        if (type == HeaderType.ENDORSER_TRANSACTION_VALUE) {
            tx.parseEndorserTransaction(payload);
        } else if (type == HeaderType.CONFIG_VALUE) {
            tx.failBody(TxValidationCode.INVALID_CONFIG_TRANSACTION, "channel configuration updates are not supported by the embedded peer");
        } else if (type == HeaderType.CONFIG_UPDATE_VALUE) {
            tx.failBody(TxValidationCode.UNSUPPORTED_TX_PAYLOAD, "CONFIG_UPDATE envelopes are not transactions");
        } else {
            tx.failHeader(TxValidationCode.BAD_COMMON_HEADER, "unsupported header type " + type);
        }
        return tx;
    }

    private void parseEndorserTransaction(Payload payload) {
        try {
            Transaction transaction = Transaction.parseFrom(payload.getData());
            if (transaction.getActionsCount() != 1) {
                failBody(TxValidationCode.INVALID_ENDORSER_TRANSACTION,
                        "only one action per transaction is supported, this one has " + transaction.getActionsCount());
                return;
            }
            TransactionAction action = transaction.getActions(0);
            SignatureHeader.parseFrom(action.getHeader());
            ChaincodeActionPayload actionPayload = ChaincodeActionPayload.parseFrom(action.getPayload());
            if (!actionPayload.hasAction() || actionPayload.getAction().getProposalResponsePayload().isEmpty()) {
                failBody(TxValidationCode.INVALID_ENDORSER_TRANSACTION, "action has no proposal response payload");
                return;
            }
            proposalResponsePayload = actionPayload.getAction().getProposalResponsePayload();
            endorsements = actionPayload.getAction().getEndorsementsList();
            ProposalResponsePayload response = ProposalResponsePayload.parseFrom(proposalResponsePayload);
            if (response.getExtension().isEmpty()) {
                failBody(TxValidationCode.INVALID_ENDORSER_TRANSACTION, "proposal response payload has no extension");
                return;
            }
            // The endorsed response must answer this very proposal: channel header, the action's
            // signature header and the proposal payload (Fabric's GetProposalHash2).
            MessageDigest digest = BlockHashes.newSha256();
            digest.update(payload.getHeader().getChannelHeader().asReadOnlyByteBuffer());
            digest.update(action.getHeader().asReadOnlyByteBuffer());
            digest.update(actionPayload.getChaincodeProposalPayload().asReadOnlyByteBuffer());
            if (!MessageDigest.isEqual(digest.digest(), response.getProposalHash().toByteArray())) {
                failBody(TxValidationCode.INVALID_ENDORSER_TRANSACTION, "proposal hash does not match the transaction's proposal");
                return;
            }
            ChaincodeAction chaincodeAction = ChaincodeAction.parseFrom(response.getExtension());
            if (!chaincodeAction.getEvents().isEmpty()) {
                event = ChaincodeEvent.parseFrom(chaincodeAction.getEvents());
            }
            parseRwSet(chaincodeAction.getResults());
        } catch (InvalidProtocolBufferException e) {
            failBody(TxValidationCode.INVALID_ENDORSER_TRANSACTION, "malformed endorser transaction: " + e.getMessage());
        }
    }

    private void parseRwSet(ByteString results) {
        TxReadWriteSet txRwSet;
        try {
            txRwSet = TxReadWriteSet.parseFrom(results);
        } catch (InvalidProtocolBufferException e) {
            failBody(TxValidationCode.BAD_RWSET, "results are not a TxReadWriteSet: " + e.getMessage());
            return;
        }
        if (txRwSet.getDataModel() != TxReadWriteSet.DataModel.KV) {
            failBody(TxValidationCode.BAD_RWSET, "read-write set data model " + txRwSet.getDataModel() + " is not KV");
            return;
        }
        List<NsRwSet> sets = new ArrayList<>();
        for (NsReadWriteSet ns : txRwSet.getNsRwsetList()) {
            if (ns.getNamespace().isEmpty() || ns.getNamespace().indexOf('\0') >= 0) {
                failBody(TxValidationCode.BAD_RWSET, "invalid namespace name '" + ns.getNamespace() + "'");
                return;
            }
            if (ns.getCollectionHashedRwsetCount() > 0) {
                failBody(TxValidationCode.BAD_RWSET, "private data collections are not supported (namespace " + ns.getNamespace() + ")");
                return;
            }
            KVRWSet kv;
            try {
                kv = KVRWSet.parseFrom(ns.getRwset());
            } catch (InvalidProtocolBufferException e) {
                failBody(TxValidationCode.BAD_RWSET, "rwset of namespace " + ns.getNamespace() + " is not a KVRWSet: " + e.getMessage());
                return;
            }
            if (kv.getMetadataWritesCount() > 0) {
                failBody(TxValidationCode.BAD_RWSET, "key-level endorsement metadata is not supported (namespace " + ns.getNamespace() + ")");
                return;
            }
            for (RangeQueryInfo rq : kv.getRangeQueriesInfoList()) {
                if (rq.hasReadsMerkleHashes()) {
                    failBody(TxValidationCode.BAD_RWSET, "range query Merkle summaries are not supported; send raw reads");
                    return;
                }
            }
            for (KVWrite w : kv.getWritesList()) {
                if (w.getKey().isEmpty()) {
                    failBody(TxValidationCode.BAD_RWSET, "empty key written in namespace " + ns.getNamespace());
                    return;
                }
            }
            sets.add(new NsRwSet(ns.getNamespace(), kv));
        }
        rwSets = List.copyOf(sets);
    }

    private ParsedTx failHeader(TxValidationCode code, String why) {
        headerFailure = code;
        problem = why;
        return this;
    }

    private void failBody(TxValidationCode code, String why) {
        bodyFailure = code;
        problem = why;
    }
}
