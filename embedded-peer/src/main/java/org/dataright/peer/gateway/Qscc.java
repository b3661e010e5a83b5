package org.dataright.peer.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.dataright.peer.ledger.Ledger;
import org.dataright.peer.ledger.LedgerCorruptionException;
import org.hyperledger.fabric.protos.peer.Response;

/**
 * Fabric's query system chaincode ({@code core/scc/qscc/query.go}) over this peer's ledger. Arguments
 * are the function name, the channel name, then the function's argument; answers are the same
 * protobuf messages a Fabric peer returns, and errors are status-500 responses with Fabric's text (a
 * damaged block: {@code LEDGER_DAMAGED: block N …}, naming it).
 */
final class Qscc {
    static final String NAME = "qscc";

    private final Ledger ledger;

    Qscc(Ledger ledger) {
        this.ledger = ledger;
    }

    Response invoke(List<ByteString> args) {
        if (args.size() < 2) {
            return error("Incorrect number of arguments, " + args.size());
        }
        String function = args.get(0).toStringUtf8();
        String channel = args.get(1).toStringUtf8();
        if (!function.equals("GetChainInfo") && args.size() < 3) {
            return error("missing 3rd argument for " + function);
        }
        if (!channel.equals(ledger.channelId())) {
            return error("Invalid chain ID, " + channel);
        }
        switch (function) {
            case "GetChainInfo":
                return success(ledger.getChainInfo());
            case "GetBlockByNumber":
                return blockByNumber(args.get(2).toStringUtf8());
            case "GetBlockByHash": {
                ByteString hash = args.get(2);
                return found(() -> ledger.getBlockByHash(hash), "Failed to get block hash " + hash.toStringUtf8()
                        + ", error no such block hash [" + HexFormat.of().formatHex(hash.toByteArray()) + "] in index");
            }
            case "GetBlockByTxID": {
                String txId = args.get(2).toStringUtf8();
                return found(() -> ledger.getBlockByTxId(txId),
                        "Failed to get block for txID " + txId + ", error no such transaction ID [" + txId + "] in index");
            }
            case "GetTransactionByID": {
                String txId = args.get(2).toStringUtf8();
                return found(() -> ledger.getTransactionById(txId),
                        "Failed to get transaction with id " + txId + ", error no such transaction ID [" + txId + "] in index");
            }
            default:
                return error("Requested function " + function + " not found.");
        }
    }

    private Response blockByNumber(String text) {
        long number;
        try {
            number = Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            return error("Failed to parse block number with error strconv.ParseUint: parsing \"" + text + "\": invalid syntax");
        }
        return found(() -> ledger.getBlockByNumber(number),
                "Failed to get block number " + Long.toUnsignedString(number) + ", error no such block number ["
                        + Long.toUnsignedString(number) + "] in index");
    }

    private Response found(Supplier<? extends Optional<? extends Message>> lookup, String notFound) {
        Optional<? extends Message> result;
        try {
            result = lookup.get();
        } catch (LedgerCorruptionException e) {
            return error(LedgerDamage.of(ledger.channelId(), e));
        }
        return result.isPresent() ? success(result.get()) : error(notFound);
    }

    private static Response success(Message message) {
        return Responses.success(message);
    }

    private static Response error(String message) {
        return Responses.error(message);
    }
}
