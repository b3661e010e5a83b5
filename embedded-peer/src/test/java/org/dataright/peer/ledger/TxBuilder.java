package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.fabric.block.TxIds;
import org.dataright.fabric.msp.SigningIdentity;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.QueryReads;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/**
 * Builds a real, signed Fabric endorser transaction as a client and its endorsing peers would:
 * proposal (channel header with tx id from nonce and creator, signature header, chaincode proposal
 * payload), proposal response payload (proposal hash, ChaincodeAction with the read-write set and
 * event) signed by each endorser over {@code payload ‖ endorser}, and the envelope signed by the
 * creator. Setters for the faults the validation tests need.
 */
public final class TxBuilder {
    private static final SecureRandom RANDOM = new SecureRandom();

    private String channel;
    private final String chaincode;
    private SigningIdentity creator;
    private SigningIdentity envelopeSigner;
    private List<SigningIdentity> endorsers = List.of();
    private SigningIdentity forgedEndorsementSigner;
    private final KVRWSet.Builder rwset = KVRWSet.newBuilder();
    private ChaincodeEvent event;
    private byte[] nonce;
    private String txIdOverride;
    private boolean tamperProposalHash;
    private Instant timestamp = Instant.now();

    public TxBuilder(String channel, String chaincode, SigningIdentity creator) {
        this.channel = channel;
        this.chaincode = chaincode;
        this.creator = creator;
        this.nonce = new byte[24];
        RANDOM.nextBytes(nonce);
    }

    public TxBuilder endorsedBy(SigningIdentity... peers) {
        endorsers = List.of(peers);
        return this;
    }

    public TxBuilder creator(SigningIdentity identity) {
        creator = identity;
        return this;
    }

    /** Signs the envelope with another key than the creator's. */
    public TxBuilder envelopeSignedBy(SigningIdentity signer) {
        envelopeSigner = signer;
        return this;
    }

    /** Endorsements claim the listed endorsers but are signed with this identity's key. */
    public TxBuilder endorsementsSignedBy(SigningIdentity signer) {
        forgedEndorsementSigner = signer;
        return this;
    }

    public TxBuilder channel(String name) {
        channel = name;
        return this;
    }

    public TxBuilder nonce(byte[] bytes) {
        nonce = bytes.clone();
        return this;
    }

    public TxBuilder txId(String id) {
        txIdOverride = id;
        return this;
    }

    public TxBuilder tamperProposalHash() {
        tamperProposalHash = true;
        return this;
    }

    public TxBuilder timestamp(Instant t) {
        timestamp = t;
        return this;
    }

    public TxBuilder read(String key, Version version) {
        KVRead.Builder r = KVRead.newBuilder().setKey(key);
        if (version != null) {
            r.setVersion(version);
        }
        rwset.addReads(r);
        return this;
    }

    public TxBuilder write(String key, String value) {
        rwset.addWrites(KVWrite.newBuilder().setKey(key).setValue(ByteString.copyFrom(value, StandardCharsets.UTF_8)));
        return this;
    }

    public TxBuilder delete(String key) {
        rwset.addWrites(KVWrite.newBuilder().setKey(key).setIsDelete(true));
        return this;
    }

    /** A range query's record: the keys and versions read, whether the iterator was exhausted. */
    public TxBuilder rangeRead(String start, String end, boolean exhausted, List<StateEntry> seen) {
        QueryReads.Builder reads = QueryReads.newBuilder();
        for (StateEntry e : seen) {
            reads.addKvReads(KVRead.newBuilder().setKey(e.key()).setVersion(e.version()));
        }
        rwset.addRangeQueriesInfo(RangeQueryInfo.newBuilder()
                .setStartKey(start).setEndKey(end).setItrExhausted(exhausted).setRawReads(reads));
        return this;
    }

    public TxBuilder event(String name, String payload) {
        event = ChaincodeEvent.newBuilder().setChaincodeId(chaincode).setEventName(name)
                .setPayload(ByteString.copyFrom(payload, StandardCharsets.UTF_8)).build();
        return this;
    }

