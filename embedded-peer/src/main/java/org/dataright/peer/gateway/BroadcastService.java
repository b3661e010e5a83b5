package org.dataright.peer.gateway;

import io.grpc.stub.StreamObserver;
import java.util.Optional;
import org.dataright.peer.ledger.Ledger;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Status;
import org.hyperledger.fabric.protos.orderer.AtomicBroadcastGrpc;
import org.hyperledger.fabric.protos.orderer.BroadcastResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orderer's {@code AtomicBroadcast.Broadcast} ({@code orderer/common/broadcast/broadcast.go}), as
 * {@code peer chaincode invoke} and other Fabric clients submit a transaction: each envelope on the stream
 * gets a {@code BroadcastResponse}; SUCCESS means the orderer has queued it for the next block (not that it
 * is committed), and a refusal ends the stream after its response, as Fabric's handler does. The checks are
 * the Gateway's {@code Submit}'s ({@link BroadcastFilter}) and the transaction goes to the same
 * {@link Orderer}.
 *
 * <p>{@code Deliver} of this service is not offered (a gRPC {@code UNIMPLEMENTED}); clients read blocks
 * from the peer's Deliver service on the same port.
 */
public final class BroadcastService extends AtomicBroadcastGrpc.AtomicBroadcastImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(BroadcastService.class);

    private final BroadcastFilter filter;
    private final Orderer orderer;

    /** @param transactionTime how far a broadcast transaction's timestamp may be from the orderer's clock */
    public BroadcastService(Ledger ledger, Orderer orderer, TimeWindow transactionTime) {
        this.filter = new BroadcastFilter(ledger, transactionTime);
        this.orderer = orderer;
    }

    @Override
    public StreamObserver<Envelope> broadcast(StreamObserver<BroadcastResponse> out) {
        return new StreamObserver<>() {
            private boolean ended;

            @Override
            public void onNext(Envelope envelope) {
                if (ended) {
                    return;
                }
                BroadcastResponse response = process(envelope);
                out.onNext(response);
                if (response.getStatus() != Status.SUCCESS) {
                    ended = true;
                    out.onCompleted();
                }
            }

            @Override
            public void onError(Throwable t) {
                LOG.debug("broadcast client went away: {}", t.getMessage());
            }

            @Override
            public void onCompleted() {
                if (!ended) {
                    ended = true;
                    out.onCompleted();
                }
            }
        };
    }

    private BroadcastResponse process(Envelope envelope) {
        Optional<BroadcastFilter.Refusal> refusal = filter.check(envelope);
        if (refusal.isPresent()) {
            LOG.info("broadcast refused: {}", refusal.get());
            return BroadcastResponse.newBuilder().setStatus(refusal.get().status()).setInfo(refusal.get().info()).build();
        }
        try {
            orderer.order(envelope);
        } catch (IllegalStateException e) {
            return BroadcastResponse.newBuilder().setStatus(Status.SERVICE_UNAVAILABLE).setInfo(e.getMessage()).build();
        }
        return BroadcastResponse.newBuilder().setStatus(Status.SUCCESS).build();
    }
}
