package org.dataright.peer.testcc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * A small Fabric contract for the embedded peer's tests: it exercises every shim call the peer
 * serves. The peer runs it only through the shim's gRPC protocol (chaincode-as-a-service).
 */
@Contract(name = "testcc")
@Default
public final class TestContract implements ContractInterface {

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void put(Context ctx, String key, String value) {
        ctx.getStub().putStringState(key, value);
    }

    /** Writes {@code count} keys {@code prefix000…}: one transaction with many writes. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void putMany(Context ctx, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            ctx.getStub().putStringState(String.format("%s%03d", prefix, i), "v" + i);
        }
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void putWithEvent(Context ctx, String key, String value) {
        ctx.getStub().putStringState(key, value);
        ctx.getStub().setEvent("stored", value.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the key, then writes it: two of these endorsed on the same version conflict at commit. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String increment(Context ctx, String key) {
        String current = ctx.getStub().getStringState(key);
        int next = (current == null || current.isEmpty() ? 0 : Integer.parseInt(current)) + 1;
        ctx.getStub().putStringState(key, Integer.toString(next));
        return Integer.toString(next);
    }

    /** Reads b, a (out of order), a range, writes z then y: for checking how the read-write set is sorted. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void readsAndWrites(Context ctx) throws Exception {
        ChaincodeStub stub = ctx.getStub();
        stub.getStringState("rw-b");
        stub.getStringState("rw-a");
        try (QueryResultsIterator<KeyValue> it = stub.getStateByRange("rw-a", "rw-c")) {
            for (KeyValue kv : it) {
                kv.getKey();
            }
        }
        stub.putStringState("rw-z", "1");
        stub.putStringState("rw-y", "2");
        stub.delState("rw-b");
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(Context ctx, String key) {
        return ctx.getStub().getStringState(key);
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void del(Context ctx, String key) {
        ctx.getStub().delState(key);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String range(Context ctx, String start, String end) throws Exception {
        List<String> keys = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> it = ctx.getStub().getStateByRange(start, end)) {
            for (KeyValue kv : it) {
                keys.add(kv.getKey() + "=" + kv.getStringValue());
            }
        }
        return String.join(",", keys);
    }

    /** One page: {@code keys|bookmark|fetchedCount}. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String rangePage(Context ctx, String start, String end, int pageSize, String bookmark) throws Exception {
        List<String> keys = new ArrayList<>();
        try (QueryResultsIteratorWithMetadata<KeyValue> it =
                ctx.getStub().getStateByRangeWithPagination(start, end, pageSize, bookmark)) {
            for (KeyValue kv : it) {
                keys.add(kv.getKey());
            }
            return String.join(",", keys) + "|" + it.getMetadata().getBookmark() + "|" + it.getMetadata().getFetchedRecordsCount();
        }
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void putOwned(Context ctx, String owner, String asset, String value) {
        ctx.getStub().putStringState(ctx.getStub().createCompositeKey("owner~asset", owner, asset).toString(), value);
    }

    /** Assets of an owner, by partial composite key. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String owned(Context ctx, String owner) throws Exception {
        ChaincodeStub stub = ctx.getStub();
        List<String> assets = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> it = stub.getStateByPartialCompositeKey(stub.createCompositeKey("owner~asset", owner))) {
            for (KeyValue kv : it) {
                CompositeKey key = stub.splitCompositeKey(kv.getKey());
                assets.add(key.getAttributes().get(1));
            }
        }
        return String.join(",", assets);
    }

    /** One page of an owner's assets: {@code assets|bookmark}. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String ownedPage(Context ctx, String owner, int pageSize, String bookmark) throws Exception {
        ChaincodeStub stub = ctx.getStub();
        List<String> assets = new ArrayList<>();
        try (QueryResultsIteratorWithMetadata<KeyValue> it = stub.getStateByPartialCompositeKeyWithPagination(
                stub.createCompositeKey("owner~asset", owner), pageSize, bookmark)) {
            for (KeyValue kv : it) {
                assets.add(stub.splitCompositeKey(kv.getKey()).getAttributes().get(1));
            }
            return String.join(",", assets) + "|" + it.getMetadata().getBookmark();
        }
    }

    /** A paginated query followed by a write, which Fabric refuses. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void pageThenWrite(Context ctx) throws Exception {
        try (QueryResultsIteratorWithMetadata<KeyValue> it = ctx.getStub().getStateByRangeWithPagination("a", "b", 1, "")) {
            it.iterator().hasNext();
        }
        ctx.getStub().putStringState("after-page", "x");
    }

    /** The key's history, newest first: {@code value} or {@code <deleted>} per change. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String history(Context ctx, String key) throws Exception {
        List<String> changes = new ArrayList<>();
        try (QueryResultsIterator<KeyModification> it = ctx.getStub().getHistoryForKey(key)) {
            for (KeyModification m : it) {
                changes.add(m.isDeleted() ? "<deleted>" : m.getStringValue());
            }
        }
        return String.join(",", changes);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String richQuery(Context ctx, String query) throws Exception {
        try (QueryResultsIterator<KeyValue> it = ctx.getStub().getQueryResult(query)) {
            return it.iterator().hasNext() ? "results" : "none";
        }
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void fail(Context ctx, String message) {
        throw new ChaincodeException(message, "payload-of-" + message);
    }

    /**
     * Accepts an offer that expires at {@code expiresEpochSecond}, judged by the transaction's timestamp as
     * the rights contract judges one ({@code OFFER_EXPIRED}).
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void acceptOffer(Context ctx, String key, long expiresEpochSecond) {
        if (ctx.getStub().getTxTimestamp().getEpochSecond() >= expiresEpochSecond) {
            throw new ChaincodeException("OFFER_EXPIRED: the offer expired at " + expiresEpochSecond);
        }
        ctx.getStub().putStringState(key, "accepted");
    }

    /** Lets an act take effect once its publicity period has ended, by the transaction's timestamp ({@code PUBLICITY_RUNNING}). */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void takeEffect(Context ctx, String key, long publicityEndsEpochSecond) {
        if (ctx.getStub().getTxTimestamp().getEpochSecond() < publicityEndsEpochSecond) {
            throw new ChaincodeException("PUBLICITY_RUNNING: the publicity period runs until " + publicityEndsEpochSecond);
        }
        ctx.getStub().putStringState(key, "effective");
    }

    /** The caller's MSP id and Fabric CA role attribute. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String whoami(Context ctx) {
        return ctx.getClientIdentity().getMSPID() + "/" + ctx.getClientIdentity().getAttributeValue("role");
    }

    /** The peer's organisation, as the shim reads it from CORE_PEER_LOCALMSPID. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String peerMspId(Context ctx) {
        return ctx.getStub().getMspId();
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String privateRead(Context ctx, String collection, String key) {
        byte[] value = ctx.getStub().getPrivateData(collection, key);
        return value == null ? "" : new String(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String callOther(Context ctx, String chaincode) {
        return ctx.getStub().invokeChaincodeWithStringArgs(chaincode, "get", "k").getStringPayload();
    }

    /** Asks for private data, copes with the refusal, and succeeds. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String privateReadOrDefault(Context ctx) {
        try {
            ctx.getStub().getPrivateData("secrets", "k");
            return "read";
        } catch (RuntimeException e) {
            return "fallback";
        }
    }
}
