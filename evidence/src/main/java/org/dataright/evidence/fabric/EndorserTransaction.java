package org.dataright.evidence.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
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
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/**
 * An endorser transaction envelope unpacked layer by layer as Fabric's validator does
 * ({@code core/common/validation/msgvalidation.go}): Envelope → Payload → Header (channel and signature
 * headers) → Transaction with exactly one action → ChaincodeActionPayload → ProposalResponsePayload →
 * ChaincodeAction (read-write set, event, response). Parsing throws {@link IllegalArgumentException}
 * naming the layer that is malformed.
 */
public final class EndorserTransaction {
    private final Envelope envelope;
    private final Payload payload;
    private final ChannelHeader channelHeader;
    private final SignatureHeader signatureHeader;
    private final ChaincodeHeaderExtension headerExtension;
    private final TransactionAction action;
    private final ChaincodeActionPayload actionPayload;
    private final ProposalResponsePayload proposalResponsePayload;
    private final ChaincodeAction chaincodeAction;
    private final TxReadWriteSet readWriteSet;
    private final ChaincodeEvent event;

    private EndorserTransaction(ByteString envelopeBytes) {
        envelope = layer("Envelope", () -> Envelope.parseFrom(envelopeBytes));
        payload = layer("Payload", () -> Payload.parseFrom(envelope.getPayload()));
        channelHeader = layer("ChannelHeader", () -> ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()));
        if (channelHeader.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
            throw new IllegalArgumentException("the envelope is not an endorser transaction (header type "
                    + channelHeader.getType() + ")");
        }
        signatureHeader = layer("SignatureHeader", () -> SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader()));
        headerExtension = layer("ChaincodeHeaderExtension", () -> ChaincodeHeaderExtension.parseFrom(channelHeader.getExtension()));
        Transaction tx = layer("Transaction", () -> Transaction.parseFrom(payload.getData()));
        if (tx.getActionsCount() != 1) {
            throw new IllegalArgumentException("an endorser transaction has exactly one action, not " + tx.getActionsCount());
        }
        action = tx.getActions(0);
        actionPayload = layer("ChaincodeActionPayload", () -> ChaincodeActionPayload.parseFrom(action.getPayload()));
        proposalResponsePayload = layer("ProposalResponsePayload",
                () -> ProposalResponsePayload.parseFrom(actionPayload.getAction().getProposalResponsePayload()));
        chaincodeAction = layer("ChaincodeAction", () -> ChaincodeAction.parseFrom(proposalResponsePayload.getExtension()));
        readWriteSet = layer("TxReadWriteSet", () -> TxReadWriteSet.parseFrom(chaincodeAction.getResults()));
        event = layer("ChaincodeEvent", () -> ChaincodeEvent.parseFrom(chaincodeAction.getEvents()));
    }

    /** Whether the envelope's channel header says endorser transaction (config transactions write no chaincode state). */
    public static boolean isEndorserTransaction(ByteString envelopeBytes) {
        Envelope envelope = layer("Envelope", () -> Envelope.parseFrom(envelopeBytes));
        Payload payload = layer("Payload", () -> Payload.parseFrom(envelope.getPayload()));
        return layer("ChannelHeader", () -> ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()))
                .getType() == HeaderType.ENDORSER_TRANSACTION_VALUE;
    }

    public static EndorserTransaction parse(ByteString envelopeBytes) {
        return new EndorserTransaction(envelopeBytes);
    }

    public Envelope envelope() {
        return envelope;
    }

    public ChannelHeader channelHeader() {
        return channelHeader;
    }

    public SignatureHeader signatureHeader() {
        return signatureHeader;
    }

    /** The serialized identity of the client that signed the proposal and the envelope. */
    public ByteString creator() {
        return signatureHeader.getCreator();
    }

    public String transactionId() {
        return channelHeader.getTxId();
    }

    public Instant timestamp() {
        return Instant.ofEpochSecond(channelHeader.getTimestamp().getSeconds(), channelHeader.getTimestamp().getNanos());
    }

    /** The chaincode named in the proposal's header extension. */
    public String headerChaincode() {
        return headerExtension.getChaincodeId().getName();
    }

    /** The chaincode named in the endorsed action. */
    public String actionChaincode() {
        return chaincodeAction.getChaincodeId().getName();
    }

    public TransactionAction action() {
        return action;
    }

    public ChaincodeActionPayload actionPayload() {
        return actionPayload;
    }

    public ProposalResponsePayload proposalResponsePayload() {
        return proposalResponsePayload;
    }

    public ChaincodeAction chaincodeAction() {
        return chaincodeAction;
    }

    public ChaincodeEvent event() {
        return event;
    }

    /** Fabric's transaction id rule: hex(SHA-256(nonce ‖ creator)). */
    public String computedTransactionId() {
        MessageDigest sha256 = BlockHashes.newSha256();
        sha256.update(signatureHeader.getNonce().asReadOnlyByteBuffer());
        sha256.update(signatureHeader.getCreator().asReadOnlyByteBuffer());
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * The proposal hash as the committing peer recomputes it ({@code GetProposalHash2}): SHA-256 over the
     * channel header, the signature header and the chaincode proposal payload that the transaction
     * carries (which has the transient map removed).
     */
    public byte[] computedProposalHash() {
        MessageDigest sha256 = BlockHashes.newSha256();
        sha256.update(payload.getHeader().getChannelHeader().asReadOnlyByteBuffer());
        sha256.update(payload.getHeader().getSignatureHeader().asReadOnlyByteBuffer());
        sha256.update(actionPayload.getChaincodeProposalPayload().asReadOnlyByteBuffer());
        return sha256.digest();
    }

    /** The public writes of {@code namespace}'s read-write set (empty when it wrote nothing). */
    public List<KVWrite> writes(String namespace) {
        List<KVWrite> writes = new ArrayList<>();
        for (NsReadWriteSet ns : readWriteSet.getNsRwsetList()) {
            if (ns.getNamespace().equals(namespace)) {
                KVRWSet kv = layer("KVRWSet of " + namespace, () -> KVRWSet.parseFrom(ns.getRwset()));
                writes.addAll(kv.getWritesList());
            }
        }
        return writes;
    }

    /** The write of {@code key} in {@code namespace}, if the transaction wrote it. */
    public Optional<KVWrite> write(String namespace, String key) {
        return writes(namespace).stream().filter(w -> w.getKey().equals(key)).findFirst();
    }

    @FunctionalInterface
    private interface Parse<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    private static <T> T layer(String name, Parse<T> parse) {
        try {
            return parse.parse();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the transaction's " + name + " is malformed: " + e.getMessage(), e);
        }
    }
}
