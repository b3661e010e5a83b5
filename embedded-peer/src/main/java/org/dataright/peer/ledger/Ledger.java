package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.fabric.config.ChannelConfig;
import org.dataright.fabric.config.ConfigBlockReader;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.fabric.msp.ValidIdentity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.rocksdb.ReadOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's ledger, as a Fabric peer and orderer keep it on one machine.
 *
 * <h2>Writing</h2>
 * {@link #commitBlock(List)} is the orderer and the committer in one: it cuts the given envelopes
 * into the next block (hash-chained, signed by the orderer identity), validates every transaction as
 * Fabric does ({@link TxValidator}), writes the validation codes into the TRANSACTIONS_FILTER,
 * appends the block to the block files and fsyncs them, then writes state, history and indexes in
 * one RocksDB batch, and returns the committed block. When it returns, the block is durable.
 * {@link #addCommitListener} hears of every committed block (for commit status, events, Deliver).
 * Commits are serialised; reads run concurrently with them.
 *
 * <h2>Reading</h2>
 * State ({@link #getState}, {@link #getStateRange}, {@link #snapshot}), history ({@link #getHistory}),
 * blocks ({@link #getBlockByNumber}, {@link #getBlockByHash}, {@link #getBlockByTxId}), transactions
 * ({@link #getTransactionById}, {@link #getTxStatus}) and {@link #getChainInfo}. Keys are ordered by
 * their UTF-8 bytes; composite keys start with {@code \u0000}.
 *
 * <h2>Recovery and checking</h2>
 * {@link #open} ({@link LedgerRecovery}) checks the index (RocksDB's checksums, then the index against the block files) and,
 * when it is damaged, moves it aside to {@code index.damaged-<n>/} and rebuilds it from the block
 * files, which are the record. It replays blocks that are in the block files but not yet in the
 * index, cuts off a torn last record (kept aside in {@code blocks/torn/}), and refuses to open over
 * damage to the block files that a crash cannot cause ({@link LedgerCorruptionException}, naming the
 * block). {@link #verify()} walks every block checking the hash chain, data hashes and orderer
 * signatures. {@link #dropIndexes} deletes the RocksDB side so that the next open rebuilds it.
 */
public final class Ledger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    static final String BLOCKS_DIR = "blocks";
    static final String INDEX_DIR = "index";
    /** Held while the ledger is open, so that no second process recovers or moves its files. */
    static final String LOCK_FILE = "ledger.lock";
    /** Block 0 is the channel's only config block. */
    private static final long LAST_CONFIG = 0;
    /** Enough for the envelopes between the orderer and validation: a few blocks of 500. */
    private static final int VERIFIED_SIGNATURES_PER_GENERATION = 10_000;

    private final LedgerOptions options;
    private final FileChannel lockFile;
    private final BlockStore store;
    private final IndexStore index;
    private final Object commitLock = new Object();
    /** Reads hold the read lock so that close cannot free RocksDB under them. */
    private final ReentrantReadWriteLock openLock = new ReentrantReadWriteLock();
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<StateSnapshot> snapshots = ConcurrentHashMap.newKeySet();
    /** Signature checks of a block's transactions run in parallel, one thread per core. */
    private final ExecutorService validationPool = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), Ledger::validationThread);
    /** Signatures already verified in this process (by the orderer, or made by this peer), by their exact bytes. */
    private final VerifiedSignatures signatures = new VerifiedSignatures(VERIFIED_SIGNATURES_PER_GENERATION);
    private volatile ChainTip tip = ChainTip.EMPTY;
    private ChannelConfig config;
    private TxValidator validator;
    private volatile boolean closed;
    /** Set when a commit failed half-way; the ledger must be reopened (which recovers) before it commits again. */
    private volatile RuntimeException failure;
    /** What the walk over the whole chain at open found wrong, or null: the ledger then serves reads but takes no blocks. */
    private volatile VerificationReport damage;

    private static Thread validationThread(Runnable r) {
        Thread t = new Thread(r, "ledger-validation");
        t.setDaemon(true);
        return t;
    }

    private Ledger(LedgerOptions options, FileChannel lockFile, BlockStore store, IndexStore index) {
        this.options = options;
        this.lockFile = lockFile;
        this.store = store;
        this.index = index;
    }

    /**
     * Opens the ledger in {@code options.directory()}, creating it (block 0 from
     * {@code options.genesis()}) when the directory holds none, and recovering it otherwise.
     *
     * @throws LedgerCorruptionException when the block files are damaged beyond a torn last record
     * @throws LedgerException when it cannot be opened for another reason (I/O, configuration, open
     *     in another process)
     */
    public static Ledger open(LedgerOptions options) {
        Path dir = options.directory();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LedgerException("cannot create ledger directory " + dir + ": " + e.getMessage(), e);
        }
        FileChannel lockFile = lock(dir);
        BlockStore store = null;
        IndexStore index = null;
        try {
            store = new BlockStore(dir.resolve(BLOCKS_DIR), options.maxBlockFileBytes());
            index = LedgerRecovery.openIndex(dir.resolve(INDEX_DIR), store);
            Ledger ledger = new Ledger(options, lockFile, store, index);
            try {
                ledger.recover();
                return ledger;
            } catch (RuntimeException e) {
                ledger.validationPool.shutdownNow();
                throw e;
            }
        } catch (RuntimeException e) {
            if (index != null) {
                index.close();
            }
            if (store != null) {
                store.close();
            }
            throw unlockAfter(lockFile, e);
        }
    }

    private static FileChannel lock(Path dir) {
        Path file = dir.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LedgerException("cannot open the lock file " + file + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            throw unlockAfter(channel, new LedgerException("the ledger in " + dir + " is already open in this process", e));
        } catch (IOException e) {
            throw unlockAfter(channel, new LedgerException("cannot lock " + file + ": " + e.getMessage(), e));
        }
        if (lock == null) {
            throw unlockAfter(channel, new LedgerException("the ledger in " + dir + " is open in another process"));
        }
        return channel;
    }

    /** Closing the channel releases the lock. */
    private static void unlock(FileChannel lockFile) {
        try {
            lockFile.close();
        } catch (IOException e) {
            throw new LedgerException("cannot release the ledger's lock file: " + e.getMessage(), e);
        }
    }

    /** Releases the lock when opening failed with {@code failure}; returns {@code failure}. */
    private static RuntimeException unlockAfter(FileChannel lockFile, RuntimeException failure) {
        try {
            unlock(lockFile);
        } catch (LedgerException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /**
     * Deletes the RocksDB indexes (state, history, block and tx indexes) of a closed ledger; the next
     * {@link #open} rebuilds them by replaying the block files.
     *
     * @throws LedgerException when the ledger is open, or the index cannot be deleted
     */
    public static void dropIndexes(Path directory) {
        Path indexDir = directory.resolve(INDEX_DIR);
        if (!Files.exists(indexDir)) {
            return;
        }
        FileChannel lockFile = lock(directory);
        try {
            Files.walkFileTree(indexDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw unlockAfter(lockFile, new LedgerException("cannot delete the index at " + indexDir + ": " + e.getMessage(), e));
        }
        unlock(lockFile);
    }

    private void recover() {
        tip = LedgerRecovery.replay(store, index);
        if (tip.height() == 0) {
            createGenesis();
        }
        config = readConfig();
        checkOrdererIdentity();
        checkLastSignature();
        verifyChain();
        validator = new TxValidator(config, index, validationPool, signatures);
        LOG.info("ledger of channel {} open at {}: height {}", config.channelId(), options.directory(), tip.height());
    }

    /**
     * Walks every block file record (checksums, numbers, hash chain, data hashes; the last block's signature,
     * checked above, covers the chain), so that damage anywhere is found at open, not when someone reads it.
     * Damage to a block before the last one leaves a ledger that can still serve what is intact: it opens,
     * records the damage ({@link #damage()}) and refuses new blocks, which would extend a record with a hole.
     */
    private void verifyChain() {
        long started = System.nanoTime();
        VerificationReport report = ChainVerifier.verify(store, tip.height(), false);
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (report.isOk()) {
            LOG.info("verified the chain of {} blocks in the block files in {} ms", report.blocksVerified(), millis);
            return;
        }
        damage = report;
        LOG.error("the ledger of channel {} in {} is damaged at {}; blocks before it verified. The peer serves what is"
                + " intact but takes no new transactions until the block files are restored from a backup", config.channelId(),
                options.directory(), report);
    }

    private void createGenesis() {
        ChannelConfig genesis = options.genesis();
        if (genesis == null) {
            throw new LedgerException("there is no ledger in " + options.directory() + " and no channel configuration to create one");
        }
        config = genesis;
        checkOrdererIdentity();
        Instant now = options.clock().instant();
        Envelope envelope = ChannelConfigBlock.genesisEnvelope(genesis, options.orderer(), now);
        ParsedTx parsed = ParsedTx.parse(0, envelope.toByteString());
        TxRecord record = new TxRecord(0, parsed.txId(), TxValidationCode.VALID, parsed.timestamp(), List.of(), null);
        Block block = Blocks.withFilter(
                Blocks.assemble(0, ByteString.EMPTY, List.of(envelope.toByteString()), options.orderer(), LAST_CONFIG),
                List.of(record));
        append(block, List.of(record));
        LOG.info("created channel {} in {}", genesis.channelId(), options.directory());
    }

    /**
     * The last block's header is covered by no later block's previous_hash, only by the orderer's
     * signature; checked here so that a rewritten last block is not taken in, even by a rebuild.
     */
    private void checkLastSignature() {
        long last = tip.height() - 1;
        Block block = getBlockByNumber(last).orElseThrow(() -> new LedgerCorruptionException(last, "the last block is missing"));
        String problem = Blocks.checkSignatures(block, config.membership());
        if (problem != null) {
            throw new LedgerCorruptionException(last, "the last block's orderer signature does not hold: " + problem);
        }
    }

    private ChannelConfig readConfig() {
        Block genesis = getBlockByNumber(0).orElseThrow(() -> new LedgerCorruptionException(0, "block 0 is missing"));
        try {
            return ConfigBlockReader.read(genesis);
        } catch (IllegalArgumentException e) {
            throw new LedgerCorruptionException(0, "block 0 is not a usable channel config block: " + e.getMessage(), e);
        }
    }

    private void checkOrdererIdentity() {
        SigningIdentity orderer = options.orderer();
        try {
            ValidIdentity id = config.membership().validate(orderer.serialized(), options.clock().instant());
            if (!config.membership().isOrdererOrg(id.mspId())) {
                throw new LedgerException("orderer identity belongs to " + id.mspId() + ", which is not an orderer organisation of channel "
                        + config.channelId() + " (orderer organisations: " + config.membership().ordererMspIds() + ")");
            }
        } catch (IdentityException e) {
            throw new LedgerException("orderer identity is not valid in channel " + config.channelId() + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Cuts {@code envelopes} into the next block, signs it as the orderer, validates each
     * transaction, makes the block durable and indexes it. Invalid transactions stay in the block
     * with their validation code and change nothing. Returns once the block is fsync'd and indexed.
     *
     * @throws IllegalArgumentException when {@code envelopes} is empty
     * @throws LedgerException when the block cannot be written; the ledger then refuses further
     *     commits until it is reopened
     */
    public CommittedBlock commitBlock(List<Envelope> envelopes) {
        if (envelopes.isEmpty()) {
            throw new IllegalArgumentException("a block needs at least one envelope");
        }
        synchronized (commitLock) {
            openLock.readLock().lock();
            try {
                checkUsable();
                ChainTip t = tip;
                List<ByteString> data = new ArrayList<>(envelopes.size());
                envelopes.forEach(e -> data.add(e.toByteString()));
                List<TxRecord> txs = validator.validate(t.height(), data, options.clock().instant());
                Block block = Blocks.withFilter(
                        Blocks.assemble(t.height(), t.currentHash(), data, options.orderer(), LAST_CONFIG), txs);
                CommittedBlock committed = append(block, txs);
                notifyListeners(committed);
                return committed;
            } finally {
                openLock.readLock().unlock();
            }
        }
    }

    /** Appends (fsync), then indexes; only then does the block count as committed. */
    private CommittedBlock append(Block block, List<TxRecord> txs) {
        long n = block.getHeader().getNumber();
        BlockLocation location;
        try {
            location = store.append(block.toByteArray());
        } catch (RuntimeException e) {
            failure = e;
            throw new LedgerException("block " + n + " could not be written; reopen the ledger to recover", e);
        }
        byte[] hash = BlockHashes.headerHash(block.getHeader());
        try {
            index.commit(new BlockUpdate(n, location, hash, txs));
        } catch (RuntimeException e) {
            failure = e;
            throw new LedgerException("block " + n + " is durable but its index could not be written; reopen the ledger to replay it", e);
        }
        tip = new ChainTip(n + 1, ByteString.copyFrom(hash), block.getHeader().getPreviousHash());
        List<TxResult> results = new ArrayList<>(txs.size());
        txs.forEach(tx -> results.add(tx.toResult()));
        return new CommittedBlock(block, results);
    }

    private void notifyListeners(CommittedBlock block) {
        for (CommitListener listener : listeners) {
            try {
                listener.committed(block);
            } catch (RuntimeException e) {
                // The block is committed whatever a listener does; its failure is its own.
                LOG.error("commit listener {} failed on block {}", listener, block.number(), e);
            }
        }
    }

    public void addCommitListener(CommitListener listener) {
        listeners.add(listener);
    }

    public void removeCommitListener(CommitListener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- reading

    /**
     * The signatures this process already verified or made, shared by the orderer's checks, the endorser and validation,
     * so that each is verified once.
     */
    public VerifiedSignatures verifiedSignatures() {
        return signatures;
    }

    public ChannelConfig channelConfig() {
        return config;
    }

    public String channelId() {
        return config.channelId();
    }

    /** Number of committed blocks; the next block's number. */
    public long height() {
        return tip.height();
    }

    /** Height, current block hash and previous block hash, as qscc's {@code GetChainInfo} answers. */
    public BlockchainInfo getChainInfo() {
        ChainTip t = tip;
        return BlockchainInfo.newBuilder()
                .setHeight(t.height())
                .setCurrentBlockHash(t.currentHash())
                .setPreviousBlockHash(t.previousHash())
                .build();
    }

    /** The committed value of a key and its version, or empty when the key is absent (never written or deleted). */
    public Optional<VersionedValue> getState(String namespace, String key) {
        return read(() -> index.getState(null, namespace, key));
    }

    /** Committed keys of {@code namespace} in [startKey, endKey), in key order; an empty endKey means no upper bound. */
    public List<StateEntry> getStateRange(String namespace, String startKey, String endKey) {
        return read(() -> {
            List<StateEntry> out = new ArrayList<>();
            try (StateIterator it = index.range(null, namespace, startKey, endKey, false)) {
                it.forEachRemaining(out::add);
            }
            return out;
        });
    }

    /** A consistent view of the committed state for several reads (simulation, paged ranges). Close it. */
    public StateSnapshot snapshot() {
        return read(() -> {
            ReadOptions ro = index.snapshotOptions();
            long height = index.savepoint(ro).map(n -> n + 1).orElse(0L);
            StateSnapshot s = new StateSnapshot(index, ro, height, snapshots::remove);
            snapshots.add(s);
            return s;
        });
    }

    /** Every change of a key by a valid transaction, newest first. */
    public List<HistoryEntry> getHistory(String namespace, String key) {
        return read(() -> index.history(namespace, key));
    }

    public Optional<Block> getBlockByNumber(long number) {
        return read(() -> {
            if (number < 0 || number >= tip.height()) {
                return Optional.empty();
            }
            VerificationReport d = damage;
            if (d != null && d.firstBadBlock().getAsLong() == number) {
                throw new LedgerCorruptionException(number, d.location().map(l -> l + ": ").orElse("") + d.problem());
            }
            IndexStore.BlockEntry entry = index.blockEntry(number).orElseThrow(() ->
                    new LedgerCorruptionException(number, "committed but missing from the block index"));
            return Optional.of(Blocks.readIndexed(store, number, entry));
        });
    }

    public Optional<Block> getBlockByHash(ByteString headerHash) {
        return read(() -> index.blockNumberByHash(headerHash.toByteArray())).flatMap(this::getBlockByNumber);
    }

    public Optional<Block> getBlockByTxId(String txId) {
        return getTxStatus(txId).flatMap(s -> getBlockByNumber(s.blockNumber()));
    }

    /** Where a tx id was committed and with which code; the first committed use of the id counts. */
    public Optional<TxStatus> getTxStatus(String txId) {
        return read(() -> index.txStatus(txId));
    }

    /** The transaction's envelope and validation code, as qscc's {@code GetTransactionByID} answers. */
    public Optional<ProcessedTransaction> getTransactionById(String txId) {
        Optional<TxStatus> status = getTxStatus(txId);
        if (status.isEmpty()) {
            return Optional.empty();
        }
        TxStatus s = status.get();
        Block block = getBlockByNumber(s.blockNumber()).orElseThrow(() ->
                new LedgerCorruptionException(s.blockNumber(), "tx " + txId + " is indexed in it but the block is not committed"));
        try {
            Envelope envelope = Envelope.parseFrom(block.getData().getData(s.txNumber()));
            return Optional.of(ProcessedTransaction.newBuilder()
                    .setTransactionEnvelope(envelope)
                    .setValidationCode(s.code().getNumber())
                    .build());
        } catch (InvalidProtocolBufferException | IndexOutOfBoundsException e) {
            throw new LedgerCorruptionException(s.blockNumber(), "tx " + txId + " is indexed at position " + s.txNumber()
                    + " but no envelope is there: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- verification

    /**
     * Walks every block in the block files, independently of the index: record checksums, block
     * numbers, the previous-hash chain, data hashes, and the orderer signatures against the orderer
     * organisations of block 0. Reports the first bad block. Commits wait while it runs.
     */
    public VerificationReport verify() {
        synchronized (commitLock) {
            return read(() -> ChainVerifier.verify(store, tip.height(), true));
        }
    }

    /**
     * The damage the walk over the whole chain found when the ledger was opened (the first bad block, its
     * record's file and offset, what is wrong), or empty when every block verified. While it is present the
     * ledger serves reads of state and of every other block, and refuses new blocks.
     */
    public Optional<VerificationReport> damage() {
        return Optional.ofNullable(damage);
    }

    // ---------------------------------------------------------------- lifecycle

    private interface Read<T> {
        T get();
    }

    private <T> T read(Read<T> body) {
        openLock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("ledger at " + options.directory() + " is closed");
            }
            return body.get();
        } finally {
            openLock.readLock().unlock();
        }
    }

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException("ledger at " + options.directory() + " is closed");
        }
        if (failure != null) {
            throw new LedgerException("an earlier commit failed; reopen the ledger to recover", failure);
        }
        VerificationReport d = damage;
        if (d != null) {
            throw new LedgerCorruptionException(d.firstBadBlock().getAsLong(), "the ledger is damaged ("
                    + d.location().map(l -> l + ": ").orElse("") + d.problem() + ") and takes no new blocks until the block"
                    + " files are restored");
        }
    }

    /** Closes open snapshots, RocksDB and the block files. Idempotent. */
    @Override
    public void close() {
        synchronized (commitLock) {
            openLock.writeLock().lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                validationPool.shutdownNow();
                for (StateSnapshot s : List.copyOf(snapshots)) {
                    s.close();
                }
                try {
                    index.close();
                } finally {
                    try {
                        store.close();
                    } finally {
                        unlock(lockFile);
                    }
                }
            } finally {
                openLock.writeLock().unlock();
            }
        }
    }
}
