package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
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
import org.rocksdb.Status;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB side of the ledger: world state, key history, block index, tx id index and the
 * savepoint, in column families (layouts in {@link IndexKeys}). Everything here can be rebuilt from
 * the block files. Writes come only through {@link #commit}, one atomic batch per block.
 *
 * <p>Opening checks that CURRENT names a MANIFEST that is there and that no log record header has a
 * type RocksDB would loop on, then RocksDB's own checksums: every record of the write-ahead log as
 * it is replayed (a torn last record, which a crash leaves, is dropped; damage anywhere else fails
 * the open), the MANIFEST, and every block of every SST file. Damage found so is a
 * {@link DamagedException}.
 */
final class IndexStore implements AutoCloseable {
    private static final byte[] META = RocksDB.DEFAULT_COLUMN_FAMILY;
    private static final byte[] STATE = "state".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HISTORY = "history".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BLOCKS = "blocks".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TXIDS = "txids".getBytes(StandardCharsets.US_ASCII);

    /** RocksDB's log format (write-ahead logs and MANIFEST): 32 KiB blocks of records, each with a 7-byte header. */
    private static final int LOG_BLOCK = 32 * 1024;
    private static final int LOG_HEADER = 7;

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

    /**
     * The index is damaged: a bad checksum, a file missing, a malformed value, or entries that disagree
     * with the block files. It is to be rebuilt from them.
     */
    static final class DamagedException extends LedgerException {
        private static final long serialVersionUID = 1L;

        DamagedException(String message) {
            super(message);
        }

        DamagedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Opens (or creates) the index in {@code dir}.
     *
     * @throws DamagedException when its files are damaged
     * @throws LedgerException when it cannot be opened for another reason (I/O, permissions)
     */
    IndexStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LedgerException("cannot create index directory " + dir + ": " + e.getMessage(), e);
        }
        checkCurrentFile(dir);
        checkLogRecordTypes(dir);
        dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setParanoidChecks(true)
                // The WAL is not synced (see below), so a crash may tear its last record: dropping that
                // leaves the index behind the block files, which replay mends. A bad record anywhere
                // else is damage and fails the open (the default mode would silently stop there).
                .setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords);
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
            throw failure("cannot open the ledger index at " + dir, e);
        }
        meta = handles.get(0);
        state = handles.get(1);
        history = handles.get(2);
        blocks = handles.get(3);
        txids = handles.get(4);
        try {
            // Opening reads only the SST files' footers and index blocks; this reads every data block.
            db.verifyChecksum();
        } catch (RocksDBException e) {
            close();
            throw failure("checksum verification of the ledger index at " + dir + " failed", e);
        }
    }

    /** Damage when RocksDB says corruption, else an ordinary failure (I/O, locks, permissions). */
    private static LedgerException failure(String what, RocksDBException e) {
        Status status = e.getStatus();
        if (status != null && status.getCode() == Status.Code.Corruption) {
            return new DamagedException(what + ": " + e.getMessage(), e);
        }
        return new LedgerException(what + ": " + e.getMessage(), e);
    }

    /**
     * CURRENT names the MANIFEST to read. RocksDB reports a garbled name as corruption, but a name
     * changed into that of another, absent file only as a missing file, which could as well be an
     * I/O problem; checked here so that it counts as the damage it is.
     */
    private static void checkCurrentFile(Path dir) {
        Path current = dir.resolve("CURRENT");
        if (!Files.exists(current)) {
            return;
        }
        String content;
        try {
            content = Files.readString(current, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new LedgerException("cannot read " + current + ": " + e.getMessage(), e);
        }
        String name = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        if (!name.matches("MANIFEST-[0-9]+") || !Files.isRegularFile(dir.resolve(name))) {
            throw new DamagedException(current + " names \"" + name.replaceAll("[^\\x20-\\x7e]", "?")
                    + "\", which is not a MANIFEST file in " + dir);
        }
    }

    /**
     * Reads the record headers of the write-ahead logs and the MANIFEST as RocksDB will, and refuses a
     * record type of the "recyclable" format, which this index never writes (it does not recycle
     * logs): RocksDB 9.8 loops for ever on such a header after the first record instead of reporting
     * it (facebook/rocksdb#13333), so a single flipped byte would hang the open. Checksums and
     * lengths are left to RocksDB; the walk stops where RocksDB's reading would fail or end.
     */
    private static void checkLogRecordTypes(Path dir) {
        List<Path> logs;
        try (Stream<Path> files = Files.list(dir)) {
            logs = files.filter(f -> f.getFileName().toString().matches("[0-9]+\\.log|MANIFEST-[0-9]+")).toList();
        } catch (IOException e) {
            throw new LedgerException("cannot list the ledger index at " + dir + ": " + e.getMessage(), e);
        }
        for (Path log : logs) {
            try (FileChannel ch = FileChannel.open(log)) {
                checkLogRecordTypes(log, ch);
            } catch (IOException e) {
                throw new LedgerException("cannot read " + log + ": " + e.getMessage(), e);
            }
        }
    }

    private static void checkLogRecordTypes(Path log, FileChannel ch) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(LOG_BLOCK);
        for (long start = 0; start < ch.size(); start += LOG_BLOCK) {
            block.clear();
            int read;
            do {
                read = ch.read(block, start + block.position());
            } while (read > 0 && block.hasRemaining());
            int length = block.position();
            for (int at = 0; at + LOG_HEADER <= length; ) {
                int recordLength = (block.get(at + 4) & 0xFF) | (block.get(at + 5) & 0xFF) << 8;
                int type = block.get(at + 6) & 0xFF;
                if (type == 0 && recordLength == 0) {
                    break; // zeros: RocksDB skips the rest of the block
                }
                if ((type >= 5 && type <= 8) || type == 11) {
                    throw new DamagedException(log + ": the record header at offset " + (start + at) + " has type " + type
                            + ", of the recyclable log format, which this index never writes");
                }
                if (at + LOG_HEADER + recordLength > length) {
                    return; // runs past the block: a torn end of the log, or damage RocksDB reports
                }
                at += LOG_HEADER + recordLength;
            }
        }
    }

    /**
     * Renames a closed, damaged index directory to {@code index.damaged-<n>} beside it (the first
     * free n), keeping it for inspection; returns the new path.
     */
    static Path moveAside(Path dir) {
        Path parent = dir.toAbsolutePath().getParent();
        int n = 1;
        while (Files.exists(parent.resolve(dir.getFileName() + ".damaged-" + n))) {
            n++;
        }
        Path aside = parent.resolve(dir.getFileName() + ".damaged-" + n);
        try {
            Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
            BlockStore.syncDirectory(parent);
        } catch (IOException e) {
            throw new LedgerException("cannot move the damaged index " + dir + " aside to " + aside + ": " + e.getMessage(), e);
        }
        return aside;
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
                entries.add(decodeHistory(it.value(), tail.getLong(), tail.getLong(), ns, key));
            }
            status(it);
        }
        Collections.reverse(entries);
        return entries;
    }

    /** The history entry of a key's change by transaction {@code tx} of block {@code block}, if indexed. */
    Optional<HistoryEntry> historyAt(String ns, String key, long block, long tx) {
        byte[] v = get(history, IndexKeys.historyKey(ns, key, block, tx), null);
        return v == null ? Optional.empty() : Optional.of(decodeHistory(v, block, tx, ns, key));
    }

    /** The newest history entry of a key, if any. */
    Optional<HistoryEntry> newestHistory(String ns, String key) {
        byte[] prefix = IndexKeys.historyPrefix(ns, key);
        try (RocksIterator it = db.newIterator(history)) {
            // Block and tx numbers are never negative, so -1 (all ones) sorts after every entry of the key.
            it.seekForPrev(IndexKeys.historyKey(ns, key, -1, -1));
            if (it.isValid() && IndexKeys.startsWith(it.key(), prefix)) {
                ByteBuffer tail = ByteBuffer.wrap(it.key(), prefix.length, 16);
                return Optional.of(decodeHistory(it.value(), tail.getLong(), tail.getLong(), ns, key));
            }
            status(it);
            return Optional.empty();
        }
    }

    private static HistoryEntry decodeHistory(byte[] value, long block, long tx, String ns, String key) {
        try {
            KeyModification m = KeyModification.parseFrom(value);
            return new HistoryEntry(m.getTxId(), block, tx, m.getValue(), m.getIsDelete(), m.getTimestamp());
        } catch (InvalidProtocolBufferException e) {
            throw new LedgerException("history index entry of " + ns + "/" + key + " is malformed: " + e.getMessage(), e);
        }
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
