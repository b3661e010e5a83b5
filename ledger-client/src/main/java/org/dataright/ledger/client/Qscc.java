package org.dataright.ledger.client;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Optional;
import org.dataright.ledger.client.LedgerException.Reason;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;

/** Fabric's query system chaincode on the connection's channel, typed; the channel name goes first, as qscc takes it. */
public final class Qscc {
    /** The system chaincode's name. */
    public static final String NAME = "qscc";

    private final Contract qscc;
    private final LedgerEndpoint endpoint;

    Qscc(Contract qscc, LedgerEndpoint endpoint) {
        this.qscc = qscc;
        this.endpoint = endpoint;
    }

    /** Height and the current and previous block hashes. */
    public BlockchainInfo chainInfo() {
        byte[] bytes = evaluate("GetChainInfo");
        try {
            return BlockchainInfo.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw unreadable("GetChainInfo", e);
        }
    }

    public Block blockByNumber(long number) {
        byte[] bytes = evaluate("GetBlockByNumber", Long.toUnsignedString(number));
        try {
            return Block.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw unreadable("GetBlockByNumber", e);
        }
    }

    /** The block that holds a transaction. */
    public Block blockByTxId(String txId) {
        byte[] bytes = evaluate("GetBlockByTxID", txId);
        try {
            return Block.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw unreadable("GetBlockByTxID", e);
        }
    }

    /** The transaction and its validation code; empty when the peer refuses, which is how qscc says it knows no such id. */
    public Optional<ProcessedTransaction> transaction(String txId) {
        byte[] bytes;
        try {
            bytes = evaluate("GetTransactionByID", txId);
        } catch (LedgerException e) {
            if (e.reason() == Reason.REFUSED) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            return Optional.of(ProcessedTransaction.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw unreadable("GetTransactionByID", e);
        }
    }

    private byte[] evaluate(String function, String... args) {
        String[] withChannel = new String[args.length + 1];
        withChannel[0] = endpoint.channel();
        System.arraycopy(args, 0, withChannel, 1, args.length);
        try {
            return qscc.evaluateTransaction(function, withChannel);
        } catch (GatewayException e) {
            throw GatewayFailures.classify(e, NAME + " " + function, endpoint);
        }
    }

    private static LedgerException unreadable(String function, InvalidProtocolBufferException e) {
        return new LedgerException(Reason.UNREADABLE_ANSWER, "qscc " + function
                + " answered with bytes that are not its protobuf message", null, e);
    }
}
