/**
 * The ledger of the embedded peer: an append-only store of Fabric {@code common.Block}s (the source
 * of truth, fsync'd before a block counts as committed), RocksDB for world state, key history and the
 * block and transaction indexes (rebuildable from the blocks), Fabric's transaction validation, and
 * the orderer's block cutting and signing. {@link org.dataright.peer.ledger.Ledger} is the entry point.
 */
package org.dataright.peer.ledger;
