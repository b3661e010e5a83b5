package org.dataright.peer.gateway;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Context;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.peer.ledger.Ledger;
import org.dataright.peer.ledger.TxStatus;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.gateway.ChaincodeEventsRequest;
import org.hyperledger.fabric.protos.gateway.ChaincodeEventsResponse;
import org.hyperledger.fabric.protos.gateway.CommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.CommitStatusResponse;
import org.hyperledger.fabric.protos.gateway.EndorseRequest;
import org.hyperledger.fabric.protos.gateway.EndorseResponse;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.gateway.EvaluateRequest;
import org.hyperledger.fabric.protos.gateway.EvaluateResponse;
import org.hyperledger.fabric.protos.gateway.GatewayGrpc;
import org.hyperledger.fabric.protos.gateway.SignedChaincodeEventsRequest;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.SubmitRequest;
import org.hyperledger.fabric.protos.gateway.SubmitResponse;
import org.hyperledger.fabric.protos.orderer.SeekPosition;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponse;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fabric's Gateway service ({@code gateway.proto}) for a one-peer network: endorsement by this
 * peer, ordering by its {@link Orderer}, commit status and chaincode events from its ledger.
 * Failures are gRPC statuses with the codes and texts of Fabric's gateway
 * ({@code internal/pkg/gateway}), carrying {@code ErrorDetail{address, msp_id, message}} details
 * where Fabric's do, so that fabric-gateway clients see the chaincode's message in
 * {@code GatewayException.getDetails()}.
 */
