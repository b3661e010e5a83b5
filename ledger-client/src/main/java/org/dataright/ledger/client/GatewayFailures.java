package org.dataright.ledger.client;

import io.grpc.Status;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.dataright.ledger.client.LedgerException.Reason;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.TransactionException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * The one reading of fabric-gateway's errors. A peer that answered puts its reasons in the status
 * description and the error details, one per endorser or orderer it asked; gRPC's own statuses for a
 * connection that failed carry neither. So the words decide, in this order: the contract's
 * {@code CODE: sentence}, then an endorsement plan that no set of live peers satisfies, then an
 * ordering service that took nothing, and only then an endpoint that did not answer.
 */
final class GatewayFailures {
    /**
     * Fabric's discovery and gateway when no layout of live peers satisfies the policy ({@code internal/pkg/gateway}):
     * before the plan is made, or (ABORTED "failed to collect enough transaction endorsements", what Fabric 2.5.16
     * says while gossip still lists a stopped peer) after every layout lost a peer that did not answer.
     */
    private static final List<String> UNSATISFIABLE_POLICY = List.of("satisfy the endorsement policy",
            "failed constructing descriptor", "failed to collect enough transaction endorsements");
    /** Fabric's gateway when broadcasting failed: "no orderers could successfully process transaction", and the like. */
    private static final List<String> ORDERING = List.of("orderer", "ordering service");
    /**
     * The embedded peer's own refusals, in the contract's {@code CODE: sentence} form but not the contract's:
     * a proposal or transaction dated outside the peer's time window, a block damaged in the peer's ledger.
     */
    static final Set<String> PEER_CODES = Set.of("TIMESTAMP_OUT_OF_WINDOW", "LEDGER_DAMAGED");

    private GatewayFailures() {
    }

    /** Why {@code function} failed at {@code endpoint}. */
    static LedgerException classify(GatewayException e, String function, LedgerEndpoint endpoint) {
        String txId = e instanceof TransactionException t ? t.getTransactionId() : null;
        if (e instanceof CommitStatusException) {
            return new LedgerException(Reason.COMMIT_STATUS_UNKNOWN, "transaction " + txId + " (" + function
                    + ") was sent to the orderer, but its commit status could not be read: " + describe(e), txId, e);
        }
        Optional<ChaincodeError> refusal = chaincodeError(e);
        if (refusal.isPresent() && PEER_CODES.contains(refusal.get().code())) {
            return LedgerException.refusedByPeer(refusal.get(), txId, e);
        }
        if (refusal.isPresent()) {
            return LedgerException.refusedByChaincode(refusal.get(), txId, e);
        }
        String words = words(e).toLowerCase(Locale.ROOT);
        Status.Code code = e.getStatus().getCode();
        if (UNSATISFIABLE_POLICY.stream().anyMatch(words::contains)) {
            return new LedgerException(Reason.ENDORSEMENT_POLICY_UNSATISFIABLE, "no set of the peers that are up satisfies "
                    + "the endorsement policy of chaincode " + endpoint.chaincode() + " on channel " + endpoint.channel()
                    + ", so " + function + " cannot be endorsed (" + describe(e) + ")", txId, e);
        }
        boolean noAnswer = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
        if (noAnswer && ORDERING.stream().anyMatch(words::contains)) {
            return new LedgerException(Reason.ORDERING_UNAVAILABLE, "the peer at " + endpoint.target() + " endorsed "
                    + function + ", but the ordering service took nothing (" + describe(e) + ")", txId, e);
        }
        if (noAnswer) {
            return new LedgerException(Reason.UNREACHABLE, "the ledger endpoint " + endpoint.target()
                    + " cannot be reached (" + describe(e) + ")", txId, e);
        }
        return new LedgerException(Reason.REFUSED, function + " was refused: " + describe(e), txId, e);
    }

    /** The contract's refusal, from an endorser's detail first (the description may be the gateway's summary). */
    static Optional<ChaincodeError> chaincodeError(GatewayException e) {
        for (ErrorDetail detail : e.getDetails()) {
            Optional<ChaincodeError> error = ChaincodeError.parse(detail.getMessage());
            if (error.isPresent()) {
                return error;
            }
        }
        return ChaincodeError.parse(e.getStatus().getDescription());
    }

    /** {@code CODE: description; msp address: detail; …}: everything the peer said. */
    static String describe(GatewayException e) {
        StringBuilder text = new StringBuilder(e.getStatus().getCode().toString());
        if (e.getStatus().getDescription() != null) {
            text.append(": ").append(e.getStatus().getDescription());
        }
        for (ErrorDetail detail : e.getDetails()) {
            text.append("; ").append(detail.getMspId());
            if (!detail.getAddress().isEmpty()) {
                text.append(' ').append(detail.getAddress());
            }
            text.append(": ").append(detail.getMessage());
        }
        return text.toString();
    }

    private static String words(GatewayException e) {
        StringBuilder words = new StringBuilder(String.valueOf(e.getStatus().getDescription()));
        e.getDetails().forEach(d -> words.append('\n').append(d.getMessage()));
        return words.toString();
    }
}
