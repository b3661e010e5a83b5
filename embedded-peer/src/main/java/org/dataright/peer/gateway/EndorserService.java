package org.dataright.peer.gateway;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.hyperledger.fabric.protos.peer.EndorserGrpc;
import org.hyperledger.fabric.protos.peer.ProposalResponse;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * The peer's {@code protos.Endorser/ProcessProposal} ({@code core/endorser/endorser.go}), as the
 * {@code peer} CLI and the older SDKs call it: the same {@link Endorser} the Gateway's Endorse and
 * Evaluate use. As in Fabric, a proposal refused before its chaincode ran (it does not unpack, its
 * creator or signature is refused, its tx id is a duplicate, or here its timestamp is outside the window)
 * is a gRPC error ({@code UNKNOWN}, as a Go error becomes) with the reason; otherwise the proposal
 * response is returned, and the client reads the chaincode's status and message in it.
 */
public final class EndorserService extends EndorserGrpc.EndorserImplBase {
    private final Endorser endorser;

    public EndorserService(Endorser endorser) {
        this.endorser = endorser;
    }

    @Override
    public void processProposal(SignedProposal proposal, StreamObserver<ProposalResponse> out) {
        Endorser.Outcome outcome = endorser.process(proposal);
        if (outcome.error() != null) {
            out.onError(Status.UNKNOWN.withDescription(outcome.error()).asRuntimeException());
            return;
        }
        out.onNext(outcome.response());
        out.onCompleted();
    }
}
