package org.dataright.peer.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dataright.fabric.block.TxIds;
import org.dataright.fabric.msp.SigningIdentity;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.gateway.EndorseRequest;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.gateway.GatewayGrpc;
import org.hyperledger.fabric.protos.gateway.SubmitRequest;
import org.hyperledger.fabric.protos.orderer.AtomicBroadcastGrpc;
import org.hyperledger.fabric.protos.orderer.BroadcastResponse;
import org.hyperledger.fabric.protos.orderer.SeekInfo;
import org.hyperledger.fabric.protos.orderer.SeekNewest;
import org.hyperledger.fabric.protos.orderer.SeekOldest;
import org.hyperledger.fabric.protos.orderer.SeekPosition;
import org.hyperledger.fabric.protos.orderer.SeekSpecified;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.DeliverGrpc;
import org.hyperledger.fabric.protos.peer.DeliverResponse;
import org.hyperledger.fabric.protos.peer.EndorserGrpc;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.ProposalResponse;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * A client that builds and signs its proposals and transactions by hand, as an attacker would, so that
 * it can write any timestamp into the channel header; it talks to the Gateway service over real gRPC.
 */
final class HandMadeClient implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ManagedChannel channel;
    private final GatewayGrpc.GatewayBlockingStub gateway;
    private final SigningIdentity identity;
    private final String channelId;
    private final String chaincode;

    HandMadeClient(String endpoint, SigningIdentity identity, String channelId, String chaincode) {
        this.channel = Grpc.newChannelBuilder(endpoint, InsecureChannelCredentials.create()).build();
        this.gateway = GatewayGrpc.newBlockingStub(channel);
        this.identity = identity;
        this.channelId = channelId;
        this.chaincode = chaincode;
    }

    /** A signed proposal of {@code args} whose channel header claims {@code timestamp}. */
    SignedProposal proposal(Instant timestamp, String... args) {
        List<ByteString> bytes = new ArrayList<>();
        for (String a : args) {
            bytes.add(ByteString.copyFromUtf8(a));
        }
        return proposal(timestamp, channelId, chaincode, bytes);
    }

    /** A signed proposal to {@code chaincodeName} on {@code channel} ("" for none) with arguments as bytes. */
    SignedProposal proposal(Instant timestamp, String channel, String chaincodeName, List<ByteString> args) {
        byte[] nonce = new byte[24];
        RANDOM.nextBytes(nonce);
        ByteString creator = identity.serialized();
        ChaincodeID id = ChaincodeID.newBuilder().setName(chaincodeName).build();
        ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                .setChannelId(channel)
                .setTxId(TxIds.compute(ByteString.copyFrom(nonce), creator))
                .setTimestamp(Timestamp.newBuilder().setSeconds(timestamp.getEpochSecond()).setNanos(timestamp.getNano()))
                .setExtension(ChaincodeHeaderExtension.newBuilder().setChaincodeId(id).build().toByteString())
                .build();
        SignatureHeader signatureHeader = SignatureHeader.newBuilder().setCreator(creator).setNonce(ByteString.copyFrom(nonce)).build();
        ChaincodeInput.Builder input = ChaincodeInput.newBuilder().addAllArgs(args);
        ChaincodeProposalPayload payload = ChaincodeProposalPayload.newBuilder()
                .setInput(ChaincodeInvocationSpec.newBuilder()
                        .setChaincodeSpec(ChaincodeSpec.newBuilder().setChaincodeId(id).setInput(input)).build().toByteString())
                .build();
        Proposal proposal = Proposal.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(channelHeader.toByteString())
                        .setSignatureHeader(signatureHeader.toByteString()).build().toByteString())
                .setPayload(payload.toByteString())
                .build();
        ByteString bytes = proposal.toByteString();
        return SignedProposal.newBuilder().setProposalBytes(bytes)
                .setSignature(ByteString.copyFrom(identity.sign(bytes.toByteArray()))).build();
    }

    /** A signed Deliver request for {@code seek}, dated now. */
    Envelope seek(SeekInfo seek) {
        byte[] nonce = new byte[24];
        RANDOM.nextBytes(nonce);
        Instant now = Instant.now();
        ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.DELIVER_SEEK_INFO_VALUE)
                .setChannelId(channelId)
                .setTimestamp(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .build();
        SignatureHeader signatureHeader = SignatureHeader.newBuilder().setCreator(identity.serialized())
                .setNonce(ByteString.copyFrom(nonce)).build();
        ByteString payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(channelHeader.toByteString())
                        .setSignatureHeader(signatureHeader.toByteString()))
                .setData(seek.toByteString())
                .build().toByteString();
        return Envelope.newBuilder().setPayload(payload)
                .setSignature(ByteString.copyFrom(identity.sign(payload.toByteArray()))).build();
    }

    /** From {@code start} on, for ever (the stop is the largest block number). */
    static SeekInfo from(SeekPosition start) {
        return SeekInfo.newBuilder().setStart(start)
                .setStop(SeekPosition.newBuilder().setSpecified(SeekSpecified.newBuilder().setNumber(Long.MAX_VALUE)))
                .build();
    }

    static SeekPosition oldest() {
        return SeekPosition.newBuilder().setOldest(SeekOldest.getDefaultInstance()).build();
    }

    static SeekPosition newest() {
        return SeekPosition.newBuilder().setNewest(SeekNewest.getDefaultInstance()).build();
    }

    /** A Deliver stream whose client takes no message until {@link DeliverStream#request} asks for some. */
    DeliverStream deliver(SeekInfo seek) {
        DeliverStream stream = new DeliverStream();
        StreamObserver<Envelope> requests = DeliverGrpc.newStub(channel).deliver(stream);
        requests.onNext(seek(seek));
        return stream;
    }

    /** What one Deliver stream received, with manual flow control: nothing is read before it is requested. */
    static final class DeliverStream implements ClientResponseObserver<Envelope, DeliverResponse> {
        final List<DeliverResponse> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        private volatile ClientCallStreamObserver<Envelope> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<Envelope> requestStream) {
            call = requestStream;
            requestStream.disableAutoRequestWithInitial(0);
        }

        void request(int messages) {
            call.request(messages);
        }

        void cancel() {
            call.cancel("the test is done with it", null);
        }

        @Override
        public void onNext(DeliverResponse value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
            ended.complete(t);
        }

        @Override
        public void onCompleted() {
            ended.complete(null);
        }
    }

    /** Fabric's Endorser service, as the peer CLI calls it. */
    ProposalResponse processProposal(SignedProposal proposal) {
        return EndorserGrpc.newBlockingStub(channel).processProposal(proposal);
    }

    /** The orderer's Broadcast: sends the envelopes on one stream and returns the responses until the stream ends. */
    List<BroadcastResponse> broadcast(Envelope... envelopes) throws InterruptedException {
        List<BroadcastResponse> responses = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        StreamObserver<Envelope> requests = AtomicBroadcastGrpc.newStub(channel).broadcast(new StreamObserver<>() {
            @Override
            public void onNext(BroadcastResponse value) {
                responses.add(value);
            }

            @Override
            public void onError(Throwable t) {
                ended.countDown();
            }

            @Override
            public void onCompleted() {
                ended.countDown();
            }
        });
        for (Envelope envelope : envelopes) {
            requests.onNext(envelope);
        }
        requests.onCompleted();
        if (!ended.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the broadcast stream did not end within 30 s");
        }
        return responses;
    }

    /** The prepared transaction signed by its creator. */
    Envelope signed(Envelope prepared) {
        return prepared.toBuilder().setSignature(ByteString.copyFrom(identity.sign(prepared.getPayload().toByteArray()))).build();
    }

    /** Endorses; returns the prepared (unsigned) transaction. */
    Envelope endorse(SignedProposal proposal) {
        String txId = UnpackedProposal.unpack(proposal).txId();
        return gateway.endorse(EndorseRequest.newBuilder().setTransactionId(txId).setChannelId(channelId)
                .setProposedTransaction(proposal).build()).getPreparedTransaction();
    }

    /** The envelope with its channel header's timestamp replaced by {@code timestamp}, signed again by the creator. */
    Envelope redated(Envelope prepared, Instant timestamp) throws InvalidProtocolBufferException {
        Payload payload = Payload.parseFrom(prepared.getPayload());
        ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).toBuilder()
                .setTimestamp(Timestamp.newBuilder().setSeconds(timestamp.getEpochSecond()).setNanos(timestamp.getNano()))
                .build();
        Payload changed = payload.toBuilder()
                .setHeader(payload.getHeader().toBuilder().setChannelHeader(header.toByteString())).build();
        return Envelope.newBuilder().setPayload(changed.toByteString()).build();
    }

    /** Signs the transaction as its creator and submits it. */
    void submit(Envelope prepared) throws InvalidProtocolBufferException {
        Payload payload = Payload.parseFrom(prepared.getPayload());
        String txId = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getTxId();
        Envelope signed = prepared.toBuilder()
                .setSignature(ByteString.copyFrom(identity.sign(prepared.getPayload().toByteArray()))).build();
        gateway.submit(SubmitRequest.newBuilder().setTransactionId(txId).setChannelId(channelId)
                .setPreparedTransaction(signed).build());
    }

    /** The error details' messages of a refused call. */
    static List<String> detailMessages(StatusRuntimeException e) {
        List<String> messages = new ArrayList<>();
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status != null) {
            for (com.google.protobuf.Any any : status.getDetailsList()) {
                try {
                    messages.add(any.unpack(ErrorDetail.class).getMessage());
                } catch (InvalidProtocolBufferException ex) {
                    throw new IllegalStateException("an error detail is not an ErrorDetail", ex);
                }
            }
        }
        return messages;
    }

    @Override
    public void close() {
        try {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