public final class GatewayService extends GatewayGrpc.GatewayImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayService.class);

    private final Ledger ledger;
    private final Endorser endorser;
    private final Orderer orderer;
    private final CommitNotifier notifier;
    private final String address;
    private final String mspId;
    private final Clock clock;
    private final BroadcastFilter broadcastFilter;

    /**
     * @param address the peer's endpoint as error details name it
     * @param mspId the peer's organisation, as error details name it
     * @param transactionTime how far a submitted transaction's timestamp may be from the orderer's clock
     */
    public GatewayService(Ledger ledger, Endorser endorser, Orderer orderer, CommitNotifier notifier, String address,
            String mspId, TimeWindow transactionTime) {
        this.ledger = ledger;
        this.endorser = endorser;
        this.orderer = orderer;
        this.notifier = notifier;
        this.address = address;
        this.mspId = mspId;
        this.clock = transactionTime.clock();
        this.broadcastFilter = new BroadcastFilter(ledger, transactionTime);
    }

    // ---------------------------------------------------------------- Endorse

    @Override
    public void endorse(EndorseRequest request, StreamObserver<EndorseResponse> response) {
        if (request.getProposedTransaction().getProposalBytes().isEmpty()) {
            response.onError(status(Code.INVALID_ARGUMENT, "the proposed transaction must contain a signed proposal"));
            return;
        }
        UnpackedProposal up;
        try {
            up = UnpackedProposal.unpack(request.getProposedTransaction());
        } catch (IllegalArgumentException e) {
            response.onError(status(Code.INVALID_ARGUMENT, e.getMessage()));
            return;
        }
        Endorser.Outcome outcome = endorser.process(up);
        Failure failure = failure(outcome);
        if (failure != null) {
            LOG.info("endorsement of tx {} failed: {}", up.txId(), failure.message());
            response.onError(status(Code.ABORTED, "failed to endorse transaction, see attached details for more info",
                    detail(failure.message())));
            return;
        }
        ProposalResponse pr = outcome.response();
        ChaincodeEndorsedAction action = ChaincodeEndorsedAction.newBuilder()
                .setProposalResponsePayload(pr.getPayload())
                .addEndorsements(pr.getEndorsement())
                .build();
        response.onNext(EndorseResponse.newBuilder().setPreparedTransaction(prepareTransaction(up, action)).build());
        response.onCompleted();
    }

    /** The unsigned transaction envelope, as Fabric's gateway {@code prepareTransaction} builds it. */
    private static Envelope prepareTransaction(UnpackedProposal up, ChaincodeEndorsedAction action) {
        ChaincodeActionPayload cap = ChaincodeActionPayload.newBuilder()
                .setChaincodeProposalPayload(up.payloadWithoutTransient())
                .setAction(action)
                .build();
        Transaction tx = Transaction.newBuilder()
                .addActions(TransactionAction.newBuilder()
                        .setHeader(up.header().getSignatureHeader())
                        .setPayload(cap.toByteString()))
                .build();
        Payload payload = Payload.newBuilder().setHeader(up.header()).setData(tx.toByteString()).build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).build();
    }

    // ---------------------------------------------------------------- Evaluate

    @Override
    public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> response) {
        if (request.getProposedTransaction().getProposalBytes().isEmpty()) {
            response.onError(status(Code.INVALID_ARGUMENT, "failed to unpack transaction proposal: a signed proposal is required"));
            return;
        }
        UnpackedProposal up;
        try {
            up = UnpackedProposal.unpack(request.getProposedTransaction());
        } catch (IllegalArgumentException e) {
            response.onError(status(Code.INVALID_ARGUMENT, "failed to unpack transaction proposal: " + e.getMessage()));
            return;
        }
        Endorser.Outcome outcome = endorser.process(up);
        Failure failure = failure(outcome);
        if (failure != null) {
            String message = failure.retry()
                    ? "failed to evaluate transaction, see attached details for more info"
                    : "evaluate call to endorser returned error: " + failure.message();
            response.onError(status(failure.code(), message, detail(failure.message())));
            return;
        }
        Response result = outcome.response().getResponse().toBuilder()
                .setPayload(resultOf(outcome.response()))
                .build();
        response.onNext(EvaluateResponse.newBuilder().setResult(result).build());
        response.onCompleted();
    }

    /** The chaincode's own response payload, from the proposal response payload (as Fabric's gateway reads it). */
    private static ByteString resultOf(ProposalResponse pr) {
        try {
            ProposalResponsePayload prp = ProposalResponsePayload.parseFrom(pr.getPayload());
            return ChaincodeAction.parseFrom(prp.getExtension()).getResponse().getPayload();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("this peer's own proposal response does not parse: " + e.getMessage(), e);
        }
    }

    /** Why a proposal response is a failure for the gateway (Fabric's {@code responseStatus}), or null. */
    private record Failure(Code code, String message, boolean retry) {
    }

    private static Failure failure(Endorser.Outcome outcome) {
        if (outcome.error() != null) {
            return new Failure(Code.FAILED_PRECONDITION, outcome.error(), false);
        }
        Response r = outcome.response().getResponse();
        if (r.getStatus() >= 200 && r.getStatus() < 400) {
            return null;
        }
        if (outcome.response().getPayload().isEmpty() && r.getStatus() == 500) {
            return new Failure(Code.ABORTED, r.getMessage(), true);
        }
        return new Failure(Code.UNKNOWN, "chaincode response " + r.getStatus() + ", " + r.getMessage(), false);
    }

    // ---------------------------------------------------------------- Submit

    @Override
    public void submit(SubmitRequest request, StreamObserver<SubmitResponse> response) {
        if (!request.hasPreparedTransaction()) {
            response.onError(status(Code.INVALID_ARGUMENT, "a prepared transaction is required"));
            return;
        }
        Envelope txn = request.getPreparedTransaction();
        if (txn.getSignature().isEmpty()) {
            response.onError(status(Code.INVALID_ARGUMENT, "prepared transaction must be signed"));
            return;
        }
        if (!request.getChannelId().isEmpty() && !request.getChannelId().equals(ledger.channelId())) {
            response.onError(status(Code.FAILED_PRECONDITION, "channel '" + request.getChannelId() + "' not found"));
            return;
        }
        Optional<BroadcastFilter.Refusal> refusal = broadcastFilter.check(txn);
        if (refusal.isPresent()) {
            response.onError(status(Code.ABORTED, "received unsuccessful response from orderer: " + refusal.get()));
            return;
        }
        try {
            orderer.order(txn);
        } catch (IllegalStateException e) {
            response.onError(status(Code.UNAVAILABLE, "no orderers could successfully process transaction", detail(e.getMessage())));
            return;
        }
        response.onNext(SubmitResponse.getDefaultInstance());
        response.onCompleted();
    }

    // ---------------------------------------------------------------- CommitStatus

    @Override
    public void commitStatus(SignedCommitStatusRequest signed, StreamObserver<CommitStatusResponse> response) {
        if (signed.getRequest().isEmpty()) {
            response.onError(status(Code.INVALID_ARGUMENT, "a commit status request is required"));
            return;
        }
        CommitStatusRequest request;
        try {
            request = CommitStatusRequest.parseFrom(signed.getRequest());
        } catch (InvalidProtocolBufferException e) {
            response.onError(status(Code.INVALID_ARGUMENT, "invalid status request: " + e.getMessage()));
            return;
        }
        if (request.getIdentity().isEmpty()) {
            response.onError(status(Code.INVALID_ARGUMENT, "no identity provided"));
            return;
        }
        if (request.getChannelId().isEmpty()) {
            response.onError(status(Code.INVALID_ARGUMENT, "no channel ID provided"));
            return;
        }
        if (request.getTransactionId().isEmpty()) {
            response.onError(status(Code.INVALID_ARGUMENT, "transaction ID should not be empty"));
            return;
        }
        StatusRuntimeException denied = checkReader(request.getChannelId(), request.getIdentity(), signed.getRequest(),
                signed.getSignature());
        if (denied != null) {
            response.onError(denied);
            return;
        }
        CompletableFuture<TxStatus> status = notifier.statusOf(request.getTransactionId());
        Context.current().addListener(ctx -> status.cancel(false), Runnable::run);
        status.whenComplete((s, e) -> {
            if (e == null) {
                response.onNext(CommitStatusResponse.newBuilder()
                        .setResult(s.code()).setBlockNumber(s.blockNumber()).build());
                response.onCompleted();
            }
            // Otherwise the call was cancelled by the client (or its deadline): nobody is listening.
        });
    }

    /** The signature check of Fabric's gateway ACLs: a valid member of the channel signed the request. */
    private StatusRuntimeException checkReader(String channelId, ByteString identity, ByteString data, ByteString signature) {
        if (!channelId.equals(ledger.channelId())) {
            return status(Code.NOT_FOUND, "channel '" + channelId + "' not found");
        }
        try {
            ledger.channelConfig().membership().verify(identity, data.toByteArray(), signature.toByteArray(), clock.instant());
            return null;
        } catch (IdentityException e) {
            return status(Code.PERMISSION_DENIED, "access denied: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- ChaincodeEvents

    @Override
    public void chaincodeEvents(SignedChaincodeEventsRequest signed, StreamObserver<ChaincodeEventsResponse> response) {
        if (signed.getRequest().isEmpty()) {
            response.onError(status(Code.INVALID_ARGUMENT, "a chaincode events request is required"));
            return;
        }
        ChaincodeEventsRequest request;
        try {
            request = ChaincodeEventsRequest.parseFrom(signed.getRequest());
        } catch (InvalidProtocolBufferException e) {
            response.onError(status(Code.INVALID_ARGUMENT, "invalid chaincode events request: " + e.getMessage()));
            return;
        }
        StatusRuntimeException denied = checkReader(request.getChannelId(), request.getIdentity(), signed.getRequest(),
                signed.getSignature());
        if (denied != null) {
            response.onError(denied);
            return;
        }
        Optional<TxStatus> after = request.getAfterTransactionId().isEmpty()
                ? Optional.empty() : ledger.getTxStatus(request.getAfterTransactionId());
        long start;
        if (after.isPresent()) {
            start = after.get().blockNumber();
        } else {
            try {
                start = startBlock(request.getStartPosition());
            } catch (IllegalArgumentException e) {
                response.onError(status(Code.INVALID_ARGUMENT, e.getMessage()));
                return;
            }
        }
        streamEvents((ServerCallStreamObserver<ChaincodeEventsResponse>) response, request.getChaincodeId(), start,
                after.map(TxStatus::txNumber).orElse(-1));
    }

    /**
     * Where a seek position starts: next commit (also when unset) = the current height, specified =
     * its number, oldest = 0, newest = the last block.
     */
    private long startBlock(SeekPosition position) {
        switch (position.getTypeCase()) {
            case TYPE_NOT_SET:
            case NEXT_COMMIT:
                return ledger.height();
            case SPECIFIED:
                return position.getSpecified().getNumber();
            case OLDEST:
                return 0;
            case NEWEST:
                return ledger.height() - 1;
            default:
                throw new IllegalArgumentException("invalid start position type: " + position.getTypeCase());
        }
    }

    /**
     * Sends, block by block from {@code start}, the events of valid transactions of the chaincode;
     * in the start block only those after transaction number {@code afterTxNumber} (-1: all).
     */
    private void streamEvents(ServerCallStreamObserver<ChaincodeEventsResponse> response, String chaincodeId, long start,
            int afterTxNumber) {
        Context context = Context.current();
        try {
            for (long n = start; ; n++) {
                Optional<Block> block = notifier.awaitBlock(n, context::isCancelled);
                if (block.isEmpty()) {
                    return;
                }
                List<ChaincodeEvent> events = new ArrayList<>();
                for (BlockContents.Tx tx : BlockContents.transactions(block.get())) {
                    if (tx.isValid() && (n != start || tx.index() > afterTxNumber)) {
                        tx.events().stream().filter(e -> e.getChaincodeId().equals(chaincodeId)).forEach(events::add);
                    }
                }
                if (!events.isEmpty()) {
                    Streams.awaitReady(response, context);
                    response.onNext(ChaincodeEventsResponse.newBuilder().setBlockNumber(n).addAllEvents(events).build());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.onError(status(Code.ABORTED, "the peer is shutting down"));
        } catch (RuntimeException e) {
            if (!context.isCancelled()) {
                LOG.warn("chaincode event stream for {} ended: {}", chaincodeId, e.getMessage());
                response.onError(status(Code.ABORTED, e.getMessage()));
            }
        }
    }

    // ---------------------------------------------------------------- errors

    private ErrorDetail detail(String message) {
        return ErrorDetail.newBuilder().setAddress(address).setMspId(mspId).setMessage(message).build();
    }

    static StatusRuntimeException status(Code code, String message, ErrorDetail... details) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(code.value()).setMessage(message);
        for (ErrorDetail detail : details) {
            status.addDetails(Any.pack(detail));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }
}
