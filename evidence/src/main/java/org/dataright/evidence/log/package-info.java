/**
 * A witnessed transparency log, as a library: the RFC 6962 / RFC 9162 Merkle tree with its
 * inclusion and consistency proofs ({@link org.dataright.evidence.log.MerkleTree},
 * {@link org.dataright.evidence.log.InclusionProof}, {@link org.dataright.evidence.log.ConsistencyProof}),
 * and the C2SP formats around it: signed notes and Ed25519 keys (signed-note), checkpoints
 * (tlog-checkpoint), witness cosignatures (tlog-cosignature, cosignature/v1), tiles and entry bundles
 * (tlog-tiles) and offline proofs (tlog-proof). No networking and no storage: the service wires them.
 * Parsers accept one spelling of each value and refuse everything else with an
 * {@link java.lang.IllegalArgumentException} naming what is wrong.
 */
package org.dataright.evidence.log;
