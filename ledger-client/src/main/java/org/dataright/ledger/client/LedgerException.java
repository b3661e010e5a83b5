package org.dataright.ledger.client;

import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * A call to the ledger that did not do what was asked, and why. The message is a sentence a person
 * understands; {@link #code()} is stable for machines: the contract's own error code when it refused,
 * the validation code when a transaction was ordered but not committed, else the reason's code.
 */
public final class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why, in the terms a caller acts on. */
    public enum Reason {
        /** The rights contract refused: {@link #code()} is its error code ({@code RIGHT_FROZEN}, …). Nothing was recorded. */
        CHAINCODE_REFUSED(null),
        /** Ordered, then marked invalid at commit: {@link #code()} is the validation code ({@code MVCC_READ_CONFLICT}, …). */
        NOT_COMMITTED(null),
        /** Nothing answered at the gateway endpoint in time: the peer is down, or the address is wrong. */
        UNREACHABLE("LEDGER_UNREACHABLE"),
        /** The gateway peer answered, but no orderer took the transaction (no Raft quorum, orderers down). Nothing was recorded. */
        ORDERING_UNAVAILABLE("ORDERING_UNAVAILABLE"),
        /** No set of the channel's peers that are up can satisfy the chaincode's endorsement policy. Nothing was recorded. */
        ENDORSEMENT_POLICY_UNSATISFIABLE("ENDORSEMENT_POLICY_UNSATISFIABLE"),
        /** Sent to the orderer, but whether it was committed could not be read: it may be on the ledger. */
        COMMIT_STATUS_UNKNOWN("COMMIT_STATUS_UNKNOWN"),
        /**
         * The gateway refused for a reason of its own (access, channel, proposal). Nothing was recorded.
         * {@link #code()} is {@code LEDGER_REJECTED}, or the peer's own code when it names one
         * ({@code TIMESTAMP_OUT_OF_WINDOW}, {@code LEDGER_DAMAGED}: the embedded peer's).
         */
        REFUSED("LEDGER_REJECTED"),
        /** The peer answered with bytes that are not what the call returns. */
        UNREADABLE_ANSWER("LEDGER_ERROR");

        private final String code;

        Reason(String code) {
            this.code = code;
        }
    }

    private final Reason reason;
    private final String code;
    private final String transactionId;
    private final long blockNumber;

    private LedgerException(Reason reason, String code, String sentence, String transactionId, long blockNumber,
            Throwable cause) {
        super(sentence, cause);
        this.reason = reason;
        this.code = code != null ? code : reason.code;
        this.transactionId = transactionId;
        this.blockNumber = blockNumber;
    }

    /**
     * A failure whose code is the reason's; public, as are the factories below, so that fakes of
     * {@link RightsContract} fail the way the ledger does.
     */
    public LedgerException(Reason reason, String sentence, String transactionId, Throwable cause) {
        this(reason, null, sentence, transactionId, -1, cause);
        if (reason == Reason.CHAINCODE_REFUSED || reason == Reason.NOT_COMMITTED) {
            throw new IllegalArgumentException(reason + " carries its own code: use its factory");
        }
    }

    /** The contract's refusal {@code CODE: sentence}. */
    public static LedgerException refusedByChaincode(ChaincodeError error, String transactionId, Throwable cause) {
        return new LedgerException(Reason.CHAINCODE_REFUSED, error.code(), error.sentence(), transactionId, -1, cause);
    }

    /** The peer's own refusal {@code CODE: sentence} ({@code TIMESTAMP_OUT_OF_WINDOW: …}), not the contract's. */
    public static LedgerException refusedByPeer(ChaincodeError error, String transactionId, Throwable cause) {
        return new LedgerException(Reason.REFUSED, error.code(), error.sentence(), transactionId, -1, cause);
    }

    /** Ordered into {@code blockNumber} but committed with {@code code}, not VALID. */
    public static LedgerException notCommitted(TxValidationCode code, String sentence, String transactionId, long blockNumber) {
        return new LedgerException(Reason.NOT_COMMITTED, code.name(), sentence, transactionId, blockNumber, null);
    }

    public Reason reason() {
        return reason;
    }

    public String code() {
        return code;
    }

    /** The transaction's id when one was proposed, else null. */
    public String transactionId() {
        return transactionId;
    }

    /** The block it was ordered into ({@link Reason#NOT_COMMITTED}), else -1. */
    public long blockNumber() {
        return blockNumber;
    }
}
