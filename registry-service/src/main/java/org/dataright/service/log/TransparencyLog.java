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
import org.dataright.evidence.log.TlogProof;
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
    /** The latest signed checkpoint, its size and when it was signed. */
    private volatile Published latest;
    /** Notified when a block's leaves are stored or a checkpoint is signed, for {@link #proofOf}. */
    private final Object progress = new Object();

    private record Published(SignedNote note, long size, long nanoTime) {
    }

    /** An act the log cannot prove yet: its block is not read, or no checkpoint covers its leaf. Worth retrying. */
    public static final class NotYetLogged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotYetLogged(String message) {
            super(message);
        }
    }

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
        return latest.note();
    }

    /**
     * The c2sp.org/tlog-proof of transaction {@code txId} of block {@code block}: its leaf index, inclusion
     * path and the latest checkpoint, once one covers it. Waits at most {@code wait} for the log to read the
     * block and for such a checkpoint; when one is due (the interval has passed since the last), it is
     * signed now rather than at the next tick.
     *
     * @throws NotYetLogged when the wait ends first
     * @throws IllegalArgumentException when the block is in the log but holds no valid transaction {@code txId}
     */
    public TlogProof proofOf(String txId, long block, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (store.nextBlock() <= block) {
            pause(deadline, () -> "the transparency log has not read block " + block + " yet (it is at block "
                    + store.nextBlock() + ")");
        }
        long index = store.leafIndex(txId, block).orElseThrow(() -> new IllegalArgumentException("block " + block
                + " holds no valid transaction " + txId + " in the transparency log"));
        while (true) {
            Published p = latest;
            if (p.size() > index) {
                return TlogProof.of(store.tree(), index, p.note(), null);
            }
            publishIfDue();
            if (latest.size() <= index) {
                pause(deadline, () -> "no checkpoint of the transparency log covers leaf " + index + " yet (the latest is of "
                        + latest.size() + " leaves)");
            }
        }
    }

    /** Waits for progress, at most until {@code deadline}; throws {@link NotYetLogged} with {@code why} once it has passed. */
    private void pause(long deadline, java.util.function.Supplier<String> why) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new NotYetLogged(why.get());
        }
        synchronized (progress) {
            try {
                // Bounded, so that progress signalled just before this wait is seen soon all the same.
                progress.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the transparency log", e);
            }
        }
    }

    private void signal() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** Signs a checkpoint if the interval has passed since the last one (and the tree grew). */
    private synchronized void publishIfDue() {
        if (System.nanoTime() - latest.nanoTime() >= interval.toNanos()) {
            publish();
        }
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
        signal();
        return entries.size();
    }

    /** Signs a checkpoint of the current tree unless the latest one is of the same size; true if it signed one. */
    public synchronized boolean publish() {
        MerkleTree tree = store.tree();
        long size = tree.size();
        if (latest != null && size == latest.size()) {
            return false;
        }
        latest = new Published(SignedNote.sign(new Checkpoint(origin, size, tree.root(size)).text(), signer), size,
                System.nanoTime());
        signal();
        return true;
    }

    private void publishQuietly() {
        try {
            publishIfDue();
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
