package org.dataright.service.log;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.dataright.evidence.fabric.EndorserTransaction;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.Ed25519NoteSigner;
import org.dataright.evidence.log.EntryBundle;
import org.dataright.evidence.log.LeafEntry;
import org.dataright.evidence.log.MerkleTree;
import org.dataright.evidence.log.SignedNote;
import org.dataright.evidence.log.TilePath;
import org.dataright.evidence.log.TlogProof;
import org.dataright.evidence.map.AssetRecords;
import org.dataright.evidence.map.AssetStates;
import org.dataright.evidence.map.MapProof;
import org.dataright.evidence.map.Standing;
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
    /** Checkpoints signed by this instance (a metric). */
    private final java.util.concurrent.atomic.AtomicLong signedCount = new java.util.concurrent.atomic.AtomicLong();

    private record Published(SignedNote note, long size, long nanoTime) {
    }

    /** Null for a log whose checkpoints nobody cosigns (tests). */
    private final CheckpointWitnesses witnesses;
    private boolean fullyWitnessed;
    /** Null for a log without a state map. Guarded by {@link #stateLock}, with the store's tree. */
    private final AssetStates states;
    /** Where the state map is snapshotted; null without a state map. */
    private final StateMapSnapshot snapshots;
    private final Duration snapshotInterval;
    /** The next block of the latest snapshot written or loaded, and when this instance last took one (guarded by this). */
    private long snapshotBlock;
    private long snapshotNanos;
    private boolean snapshotTaken;
    /** Writes snapshots away from the checkpoint thread; created on the first. */
    private java.util.concurrent.ExecutorService snapshotWriter;
    /** Held while a block changes the tree and the map, and while a checkpoint or a standing reads them. */
    private final Object stateLock = new Object();
    private static final int STANDING_ATTEMPTS = 50;
    private static final Duration STANDING_RETRY = Duration.ofMillis(100);

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
        this(ledger, origin, directory, interval, null);
    }

    /** A log whose checkpoints the witnesses of {@code witnessing} cosign (none when it is null). */
    public TransparencyLog(LedgerConnection ledger, String origin, Path directory, Duration interval,
            TlogProperties witnessing) {
        this(ledger, origin, directory, interval, witnessing, null);
    }

    /**
     * A log whose checkpoints also commit to the state map of {@code chaincode}'s data assets (none when it is
     * null), snapshotted each 5 minutes at most.
     */
    public TransparencyLog(LedgerConnection ledger, String origin, Path directory, Duration interval,
            TlogProperties witnessing, String chaincode) {
        this(ledger, origin, directory, interval, witnessing, chaincode, Duration.ofMinutes(5));
    }

    /**
     * A log whose checkpoints also commit to the state map of {@code chaincode}'s data assets (none when it is
     * null). The map resumes from its snapshot ({@link StateMapSnapshot}) when there is a trustworthy one, else
     * from block 0; until it has caught up with the log the checkpoints carry no map root. A snapshot is
     * written at a checkpoint at most once per {@code snapshotInterval}, and when the log is closed.
     */
    public TransparencyLog(LedgerConnection ledger, String origin, Path directory, Duration interval,
            TlogProperties witnessing, String chaincode, Duration snapshotInterval) {
        this.ledger = ledger;
        this.origin = origin;
        this.interval = interval;
        this.snapshotInterval = snapshotInterval;
        this.signer = LogKey.loadOrCreate(directory.resolve("log.key"), origin);
        this.store = new LeafStore(directory);
        this.snapshots = chaincode == null ? null : new StateMapSnapshot(directory, origin, chaincode);
        this.states = snapshots == null ? null : snapshots.load(signer.verifier(), store);
        this.snapshotBlock = states == null ? 0 : states.nextBlock();
        this.witnesses = witnessing == null ? null
                : CheckpointWitnesses.configure(witnessing, directory, signer.verifier(), Clock.systemUTC());
        this.follower = ledger == null ? null : new BlockFollower("transparency log",
                () -> ledger.network().newBlockEventsRequest().startBlock(nextBlockToRead()).build().getEvents(),
                this::nextBlockToRead, this::append);
        publish();
        log.info("transparency log {}: {} leaves, next block {}{}", origin, store.tree().size(), store.nextBlock(),
                states == null ? "" : ", state map at block " + states.nextBlock());
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

    /** Checkpoints this log signed since it was opened. */
    public long checkpointsSigned() {
        return signedCount.get();
    }

    /** The tree size of the latest signed checkpoint (0 before the first). */
    public long checkpointSize() {
        Published p = latest;
        return p == null ? 0 : p.size();
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
        synchronized (stateLock) {
            if (states != null && number == states.nextBlock()) {
                states.apply(block);
            }
            if (number < store.nextBlock()) {
                return 0;
            }
            List<byte[]> entries = LeafEntry.of(block);
            store.appendBlock(number, entries);
            signal();
            return entries.size();
        }
    }

    /** The first block the log or its state map still needs. */
    private long nextBlockToRead() {
        synchronized (stateLock) {
            return states == null ? store.nextBlock() : Math.min(states.nextBlock(), store.nextBlock());
        }
    }

    /** Whether the state map has applied every block the tree holds (always false without a map). */
    private boolean mapCaughtUp() {
        return states != null && states.nextBlock() >= store.nextBlock();
    }

    /**
     * Signs a checkpoint of the current tree, and has the witnesses cosign it, unless the latest one is of the
     * same size and every witness has cosigned it (a witness that was down is asked again); true if it signed one.
     */
    public synchronized boolean publish() {
        MerkleTree tree = store.tree();
        long size;
        Checkpoint next;
        boolean grew;
        AssetStates.Snapshot snapshot = null;
        synchronized (stateLock) {
            size = tree.size();
            boolean withMap = mapCaughtUp();
            next = new Checkpoint(origin, size, tree.root(size), withMap ? List.of(Standing.mapExtension(states.root())) : List.of());
            // The first checkpoint after the state map has caught up carries its root, though the tree did not grow.
            boolean mapArrived = withMap && latest != null && Checkpoint.parse(latest.note().text()).extensions().isEmpty();
            grew = latest == null || size != latest.size() || mapArrived;
            if (grew && withMap && snapshotDue()) {
                snapshot = states.snapshot();
            }
        }
        if (!grew && (witnesses == null || fullyWitnessed)) {
            return false;
        }
        SignedNote signed = grew ? SignedNote.sign(next.text(), signer) : latest.note();
        if (snapshot != null) {
            writeSnapshotLater(snapshot, signed);
        }
        if (witnesses != null) {
            signed = witnesses.cosign(signed, tree);
            fullyWitnessed = signed.signatures().size() == 1 + witnesses.count();
        }
        latest = new Published(signed, size, grew ? System.nanoTime() : latest.nanoTime());
        if (grew) {
            signedCount.incrementAndGet();
        }
        signal();
        return grew;
    }

    /** Whether the map moved past the latest snapshot and none was taken for the snapshot interval (holding stateLock). */
    private boolean snapshotDue() {
        return states.nextBlock() > snapshotBlock
                && (!snapshotTaken || System.nanoTime() - snapshotNanos >= snapshotInterval.toNanos());
    }

    private void writeSnapshotLater(AssetStates.Snapshot snapshot, SignedNote checkpoint) {
        snapshotBlock = snapshot.nextBlock();
        snapshotNanos = System.nanoTime();
        snapshotTaken = true;
        if (snapshotWriter == null) {
            snapshotWriter = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "state-map-snapshots");
                t.setDaemon(true);
                return t;
            });
        }
        snapshotWriter.execute(() -> {
            try {
                snapshots.write(snapshot, checkpoint);
            } catch (RuntimeException e) {
                log.error("cannot write a snapshot of the state map (the next start rebuilds it from an older one or"
                        + " from the blocks)", e);
            }
        });
    }

    /**
     * On close: waits for a snapshot being written, then writes one of the map as it is now with a checkpoint
     * signed for it, unless the latest snapshot already is of this block or the map has not caught up.
     */
    private synchronized void snapshotOnClose() {
        if (snapshotWriter != null) {
            snapshotWriter.shutdown();
            try {
                if (!snapshotWriter.awaitTermination(1, TimeUnit.MINUTES)) {
                    log.warn("a snapshot of the state map is still being written after a minute; closing without another");
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        AssetStates.Snapshot snapshot;
        Checkpoint checkpoint;
        synchronized (stateLock) {
            if (!mapCaughtUp() || states.nextBlock() <= snapshotBlock) {
                return;
            }
            snapshot = states.snapshot();
            long size = store.tree().size();
            checkpoint = new Checkpoint(origin, size, store.tree().root(size), List.of(Standing.mapExtension(snapshot.root())));
        }
        try {
            snapshots.write(snapshot, SignedNote.sign(checkpoint.text(), signer));
            snapshotBlock = snapshot.nextBlock();
        } catch (RuntimeException e) {
            log.error("cannot write a snapshot of the state map on close (the next start rebuilds it from an older one"
                    + " or from the blocks)", e);
        }
    }

    /**
     * A standing certificate of {@code assetId} as of the latest checkpoint, which is signed first when the log
     * has grown: the asset's records as the state map holds them, their bytes read back from the ledger's
     * blocks, the map proof and the checkpoint.
     *
     * @throws IllegalStateException when the log has no state map, or it is still being rebuilt
     */
    public Standing standing(String assetId, LongFunction<Block> blocks) {
        if (states == null) {
            throw new IllegalStateException("this transparency log keeps no state map");
        }
        for (int attempt = 0; attempt < STANDING_ATTEMPTS; attempt++) {
            publish();
            SignedNote note = latest.note();
            SortedMap<String, AssetStates.RecordRef> refs = null;
            MapProof proof = null;
            synchronized (stateLock) {
                Checkpoint c = Checkpoint.parse(note.text());
                if (mapCaughtUp() && c.size() == store.tree().size() && !c.extensions().isEmpty()) {
                    refs = states.recordsOf(assetId);
                    proof = states.map().proof(AssetRecords.mapKey(assetId));
                }
            }
            if (refs != null) {
                List<Standing.Record> records = new ArrayList<>();
                refs.forEach((key, ref) -> records.add(new Standing.Record(key, ref.block(), ref.tx(),
                        recordBytes(blocks.apply(ref.block()), ref, key))));
                return new Standing(assetId, records, proof, note);
            }
            try {
                Thread.sleep(STANDING_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("the state map is still being rebuilt from the ledger's blocks (it has applied "
                + states.nextBlock() + " of " + store.nextBlock() + ")");
    }

    private byte[] recordBytes(Block block, AssetStates.RecordRef ref, String key) {
        byte[] value = EndorserTransaction.parse(block.getData().getData(ref.tx())).write(states.namespace(), key)
                .orElseThrow(() -> new IllegalStateException("block " + ref.block() + " transaction " + ref.tx()
                        + " does not write the record the state map says it does"))
                .getValue().toByteArray();
        if (!Arrays.equals(AssetRecords.recordHash(value), ref.hash())) {
            throw new IllegalStateException("block " + ref.block() + " is not the block the state map was built from");
        }
        return value;
    }

    /**
     * The c2sp.org/tlog-policy for this log's checkpoints: its key (with {@code url}, where its checkpoint and
     * tiles are served, when not null) and the quorum of its witnesses.
     */
    public String policy(String url) {
        return witnesses == null ? "log " + vkey() + (url == null ? "" : " " + url) + "\nquorum none\n"
                : witnesses.policy(vkey(), url);
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

    /** Stops following and publishing, snapshots the state map, then closes the store. */
    @Override
    public synchronized void close() {
        if (follower != null) {
            follower.close();
        }
        if (publisher != null) {
            publisher.shutdownNow();
        }
        if (snapshots != null) {
            snapshotOnClose();
        }
        store.close();
    }
}