    /** The tx id the envelope will carry. */
    public String txId() {
        return txIdOverride != null ? txIdOverride : TxIds.compute(ByteString.copyFrom(nonce), creator.serialized());
    }

    public Envelope build() {
        ByteString creatorBytes = creator.serialized();
        ChaincodeID ccId = ChaincodeID.newBuilder().setName(chaincode).build();
        ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                .setChannelId(channel)
                .setTxId(txId())
                .setTimestamp(Timestamp.newBuilder().setSeconds(timestamp.getEpochSecond()).setNanos(timestamp.getNano()))
                .setExtension(ChaincodeHeaderExtension.newBuilder().setChaincodeId(ccId).build().toByteString())
                .build();
        ByteString channelHeaderBytes = channelHeader.toByteString();
        ByteString signatureHeaderBytes = SignatureHeader.newBuilder()
                .setCreator(creatorBytes).setNonce(ByteString.copyFrom(nonce)).build().toByteString();
        ByteString proposalPayload = ChaincodeProposalPayload.newBuilder()
                .setInput(ChaincodeInvocationSpec.newBuilder().setChaincodeSpec(ChaincodeSpec.newBuilder()
                        .setChaincodeId(ccId)
                        .setInput(ChaincodeInput.newBuilder().addArgs(ByteString.copyFromUtf8("Invoke"))))
                        .build().toByteString())
                .build().toByteString();
        MessageDigest digest = BlockHashes.newSha256();
        digest.update(channelHeaderBytes.toByteArray());
        digest.update(signatureHeaderBytes.toByteArray());
        digest.update(proposalPayload.toByteArray());
        byte[] proposalHash = digest.digest();
        if (tamperProposalHash) {
            proposalHash[0] ^= 1;
        }
        ChaincodeAction.Builder action = ChaincodeAction.newBuilder()
                .setResults(TxReadWriteSet.newBuilder()
                        .setDataModel(TxReadWriteSet.DataModel.KV)
                        .addNsRwset(NsReadWriteSet.newBuilder().setNamespace(chaincode).setRwset(rwset.build().toByteString()))
                        .build().toByteString())
                .setResponse(Response.newBuilder().setStatus(200))
                .setChaincodeId(ccId);
        if (event != null) {
            action.setEvents(event.toByteString());
        }
        ByteString responsePayload = ProposalResponsePayload.newBuilder()
                .setProposalHash(ByteString.copyFrom(proposalHash))
                .setExtension(action.build().toByteString())
                .build().toByteString();
        List<Endorsement> endorsements = new ArrayList<>();
        for (SigningIdentity peer : endorsers) {
            ByteString endorser = peer.serialized();
            SigningIdentity signer = forgedEndorsementSigner != null ? forgedEndorsementSigner : peer;
            endorsements.add(Endorsement.newBuilder()
                    .setEndorser(endorser)
                    .setSignature(ByteString.copyFrom(signer.sign(responsePayload.concat(endorser).toByteArray())))
                    .build());
        }
        Transaction transaction = Transaction.newBuilder()
                .addActions(TransactionAction.newBuilder()
                        .setHeader(signatureHeaderBytes)
                        .setPayload(ChaincodeActionPayload.newBuilder()
                                .setChaincodeProposalPayload(proposalPayload)
                                .setAction(ChaincodeEndorsedAction.newBuilder()
                                        .setProposalResponsePayload(responsePayload)
                                        .addAllEndorsements(endorsements))
                                .build().toByteString()))
                .build();
        byte[] payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(channelHeaderBytes).setSignatureHeader(signatureHeaderBytes))
                .setData(transaction.toByteString())
                .build().toByteArray();
        SigningIdentity signer = envelopeSigner != null ? envelopeSigner : creator;
        return Envelope.newBuilder()
                .setPayload(ByteString.copyFrom(payload))
                .setSignature(ByteString.copyFrom(signer.sign(payload)))
                .build();
    }
}
