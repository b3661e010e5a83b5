package org.dataright.peer.ledger;

import java.util.List;

/** Everything one block changes in the index, written in one atomic RocksDB batch with the savepoint. */
record BlockUpdate(long number, BlockLocation location, byte[] headerHash, List<TxRecord> transactions) {
}
