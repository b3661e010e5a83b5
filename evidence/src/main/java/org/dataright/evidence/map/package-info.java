/**
 * The registry's state as a verifiable map: a compact sparse Merkle tree ({@link org.dataright.evidence.map.StateMap})
 * from each data asset to the hash of all its current records, whose root every checkpoint of the
 * transparency log carries, with proofs of a value and of absence ({@link org.dataright.evidence.map.MapProof}),
 * the rule that says which ledger records belong to which data asset ({@link org.dataright.evidence.map.AssetRecords}),
 * and the standing certificate built on them ({@link org.dataright.evidence.map.Standing}).
 */
package org.dataright.evidence.map;
