package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hyperledger.fabric.protos.ledger.queryresult.KeyModification;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB side of the ledger: world state, key history, block index, tx id index and the
 * savepoint, in column families (layouts in {@link IndexKeys}). Everything here can be rebuilt from
 * the block files. Writes come only through {@link #commit}, one atomic batch per block.
 */
final class IndexStore implements AutoCloseable {
    private static final byte[] META = RocksDB.DEFAULT_COLUMN_FAMILY;
    private static final byte[] STATE = "state".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HISTORY = "history".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BLOCKS = "blocks".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TXIDS = "txids".getBytes(StandardCharsets.US_ASCII);

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final WriteOptions writeOptions;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final RocksDB db;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle state;
    private final ColumnFamilyHandle history;
    private final ColumnFamilyHandle blocks;
    private final ColumnFamilyHandle txids;

    IndexStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new LedgerException("cannot create index directory " + dir + ": " + e.getMessage(), e);
        }
        dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        cfOptions = new ColumnFamilyOptions();
        // The block files are the durable record and recovery replays them, so the index needs no
        // fsync of its own: one fsync per block (group commit), on the block file.
        writeOptions = new WriteOptions().setSync(false);
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(META, cfOptions),
                new ColumnFamilyDescriptor(STATE, cfOptions),
                new ColumnFamilyDescriptor(HISTORY, cfOptions),
                new ColumnFamilyDescriptor(BLOCKS, cfOptions),
                new ColumnFamilyDescriptor(TXIDS, cfOptions));
        try {
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            writeOptions.close();
            cfOptions.close();
            dbOptions.close();
            throw new LedgerException("cannot open the ledger index at " + dir + ": " + e.getMessage(), e);
        }
        meta = handles.get(0);
        state = handles.get(1);
        history = handles.get(2);
        blocks = handles.get(3);
        txids = handles.get(4);
    }

    /** The number of the last block whose batch is in the index, if any. */
    Optional<Long> savepoint() {
        return savepoint(null);
    }

    /** The savepoint as seen through {@code options} (a snapshot), or the latest when null. */
    Optional<Long> savepoint(ReadOptions options) {
        byte[] v = get(meta, IndexKeys.SAVEPOINT, options);
        return v == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(v).getLong());
    }

    /** A block's location and header hash. */
    record BlockEntry(BlockLocation location, byte[] headerHash) {
    }

    Optional<BlockEntry> blockEntry(long number) {
        byte[] v = get(blocks, IndexKeys.blockKey(number), null);
        if (v == null) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(v);
        BlockLocation loc = new BlockLocation(b.getInt(), b.getLong(), b.getInt());
        byte[] hash = new byte[b.remaining()];
        b.get(hash);
        return Optional.of(new BlockEntry(loc, hash));
    }

    Optional<Long> blockNumberByHash(byte[] hash) {
        byte[] v = get(blocks, IndexKeys.hashKey(hash), null);
        return v == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(v).getLong());
    }

    Optional<TxStatus> txStatus(String txId) {
        byte[] v = get(txids, IndexKeys.utf8(txId), null);
        if (v == null) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(v);
        long block = b.getLong();
        int tx = b.getInt();
        TxValidationCode code = TxValidationCode.forNumber(b.getInt());
        return Optional.of(new TxStatus(block, tx, code == null ? TxValidationCode.INVALID_OTHER_REASON : code));
    }

    Optional<VersionedValue> getState(ReadOptions options, String ns, String key) {
        byte[] v = get(state, IndexKeys.stateKey(ns, key), options);
        return v == null ? Optional.empty() : Optional.of(decodeState(v));
    }

    /**
     * Iterates the state of {@code ns} over [start, end), or [start, end] when {@code includeEnd};
     * an empty {@code end} means no upper bound.
     */
    StateIterator range(ReadOptions options, String ns, String start, String end, boolean includeEnd) {
        RocksIterator it = options == null ? db.newIterator(state) : db.newIterator(state, options);
        byte[] prefix = IndexKeys.statePrefix(ns);
        byte[] upper = end.isEmpty() ? null : IndexKeys.stateKey(ns, end);
        it.seek(IndexKeys.stateKey(ns, start));
        return new StateIterator(it, prefix, upper, includeEnd);
    }

    /** The history of a key, newest first (as Fabric 2.x returns it). */
    List<HistoryEntry> history(String ns, String key) {
        byte[] prefix = IndexKeys.historyPrefix(ns, key);
        List<HistoryEntry> entries = new ArrayList<>();
        try (RocksIterator it = db.newIterator(history)) {
            for (it.seek(prefix); it.isValid() && IndexKeys.startsWith(it.key(), prefix); it.next()) {
                ByteBuffer tail = ByteBuffer.wrap(it.key(), prefix.length, 16);
                long block = tail.getLong();
                long tx = tail.getLong();
                KeyModification m = KeyModification.parseFrom(it.value());
                entries.add(new HistoryEntry(m.getTxId(), block, tx, m.getValue(), m.getIsDelete(), m.getTimestamp()));
            }
            status(it);
        } catch (InvalidProtocolBufferException e) {
            throw new LedgerException("history index entry of " + ns + "/" + key + " is malformed: " + e.getMessage(), e);
        }
        Collections.reverse(entries);
        return entries;
    }

    /** Writes one block's index entries, state changes, history and the savepoint atomically. */
    void commit(BlockUpdate update) {
        long n = update.number();
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(blocks, IndexKeys.blockKey(n), IndexKeys.blockEntry(update.location(), update.headerHash()));
            batch.put(blocks, IndexKeys.hashKey(update.headerHash()), IndexKeys.u64(n));
            Set<String> indexedHere = new HashSet<>();
            for (TxRecord tx : update.transactions()) {
                indexTxId(batch, n, tx, indexedHere);
                if (tx.isValid()) {
                    applyWrites(batch, n, tx);
                }
            }
            batch.put(meta, IndexKeys.SAVEPOINT, IndexKeys.u64(n));
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new LedgerException("cannot write the index of block " + n + ": " + e.getMessage(), e);
        }
    }

    /**
     * As Fabric's block index: every transaction id is indexed once, with its validation code, except
     * the later copies marked DUPLICATE_TXID, so a tx id once used stays used.
     */
    private void indexTxId(WriteBatch batch, long block, TxRecord tx, Set<String> indexedHere) throws RocksDBException {
        if (tx.txId() == null || tx.txId().isEmpty() || tx.code() == TxValidationCode.DUPLICATE_TXID) {
            return;
        }
        if (!indexedHere.add(tx.txId()) || txStatus(tx.txId()).isPresent()) {
            return;
        }
        batch.put(txids, IndexKeys.utf8(tx.txId()), IndexKeys.txValue(block, tx.index(), tx.code().getNumber()));
    }

    private void applyWrites(WriteBatch batch, long block, TxRecord tx) throws RocksDBException {
        for (NsRwSet rw : tx.rwSets()) {
            for (KVWrite w : rw.kv().getWritesList()) {
                byte[] key = IndexKeys.stateKey(rw.namespace(), w.getKey());
                if (w.getIsDelete()) {
                    batch.delete(state, key);
                } else {
                    batch.put(state, key, IndexKeys.stateValue(block, tx.index(), w.getValue().toByteArray()));
                }
                KeyModification m = KeyModification.newBuilder()
                        .setTxId(tx.txId())
                        .setValue(w.getIsDelete() ? ByteString.EMPTY : w.getValue())
                        .setTimestamp(tx.timestamp())
                        .setIsDelete(w.getIsDelete())
                        .build();
                batch.put(history, IndexKeys.historyKey(rw.namespace(), w.getKey(), block, tx.index()), m.toByteArray());
            }
        }
    }

    ReadOptions snapshotOptions() {
        return new ReadOptions().setSnapshot(db.getSnapshot());
    }

    void releaseSnapshot(ReadOptions options) {
        db.releaseSnapshot(options.snapshot());
        options.close();
    }

    private byte[] get(ColumnFamilyHandle cf, byte[] key, ReadOptions options) {
        try {
            return options == null ? db.get(cf, key) : db.get(cf, options, key);
        } catch (RocksDBException e) {
            throw new LedgerException("cannot read the ledger index at " + dir + ": " + e.getMessage(), e);
        }
    }

    static VersionedValue decodeState(byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        long block = b.getLong();
        long tx = b.getLong();
        return new VersionedValue(ByteString.copyFrom(v, 16, v.length - 16),
                Version.newBuilder().setBlockNum(block).setTxNum(tx).build());
    }

    static void status(RocksIterator it) {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new LedgerException("index iteration failed: " + e.getMessage(), e);
        }
    }

    static boolean beyond(byte[] key, byte[] upper, boolean includeEnd) {
        if (upper == null) {
            return false;
        }
        int c = Arrays.compareUnsigned(key, upper);
        return includeEnd ? c > 0 : c >= 0;
    }

    @Override
    public void close() {
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        writeOptions.close();
        cfOptions.close();
        dbOptions.close();
    }
}
