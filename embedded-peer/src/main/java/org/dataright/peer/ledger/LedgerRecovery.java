package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.dataright.fabric.block.BlockHashes;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery, the part of opening a ledger that trusts nothing: the index is checked against the block
 * files (which are the record) and rebuilt when damaged, blocks the index lacks are replayed into it,
 * and a torn last record is cut off. Damage a crash cannot cause is refused with
 * {@link LedgerCorruptionException}, naming the block.
 */
final class LedgerRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerRecovery.class);
    /** Blocks whose index entries open compares with the block files: the first, the last, and some between. */
    private static final int CHECKED_BLOCKS = 8;

    private final BlockStore store;
    private final IndexStore index;
    private ChainTip tip = ChainTip.EMPTY;

    private LedgerRecovery(BlockStore store, IndexStore index) {
        this.store = store;
        this.index = index;
    }

    /** Replays into {@code index} every intact block of {@code store} after the index's savepoint; returns the chain's tip. */
    static ChainTip replay(BlockStore store, IndexStore index) {
        LedgerRecovery recovery = new LedgerRecovery(store, index);
        if (!store.isEmpty()) {
            recovery.replayAfter(index.savepoint());
        }
        return recovery.tip;
    }

    /**
     * Opens the index and checks it; when it is damaged (RocksDB's checksums fail, or it disagrees
     * with the block files), moves it aside and returns a new, empty index for recovery to fill by
     * replaying every block.
     */
    static IndexStore openIndex(Path indexDir, BlockStore store) {
        IndexStore.DamagedException damage;
        try {
            IndexStore index = new IndexStore(indexDir);
            try {
                checkIndex(index, store);
                return index;
            } catch (RuntimeException e) {
                index.close();
                throw e;
            }
        } catch (IndexStore.DamagedException e) {
            damage = e;
        }
        Path aside = IndexStore.moveAside(indexDir);
        LOG.warn("the ledger index is damaged ({}) - the block files are the record: the damaged index was moved to {}"
                + " and the index is being rebuilt from the block files", damage.getMessage(), aside, damage);
        return new IndexStore(indexDir);
    }

    /**
     * Compares the index with the block files, at its savepoint and at a few blocks spread before it:
     * each block's entry (location, header hash) and hash entry, the tx index entries of its
     * transactions, and the history and state of each key its valid transactions wrote.
     *
     * @throws IndexStore.DamagedException when the index disagrees with the blocks or a value in it is malformed
     * @throws LedgerCorruptionException when a block the index records is unreadable or damaged in the
     *     block files: the index, whose checksums held, witnesses that the block files lost it
     */
    private static void checkIndex(IndexStore index, BlockStore store) {
        Optional<Long> savepoint = indexRead(index::savepoint);
        if (savepoint.isEmpty()) {
            if (indexRead(() -> index.blockEntry(0)).isPresent()) {
                throw new IndexStore.DamagedException("it has block entries but no savepoint");
            }
            return;
        }
        long last = savepoint.get();
        if (store.isEmpty()) {
            throw new LedgerCorruptionException(0, "the index records blocks up to " + last
                    + " but there are no block files in " + store.directory());
        }
        if (indexRead(() -> index.blockEntry(last + 1)).isPresent()) {
            throw new IndexStore.DamagedException("it has an entry for block " + (last + 1) + ", beyond its savepoint " + last);
        }
        TreeSet<Long> checked = new TreeSet<>(List.of(0L, last));
        for (int i = 1; i < CHECKED_BLOCKS - 1; i++) {
            checked.add(last * i / (CHECKED_BLOCKS - 1));
        }
        for (long n : checked) {
            try {
                checkIndexedBlock(index, store, n, last);
            } catch (LedgerCorruptionException e) {
                if (n == 0 || n == last) {
                    throw e;
                }
                // Damage to the block files, not the index, before the last block: the walk over the whole
                // chain that ends the open reports it, and the ledger serves what is intact.
                LOG.warn("the index names block {} in the block files, where it is damaged: {}", n, e.getMessage());
            }
        }
    }

    private static void checkIndexedBlock(IndexStore index, BlockStore store, long n, long last) {
        IndexStore.BlockEntry entry = indexRead(() -> index.blockEntry(n)).orElseThrow(() ->
                new IndexStore.DamagedException("its savepoint is block " + last + " but block " + n + " has no entry"));
        Block block;
        try {
            block = Block.parseFrom(store.read(entry.location()));
        } catch (BlockStore.BadRecordException e) {
            throw new LedgerCorruptionException(n, e.getMessage() + " (where the index records it)", e);
        } catch (InvalidProtocolBufferException e) {
            throw new LedgerCorruptionException(n, "stored record is not a block: " + e.getMessage(), e);
        }
        byte[] hash = BlockHashes.headerHash(block.getHeader());
        if (block.getHeader().getNumber() != n || !Arrays.equals(hash, entry.headerHash())) {
            throw new IndexStore.DamagedException("its entry for block " + n + " names a record at " + entry.location()
                    + " that holds block " + block.getHeader().getNumber() + " with another header hash");
        }
        if (!Arrays.equals(block.getHeader().getDataHash().toByteArray(), BlockHashes.dataHash(block.getData()))) {
            throw new LedgerCorruptionException(n, "data_hash does not match the block's data");
        }
        if (!indexRead(() -> index.blockNumberByHash(hash)).equals(Optional.of(n))) {
            throw new IndexStore.DamagedException("its hash index does not map the header hash of block " + n + " to it");
        }
        for (TxRecord tx : recordsFromFilter(block)) {
            checkIndexedTx(index, n, tx);
        }
    }

    private static void checkIndexedTx(IndexStore index, long n, TxRecord tx) {
        String where = "transaction " + tx.index() + " of block " + n;
        if (tx.txId() != null && !tx.txId().isEmpty()) {
            TxStatus status = indexRead(() -> index.txStatus(tx.txId())).orElseThrow(() ->
                    new IndexStore.DamagedException("the tx id of " + where + " is missing from its tx index"));
            // The tx index holds the first use of an id: here, unless this is a later (DUPLICATE_TXID) copy.
            int order = status.blockNumber() != n ? Long.compare(status.blockNumber(), n) : Integer.compare(status.txNumber(), tx.index());
            boolean agrees = tx.code() == TxValidationCode.DUPLICATE_TXID ? order < 0
                    : order < 0 || (order == 0 && status.code() == tx.code());
            if (!agrees) {
                throw new IndexStore.DamagedException("its tx index entry for the id of " + where + " says block "
                        + status.blockNumber() + ", transaction " + status.txNumber() + ", " + status.code()
                        + " where the block says " + tx.code());
            }
        }
        if (!tx.isValid()) {
            return;
        }
        for (NsRwSet rw : tx.rwSets()) {
            for (KVWrite w : rw.kv().getWritesList()) {
                String key = rw.namespace() + "/" + w.getKey();
                HistoryEntry h = indexRead(() -> index.historyAt(rw.namespace(), w.getKey(), n, tx.index())).orElseThrow(() ->
                        new IndexStore.DamagedException("its history lacks the write of " + key + " by " + where));
                if (!h.txId().equals(tx.txId()) || h.isDelete() != w.getIsDelete() || !h.timestamp().equals(tx.timestamp())
                        || !h.value().equals(w.getIsDelete() ? ByteString.EMPTY : w.getValue())) {
                    throw new IndexStore.DamagedException("its history entry of " + key + " by " + where + " differs from the block");
                }
                HistoryEntry newest = indexRead(() -> index.newestHistory(rw.namespace(), w.getKey())).orElseThrow();
                Optional<VersionedValue> state = indexRead(() -> index.getState(null, rw.namespace(), w.getKey()));
                boolean agrees = newest.isDelete() ? state.isEmpty()
                        : state.isPresent() && state.get().value().equals(newest.value())
                                && state.get().version().getBlockNum() == newest.blockNumber()
                                && state.get().version().getTxNum() == newest.txNumber();
                if (!agrees) {
                    throw new IndexStore.DamagedException("its state of " + key + " differs from the newest history entry of the key");
                }
            }
        }
    }

    /** A read from the index during the check; a failure or a malformed value there is damage to the index. */
    private static <T> T indexRead(Supplier<T> read) {
        try {
            return read.get();
        } catch (IndexStore.DamagedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IndexStore.DamagedException("reading it failed: " + e, e);
        }
    }

    /** Replays into the index every intact block after the savepoint; cuts a torn last record. */
    private void replayAfter(Optional<Long> savepoint) {
        int file = 0;
        long offset = 0;
        if (savepoint.isPresent()) {
            long n = savepoint.get();
            IndexStore.BlockEntry entry = index.blockEntry(n).orElseThrow(() ->
                    new LedgerCorruptionException(n, "the savepoint names it but the block index has no entry for it"));
            Block block = Blocks.readIndexed(store, n, entry);
            tip = new ChainTip(n + 1, ByteString.copyFrom(entry.headerHash()), block.getHeader().getPreviousHash());
            file = entry.location().fileNumber();
            offset = entry.location().end();
        }
        long before = tip.height();
        long started = System.nanoTime();
        BlockStore.ScanEnd end = store.scan(file, offset, (location, payload) -> {
            replay(location, payload);
            return true;
        });
        if (tip.height() > before) {
            LOG.info("replayed blocks {}..{} from the block files into the index in {} ms", before, tip.height() - 1,
                    (System.nanoTime() - started) / 1_000_000);
        }
        if (!end.clean()) {
            BlockStore.BadSpot bad = end.bad();
            String where = BlockStore.fileName(bad.fileNumber()) + " at offset " + bad.offset();
            if (!bad.tornTail()) {
                throw new LedgerCorruptionException(tip.height(), "bad record in " + where + ": " + bad.reason());
            }
            Path aside = store.cutTornTail(bad.fileNumber(), bad.offset());
            LOG.warn("cut off a torn record at the end of the block files ({}: {}), left by a crash while block {} was"
                    + " being appended, before it was acknowledged; the cut bytes are kept in {}",
                    where, bad.reason(), tip.height(), aside);
        }
    }

    private void replay(BlockLocation location, byte[] payload) {
        long expected = tip.height();
        String where = BlockStore.fileName(location.fileNumber()) + " at offset " + location.offset();
        Block block;
        try {
            block = Block.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new LedgerCorruptionException(expected, "record in " + where + " is not a block: " + e.getMessage(), e);
        }
        String problem = chainProblem(block, expected, tip.currentHash());
        if (problem != null) {
            throw new LedgerCorruptionException(expected, problem + " (record in " + where + ")");
        }
        List<TxRecord> txs = recordsFromFilter(block);
        byte[] hash = BlockHashes.headerHash(block.getHeader());
        index.commit(new BlockUpdate(expected, location, hash, txs));
        tip = new ChainTip(expected + 1, ByteString.copyFrom(hash), block.getHeader().getPreviousHash());
    }

    /** The number, previous hash and data hash of a block, checked; null when good, else the problem. */
    static String chainProblem(Block block, long expectedNumber, ByteString previousHeaderHash) {
        if (block.getHeader().getNumber() != expectedNumber) {
            return "holds block number " + block.getHeader().getNumber() + " where block " + expectedNumber + " belongs";
        }
        if (!block.getHeader().getPreviousHash().equals(previousHeaderHash)) {
            return "previous_hash does not match the header hash of the block before it";
        }
        if (!Arrays.equals(block.getHeader().getDataHash().toByteArray(), BlockHashes.dataHash(block.getData()))) {
            return "data_hash does not match the block's data";
        }
        return null;
    }

    /** The index records of a stored block, using the validation codes it was committed with. */
    private static List<TxRecord> recordsFromFilter(Block block) {
        long n = block.getHeader().getNumber();
        byte[] filter;
        try {
            filter = Blocks.filter(block);
        } catch (IllegalArgumentException e) {
            throw new LedgerCorruptionException(n, e.getMessage(), e);
        }
        List<TxRecord> txs = new ArrayList<>(filter.length);
        for (int i = 0; i < filter.length; i++) {
            ParsedTx tx = ParsedTx.parse(i, block.getData().getData(i));
            TxValidationCode code = TxValidationCode.forNumber(filter[i] & 0xFF);
            if (code == null) {
                throw new LedgerCorruptionException(n, "transaction " + i + " has unknown validation code " + (filter[i] & 0xFF));
            }
            boolean malformed = tx.headerFailure != null || (n > 0 && tx.bodyFailure != null);
            if (code == TxValidationCode.VALID && malformed) {
                throw new LedgerCorruptionException(n, "transaction " + i + " is marked VALID but is malformed: " + tx.problem);
            }
            txs.add(new TxRecord(i, tx.txId(), code, tx.timestamp(), tx.rwSets, tx.event));
        }
        return txs;
    }
}
