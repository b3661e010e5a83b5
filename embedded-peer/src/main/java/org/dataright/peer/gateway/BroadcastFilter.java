package org.dataright.peer.gateway;

import java.time.Clock;
import java.util.Optional;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.peer.ledger.Ledger;
import org.dataright.peer.ledger.VerificationReport;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Status;

/**
 * The orderer's checks of a transaction handed to it (Fabric's broadcast message processor filters),
 * the one place for them whether it comes through the Gateway's {@code Submit} or the orderer's
 * {@code AtomicBroadcast.Broadcast}: a well-formed transaction for this channel, signed by a member,
 * dated within the time window (Fabric's orderer does not check this; the proposal's endorser did, and
 * a client could hold an endorsed transaction back and submit it later), and a ledger without damage.
 */
final class BroadcastFilter {
    /** Why the orderer refuses a transaction: Fabric's broadcast status and its info text. */
    record Refusal(Status status, String info) {
        @Override
        public String toString() {
            return "status=" + status + ", info=" + info;
        }
    }

    private final Ledger ledger;
    private final Clock clock;
    private final TimeWindow transactionTime;

    BroadcastFilter(Ledger ledger, TimeWindow transactionTime) {
        this.ledger = ledger;
        this.clock = transactionTime.clock();
        this.transactionTime = transactionTime;
    }

    /** Empty when the orderer takes the transaction. */
    Optional<Refusal> check(Envelope txn) {
        SignedEnvelope env;
        try {
            env = SignedEnvelope.parse(txn);
        } catch (IllegalArgumentException e) {
            return refuse(Status.BAD_REQUEST, e.getMessage());
        }
        if (!env.channelHeader().getChannelId().equals(ledger.channelId())) {
            return refuse(Status.NOT_FOUND, "channel '" + env.channelHeader().getChannelId() + "' does not exist");
        }
        Optional<VerificationReport> damage = ledger.damage();
        if (damage.isPresent()) {
            return refuse(Status.SERVICE_UNAVAILABLE, LedgerDamage.of(ledger.channelId(), damage.get()));
        }
        if (env.channelHeader().getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
            return refuse(Status.BAD_REQUEST, "only endorser transactions can be submitted, not header type "
                    + env.channelHeader().getType());
        }
        try {
            env.verifyCreator(ledger.channelConfig().membership(), ledger.verifiedSignatures(), clock.instant());
        } catch (IdentityException e) {
            return refuse(Status.FORBIDDEN, "the transaction's creator is not allowed to write to channel "
                    + ledger.channelId() + ": " + e.getMessage());
        }
        String untimely = transactionTime.refusal(env.channelHeader(), "the transaction");
        return untimely == null ? Optional.empty() : refuse(Status.BAD_REQUEST, untimely);
    }

    private static Optional<Refusal> refuse(Status status, String info) {
        return Optional.of(new Refusal(status, info));
    }
}
