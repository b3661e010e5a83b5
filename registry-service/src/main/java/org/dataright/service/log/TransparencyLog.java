package org.dataright.service.log;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.Ed25519NoteSigner;
import org.dataright.evidence.log.EntryBundle;
import org.dataright.evidence.log.LeafEntry;
import org.dataright.evidence.log.MerkleTree;
import org.dataright.evidence.log.SignedNote;
import org.dataright.evidence.log.TilePath;
import org.dataright.ledger.client.BlockFollower;
import org.dataright.ledger.client.LedgerConnection;
import org.hyperledger.fabric.protos.common.Block;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transparency log of a channel: follows the ledger's committed blocks from its own position (block 0 on
 * a new or rebuilt log), appends one leaf per valid transaction ({@link LeafEntry}) to its {@link LeafStore}
 * under {@code <data dir>/tlog/}, and signs a C2SP checkpoint of the tree with its key
 * ({@code <data dir>/tlog/log.key}) at most once per checkpoint interval, and only when the tree grew.
 */
public final class TransparencyLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransparencyLog.class);

    private final LedgerConnection ledger;
    private final String origin;
    private final LeafStore store;
    private final Ed25519NoteSigner signer;
    private final Duration interval;
    /** Null when blocks are only given to {@link #append(Block)}. */
    private final BlockFollower follower;
    private ScheduledExecutorService publisher;
    private volatile SignedNote checkpoint;
    private volatile long checkpointSize = -1;

    /**
     * Opens the log in {@code directory}; {@code ledger} may be null when blocks are only given to
     * {@link #append(Block)}.
     */
    public TransparencyLog(LedgerConnection ledger, String origin, Path directory, Duration interval) {
        this.ledger = ledger;
        this.origin = origin;
        this.interval = interval;
        this.signer = LogKey.loadOrCreate(directory.resolve("log.key"), origin);
        this.store = new LeafStore(directory);
        this.follower = ledger == null ? null : new BlockFollower("transparency log",
                () -> ledger.network().newBlockEventsRequest().startBlock(store.nextBlock()).build().getEvents(),
                store::nextBlock, this::append);
        publish();
        log.info("transparency log {}: {} leaves, next block {}", origin, store.tree().size(), store.nextBlock());
    }

    /** Starts following the ledger and publishing checkpoints. */
    public synchronized void start() {
        if (follower != null) {
            follower.start();
        }
        publisher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "transparency-log-checkpoints");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        publisher.scheduleWithFixedDelay(this::publishQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    public String origin() {
        return origin;
    }

    /** The verifier key of the log's signatures: {@code <origin>+<key ID>+<base64>}. */
    public String vkey() {
        return signer.verifier().vkey();
    }

    /** The next block the log reads; the leaves of every earlier block are stored. */
    public long nextBlock() {
        return store.nextBlock();
    }

    /** The tree of every stored leaf (it may be ahead of the latest checkpoint). */
    public MerkleTree tree() {
        return store.tree();
    }

    /** The latest signed checkpoint. */
    public SignedNote checkpoint() {
        return checkpoint;
    }

    /**
     * Appends the leaves of {@code block}, the next block of the ledger; a block already in the log is
     * ignored. Returns how many leaves it added.
     */
    public int append(Block block) {
        long number = block.getHeader().getNumber();
        if (number < store.nextBlock()) {
            return 0;
        }
        List<byte[]> entries = LeafEntry.of(block);
        store.appendBlock(number, entries);
        return entries.size();
    }

    /** Signs a checkpoint of the current tree unless the latest one is of the same size; true if it signed one. */
    public synchronized boolean publish() {
        MerkleTree tree = store.tree();
        long size = tree.size();
        if (size == checkpointSize) {
            return false;
        }
        checkpoint = SignedNote.sign(new Checkpoint(origin, size, tree.root(size)).text(), signer);
        checkpointSize = size;
        return true;
    }

    private void publishQuietly() {
        try {
            publish();
        } catch (RuntimeException e) {
            log.error("cannot sign a checkpoint of the transparency log", e);
        }
    }

    /** The bytes of a hash tile or an entry bundle; IllegalArgumentException when the log does not have it. */
    public byte[] tile(TilePath path) {
        if (!path.isEntries()) {
            return store.tree().tile(path);
        }
        long size = store.tree().size();
        long first = path.index() * TilePath.WIDTH;
        if (path.index() > size / TilePath.WIDTH || first > size - path.width()) {
            throw new IllegalArgumentException(path + " is not in the log of " + size + " leaves");
        }
        return EntryBundle.encode(store.entries(first, path.width()));
    }

    /** Stops following and publishing, then closes the store. */
    @Override
    public synchronized void close() {
        if (follower != null) {
            follower.close();
        }
        if (publisher != null) {
            publisher.shutdownNow();
        }
        store.close();
    }
}
