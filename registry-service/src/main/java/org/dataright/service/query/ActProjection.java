package org.dataright.service.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.dataright.ledger.client.BlockFollower;
import org.dataright.ledger.client.LedgerConnection;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.FileCheckpointer;
import org.hyperledger.fabric.protos.common.Block;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts by party and time, projected from the ledger's block events into RocksDB under
 * {@code <data dir>/projection/}. A {@link FileCheckpointer} records the last block and transaction
 * processed, written after each transaction's acts are stored (synced), so a restart resumes where it
 * stopped and a transaction seen twice is written twice to the same keys. Remove the folder and the
 * projection is rebuilt from block 0.
 *
 * <p>Keys: {@code <party> \0 <epoch millis, 19 digits> \0 <tx id>} → the act as JSON.
 */
public final class ActProjection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActProjection.class);
    /**
     * How long the projection may stay at one block while the ledger has more before it counts as stuck:
     * a block takes milliseconds, and the follower retries a failed one every 2 s, so this is many retries.
     */
    static final Duration STUCK_AFTER = Duration.ofSeconds(30);

    static {
        RocksDB.loadLibrary();
    }

    private final LedgerConnection ledger;
    private final String chaincodeName;
    private final ObjectMapper json;
    private final Options options;
    private final RocksDB db;
    private final WriteOptions syncWrites;
    private final FileCheckpointer checkpointer;
    private final AtomicLong nextBlock = new AtomicLong();
    /** When {@link #nextBlock} last moved (or the projection opened). */
    private volatile Instant movedAt = Instant.now();
    private final BlockFollower follower;
    private final Committed committed;

    /** Told of each act of the contract the projection reads. */
    public interface Committed {
        /** {@code claimed}: the transaction's timestamp, as its client wrote it. */
        void act(String act, String validationCode, Instant claimed);
    }

    public ActProjection(LedgerConnection ledger, String chaincodeName, Path directory, ObjectMapper json) {
        this(ledger, chaincodeName, directory, json, (act, code, claimed) -> {
        });
    }

    /** As above, telling {@code committed} the act, validation code and timestamp of each act of the contract it reads. */
    public ActProjection(LedgerConnection ledger, String chaincodeName, Path directory, ObjectMapper json,
            Committed committed) {
        this.ledger = ledger;
        this.committed = committed;
        this.chaincodeName = chaincodeName;
        this.json = json;
        try {
            Files.createDirectories(directory);
            Path checkpoint = directory.resolve("checkpoint.json");
            Path store = directory.resolve("acts");
            if (!Files.exists(checkpoint) && Files.exists(store)) {
                // No checkpoint: whatever is stored cannot be trusted to be complete; rebuild.
                deleteTree(store);
            }
            this.checkpointer = openCheckpointer(checkpoint, store);
            this.options = new Options().setCreateIfMissing(true);
            this.db = RocksDB.open(options, store.toString());
            this.syncWrites = new WriteOptions().setSync(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the act projection in " + directory + ": " + e.getMessage(), e);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot open the act projection in " + directory + ": " + e.getMessage(), e);
        }
        nextBlock.set(checkpointer.getBlockNumber().orElse(0));
        follower = new BlockFollower("act projection", this::openEvents, nextBlock::get, this::process);
    }

    /** Starts following the ledger from the checkpoint. */
    public void start() {
        follower.start();
    }

    /** The number of the next block the projection will read (the blocks before it are projected). */
    public long nextBlock() {
        return nextBlock.get();
    }

    /**
     * Why the projection is stuck, when it has stayed at {@link #nextBlock()} for longer than
     * {@link #STUCK_AFTER} while the ledger holds that block ({@code ledgerHeight} above it); else empty.
     */
    public Optional<String> stuck(long ledgerHeight, Instant now) {
        long next = nextBlock.get();
        Instant since = movedAt;
        if (ledgerHeight <= next || Duration.between(since, now).compareTo(STUCK_AFTER) <= 0) {
            return Optional.empty();
        }
        return Optional.of("the act projection has been waiting for block " + next + " since " + since + " while the ledger's"
                + " height is " + ledgerHeight + ": it retries the block every 2 s and fails (the service's log says why), so"
                + " new acts do not appear in /api/acts");
    }

    /**
     * The acts involving {@code party} with timestamps in {@code [from, to)}, oldest first, one page of them.
     */
    public Page<Act> acts(String party, Instant from, Instant to, int page, int size) {
        byte[] start = key(party, from == null ? 0 : from.toEpochMilli(), "");
        byte[] end = key(party, to == null ? Long.MAX_VALUE : to.toEpochMilli(), "");
        long skip = (long) page * size;
        long total = 0;
        List<Act> items = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(start); it.isValid() && compare(it.key(), end) < 0; it.next()) {
                if (total >= skip && items.size() < size) {
                    try {
                        items.add(json.readValue(it.value(), Act.class));
                    } catch (IOException e) {
                        throw new UncheckedIOException("the act projection holds an unreadable act: " + e.getMessage(), e);
                    }
                }
                total++;
            }
        }
        return new Page<>(items, page, size, total);
    }

    private CloseableIterator<Block> openEvents() {
        return ledger.network().newBlockEventsRequest().checkpoint(checkpointer).startBlock(0).build().getEvents();
    }

    private void process(Block block) {
        long number = block.getHeader().getNumber();
        Optional<String> after = checkpointer.getBlockNumber().isPresent() && checkpointer.getBlockNumber().getAsLong() == number
                ? checkpointer.getTransactionId() : Optional.empty();
        boolean skipping = after.isPresent();
        for (BlockActs.Entry entry : BlockActs.read(block, chaincodeName, json)) {
            if (skipping) {
                skipping = !entry.txId().equals(after.get());
                continue;
            }
            entry.act().ifPresent(this::store);
            if (!entry.kind().isEmpty()) {
                committed.act(entry.kind(), entry.code(), entry.claimed());
            }
            try {
                checkpointer.checkpointTransaction(number, entry.txId());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the projection checkpoint: " + e.getMessage(), e);
            }
        }
        try {
            checkpointer.checkpointBlock(number);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the projection checkpoint: " + e.getMessage(), e);
        }
        nextBlock.set(number + 1);
        movedAt = Instant.now();
    }

    private void store(Act act) {
        try (WriteBatch batch = new WriteBatch()) {
            byte[] value = json.writeValueAsBytes(act);
            for (String party : act.parties()) {
                batch.put(key(party, act.timestamp().toEpochMilli(), act.txId()), value);
            }
            db.write(syncWrites, batch);
        } catch (RocksDBException | IOException e) {
            throw new IllegalStateException("cannot store act " + act.txId() + ": " + e.getMessage(), e);
        }
    }

    private static byte[] key(String party, long millis, String txId) {
        return (party + '\0' + String.format("%019d", millis) + '\0' + txId).getBytes(StandardCharsets.UTF_8);
    }

    private static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    /**
     * fabric-gateway's checkpointer rewrites its file in place, so a kill mid-write can leave it
     * unreadable. The projection is derived from the ledger: such a checkpoint is kept aside and the
     * projection rebuilt from block 0, rather than the service refusing to start.
     */
    private static FileCheckpointer openCheckpointer(Path checkpoint, Path store) throws IOException {
        try {
            return new FileCheckpointer(checkpoint);
        } catch (IOException | RuntimeException e) {
            Path aside = checkpoint.resolveSibling("checkpoint.damaged.json");
            log.warn("the act projection's checkpoint {} is unreadable ({}); kept as {}, rebuilding the projection from "
                    + "the ledger", checkpoint, e.getMessage(), aside);
            Files.move(checkpoint, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (Files.exists(store)) {
                deleteTree(store);
            }
            return new FileCheckpointer(checkpoint);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Stops listening, then closes the store and the checkpoint. */
    @Override
    public void close() {
        follower.close();
        syncWrites.close();
        db.close();
        options.close();
        try {
            checkpointer.close();
        } catch (IOException e) {
            log.warn("cannot close the projection checkpoint: {}", e.getMessage());
        }
    }
}
