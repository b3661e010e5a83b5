/**
 * The registry's transparency log (issue 14): every valid transaction of the channel, in ledger order, is
 * one leaf ({@link org.dataright.evidence.log.LeafEntry}, derived from the block alone, defined once in the evidence library so a verifier recomputes it), kept in an
 * append-only file ({@link org.dataright.service.log.LeafStore}) and a Merkle tree
 * ({@link org.dataright.service.log.TransparencyLog}), published as C2SP signed checkpoints and tiles
 * ({@link org.dataright.service.log.TlogController}).
 */
package org.dataright.service.log;
