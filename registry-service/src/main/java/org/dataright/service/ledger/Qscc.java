package org.dataright.service.ledger;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Optional;
import org.dataright.service.config.ApiException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Typed calls to Fabric's query system chaincode ({@code qscc}) through the gateway; the channel name goes first. */
@Component
public class Qscc {
    private final Ledgers ledgers;

    public Qscc(Ledgers ledgers) {
        this.ledgers = ledgers;
    }

    public BlockchainInfo chainInfo() {
        LedgerConnection ledger = ledgers.connection();
        try {
            return BlockchainInfo.parseFrom(evaluate(ledger, "GetChainInfo", ledger.network().getName()));
        } catch (InvalidProtocolBufferException e) {
            throw unreadable("GetChainInfo", e);
        }
    }

    /** The transaction, or empty when the ledger does not know the id. */
    public Optional<ProcessedTransaction> transaction(String txId) {
        LedgerConnection ledger = ledgers.connection();
        try {
            return Optional.of(ProcessedTransaction.parseFrom(evaluate(ledger, "GetTransactionByID", ledger.network().getName(), txId)));
        } catch (ApiException e) {
            if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
                throw e;
            }
            return Optional.empty();
        } catch (InvalidProtocolBufferException e) {
            throw unreadable("GetTransactionByID", e);
        }
    }

    public Block blockByNumber(long number) {
        LedgerConnection ledger = ledgers.connection();
        try {
            return Block.parseFrom(evaluate(ledger, "GetBlockByNumber", ledger.network().getName(), Long.toString(number)));
        } catch (InvalidProtocolBufferException e) {
            throw unreadable("GetBlockByNumber", e);
        }
    }

    /** The block holding a transaction. */
    public Block blockByTxId(String txId) {
        LedgerConnection ledger = ledgers.connection();
        try {
            return Block.parseFrom(evaluate(ledger, "GetBlockByTxID", ledger.network().getName(), txId));
        } catch (InvalidProtocolBufferException e) {
            throw unreadable("GetBlockByTxID", e);
        }
    }

    private static byte[] evaluate(LedgerConnection ledger, String function, String... args) {
        try {
            return ledger.qscc().evaluateTransaction(function, args);
        } catch (GatewayException e) {
            throw Ledgers.translate(e);
        }
    }

    private static ApiException unreadable(String function, InvalidProtocolBufferException e) {
        return new ApiException(HttpStatus.BAD_GATEWAY, "LEDGER_ERROR", "qscc " + function + " answered with bytes that are not its protobuf message", e);
    }
}
