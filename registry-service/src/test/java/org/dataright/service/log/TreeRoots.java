package org.dataright.service.log;

import java.util.List;
import org.dataright.evidence.log.LeafEntry;
import org.dataright.evidence.log.MerkleTree;
import org.hyperledger.fabric.protos.common.Block;

/** The root of the leaves of some blocks, computed without the log's store. */
final class TreeRoots {
    private TreeRoots() {
    }

    static byte[] of(List<Block> blocks) {
        MerkleTree tree = new MerkleTree();
        blocks.forEach(block -> LeafEntry.of(block).forEach(tree::append));
        return tree.root();
    }
}
