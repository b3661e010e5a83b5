package org.dataright.peer.chaincode;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dataright.peer.ledger.HistoryEntry;
import org.dataright.peer.ledger.Ledger;
import org.dataright.peer.ledger.StateEntry;
import org.dataright.peer.ledger.StateIterator;
import org.dataright.peer.ledger.StateSnapshot;
import org.dataright.peer.ledger.VersionedValue;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.QueryReads;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;

/**
 * The simulation of one transaction on one chaincode namespace, as Fabric's transaction simulator
 * ({@code core/ledger/kvledger/txmgmt/txmgr/tx_simulator.go}) runs it: reads see the committed state
 * of one snapshot (never the transaction's own writes) and are recorded with the version they saw;
 * writes are buffered; range scans record what they returned for the phantom check.
 * {@link #readWriteSet()} builds the {@code TxReadWriteSet} sorted as Fabric's rwset builder sorts
 * it: reads and writes by key (UTF-8 byte order), range queries in the order they were opened.
 *
 * <p>Not thread-safe; the chaincode shim asks one thing at a time per transaction.
 */
public final class Simulation implements AutoCloseable {
    /** Go's string order: the byte order of UTF-8. */
    static final Comparator<String> KEY_ORDER = (a, b) ->
            Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final String txId;
    private final String namespace;
    private final Ledger ledger;
    private final StateSnapshot snapshot;
    private final Map<String, KVRead> reads = new TreeMap<>(KEY_ORDER);
    private final Map<String, KVWrite> writes = new TreeMap<>(KEY_ORDER);
    private final List<RangeScan> scans = new ArrayList<>();
    private boolean touched;
    private boolean writePerformed;
    private boolean paginatedQueryPerformed;

    /** Opens a snapshot of {@code ledger}; close the simulation to release it. */
    public Simulation(String txId, String namespace, Ledger ledger) {
        this.txId = txId;
        this.namespace = namespace;
        this.ledger = ledger;
        this.snapshot = ledger.snapshot();
    }

    public String namespace() {
        return namespace;
    }

    /** The committed value, or empty when absent; the read is recorded with its version. */
    public Optional<ByteString> getState(String key) {
        Optional<VersionedValue> value = snapshot.getState(namespace, key);
        KVRead.Builder read = KVRead.newBuilder().setKey(key);
        value.ifPresent(v -> read.setVersion(v.version()));
        reads.put(key, read.build());
        touched = true;
        return value.map(VersionedValue::value);
    }

    /** An empty value is a delete, as in Fabric's rwset builder. */
    public void putState(String key, ByteString value) throws SimulationException {
        checkWriteAllowed();
        writes.put(key, KVWrite.newBuilder().setKey(key).setValue(value).setIsDelete(value.isEmpty()).build());
        touched = true;
    }

    public void deleteState(String key) throws SimulationException {
        putState(key, ByteString.EMPTY);
    }

    /**
     * Opens a scan of [startKey, endKey) ({@code ""} end = unbounded) that stops after {@code pageSize}
     * entries when it is positive. A {@code paginated} query is allowed, as in Fabric, only in a
     * transaction that writes nothing, and forbids writes after it.
     */
    public RangeScan openRange(String startKey, String endKey, boolean paginated, int pageSize) throws SimulationException {
        if (paginated) {
            if (writePerformed) {
                throw new SimulationException("txid [" + txId
                        + "]: unsuppored transaction. Paginated queries are supported only in a read-only transaction");
            }
            paginatedQueryPerformed = true;
        }
        RangeScan scan = new RangeScan(snapshot.range(namespace, startKey, endKey), startKey, endKey, pageSize);
        scans.add(scan);
        touched = true;
        return scan;
    }

    /** Checks that a paginated rich query may run here (it then fails anyway: LevelDB has no rich queries). */
    public void checkPaginatedQueryAllowed() throws SimulationException {
        if (writePerformed) {
            throw new SimulationException("txid [" + txId
                    + "]: unsuppored transaction. Paginated queries are supported only in a read-only transaction");
        }
        paginatedQueryPerformed = true;
    }

    /** Every change of a key, newest first; history reads are not recorded (Fabric does not re-check them). */
    public List<HistoryEntry> history(String key) {
        return ledger.getHistory(namespace, key);
    }

    private void checkWriteAllowed() throws SimulationException {
        if (paginatedQueryPerformed) {
            throw new SimulationException("txid [" + txId
                    + "]: unsuppored transaction. Transaction has already performed a paginated query. Writes are not allowed");
        }
        writePerformed = true;
    }

    /** The read-write set of everything simulated so far. */
    public TxReadWriteSet readWriteSet() {
        TxReadWriteSet.Builder set = TxReadWriteSet.newBuilder().setDataModel(TxReadWriteSet.DataModel.KV);
        if (!touched) {
            return set.build();
        }
        KVRWSet.Builder kv = KVRWSet.newBuilder().addAllReads(reads.values()).addAllWrites(writes.values());
        // Fabric keeps one entry per distinct (start, end, exhausted), in the order the scans were opened.
        Map<List<Object>, RangeQueryInfo> ranges = new LinkedHashMap<>();
        for (RangeScan scan : scans) {
            RangeQueryInfo info = scan.info();
            ranges.putIfAbsent(List.of(info.getStartKey(), info.getEndKey(), info.getItrExhausted()), info);
        }
        kv.addAllRangeQueriesInfo(ranges.values());
        return set.addNsRwset(NsReadWriteSet.newBuilder().setNamespace(namespace).setRwset(kv.build().toByteString()))
                .build();
    }

    @Override
    public void close() {
        for (RangeScan scan : scans) {
            scan.close();
        }
        snapshot.close();
    }

    /**
     * One range scan: a cursor over committed state that records, as Fabric's {@code resultsItr}
     * does, every key it returned and how far it got: while not exhausted the range info ends at the
     * last key returned; once exhausted it ends at the requested end key.
     */
    public static final class RangeScan implements AutoCloseable {
        private final StateIterator iterator;
        private final String endKey;
        private final int pageSize;
        private final RangeQueryInfo.Builder info;
        private final QueryReads.Builder rawReads = QueryReads.newBuilder();
        private int returned;
        private boolean closed;

        private RangeScan(StateIterator iterator, String startKey, String endKey, int pageSize) {
            this.iterator = iterator;
            this.endKey = endKey;
            this.pageSize = pageSize;
            this.info = RangeQueryInfo.newBuilder().setStartKey(startKey);
        }

        /** The next entry, or empty when the range (or the page) is done; recorded for the phantom check. */
        public Optional<StateEntry> next() {
            if (closed || (pageSize > 0 && returned >= pageSize)) {
                return Optional.empty();
            }
            if (!iterator.hasNext()) {
                info.setItrExhausted(true).setEndKey(endKey);
                return Optional.empty();
            }
            StateEntry entry = iterator.next();
            returned++;
            rawReads.addKvReads(KVRead.newBuilder().setKey(entry.key()).setVersion(entry.version()));
            info.setEndKey(entry.key());
            return Optional.of(entry);
        }

        /** The key after the last one returned, without recording it (LevelDB's bookmark), then closes. */
        public String bookmarkAndClose() {
            String bookmark = !closed && iterator.hasNext() ? iterator.next().key() : "";
            close();
            return bookmark;
        }

        RangeQueryInfo info() {
            return info.clone().setRawReads(rawReads.build()).build();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                iterator.close();
            }
        }
    }
}
