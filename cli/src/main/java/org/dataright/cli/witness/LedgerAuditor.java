package org.dataright.cli.witness;

import java.time.Duration;
import java.util.List;
import org.dataright.evidence.log.LeafEntry;
import org.dataright.evidence.log.MerkleTree;
import org.dataright.evidence.witness.Witness;
import org.dataright.ledger.client.BlockFollower;
import org.dataright.ledger.client.LedgerConnection;
import org.hyperledger.fabric.protos.common.Block;

/**
 * A full-audit witness's own copy of the log: it follows the channel's blocks from block 0 through its
 * organisation's peer (Deliver, via the ledger client) and builds the tree from {@link LeafEntry}, the
 * same definition the registry uses, so it can tell whether a checkpoint's root is the ledger's.
 */
final class LedgerAuditor implements Witness.Auditor, AutoCloseable {
    /**
     * How long a checkpoint waits for this copy to reach its size: the registry's peer may commit a block
     * a moment before this organisation's, and the log asks as soon as its own peer has it (the log's
     * request gives up after 5 s).
     */
    static final Duration CATCH_UP = Duration.ofSeconds(3);

    private final String origin;
    private final MerkleTree tree = new MerkleTree();
    private final BlockFollower follower;
    private long nextBlock;

    LedgerAuditor(LedgerConnection ledger, String origin) {
        this.origin = origin;
        this.follower = new BlockFollower("full-audit witness",
                () -> ledger.network().newBlockEventsRequest().startBlock(nextBlock()).build().getEvents(),
                this::nextBlock, this::append);
        follower.start();
    }

    private synchronized long nextBlock() {
        return nextBlock;
    }

    private synchronized void append(Block block) {
        if (block.getHeader().getNumber() != nextBlock) {
            return;
        }
        List<byte[]> entries = LeafEntry.of(block);
        entries.forEach(tree::append);
        nextBlock++;
        notifyAll();
    }

    /** The root of the first {@code size} leaves, waiting up to {@link #CATCH_UP} for them; null if they do not come. */
    @Override
    public synchronized byte[] rootAt(String log, long size) {
        if (!log.equals(origin)) {
            return null;
        }
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (size > tree.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return tree.root(size);
    }

    @Override
    public void close() {
        follower.close();
    }
}
