package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version;

/**
 * The writes of the valid transactions validated so far in the block being committed: later
 * transactions of the same block are checked against them as well as against committed state.
 */
final class PendingWrites {
    /** A pending write; {@code value} is null for a delete. */
    record Write(ByteString value, Version version) {
    }

    private final Map<String, TreeMap<String, Write>> byNamespace = new HashMap<>();

    void apply(long block, int tx, NsRwSet rw) {
        TreeMap<String, Write> ns = byNamespace.computeIfAbsent(rw.namespace(), n -> new TreeMap<>(Utf8Order.COMPARATOR));
        Version version = Version.newBuilder().setBlockNum(block).setTxNum(tx).build();
        for (KVWrite w : rw.kv().getWritesList()) {
            ns.put(w.getKey(), new Write(w.getIsDelete() ? null : w.getValue(), version));
        }
    }

    boolean contains(String namespace, String key) {
        TreeMap<String, Write> ns = byNamespace.get(namespace);
        return ns != null && ns.containsKey(key);
    }

    /** Pending writes of {@code namespace} in [start, end) or [start, end]; empty end = unbounded. */
    NavigableMap<String, Write> range(String namespace, String start, String end, boolean includeEnd) {
        TreeMap<String, Write> ns = byNamespace.get(namespace);
        if (ns == null) {
            return new TreeMap<>(Utf8Order.COMPARATOR);
        }
        return end.isEmpty() ? ns.tailMap(start, true) : ns.subMap(start, true, end, includeEnd);
    }
}
