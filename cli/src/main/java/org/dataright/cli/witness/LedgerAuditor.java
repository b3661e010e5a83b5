package org.dataright.cli.witness;

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
    }

    @Override
    public synchronized byte[] rootAt(String log, long size) {
        if (!log.equals(origin) || size > tree.size()) {
            return null;
        }
        return tree.root(size);
    }

    @Override
    public void close() {
        follower.close();
    }
}
