package org.dataright.evidence.verify;

import org.dataright.evidence.log.ConsistencyProof;
import org.dataright.evidence.log.TlogPolicy;

/**
 * Where a verifier gets a consistency proof between two checkpoints of a log (online: computed from the
 * log's tiles). What it returns is checked, not trusted.
 */
@FunctionalInterface
public interface ConsistencyProofs {
    /**
     * The proof that the tree of {@code size1} leaves of {@code log} is a prefix of its tree of {@code size2}.
     *
     * @throws RuntimeException when the proof cannot be had (the log is unreachable, say)
     */
    ConsistencyProof between(TlogPolicy.Log log, long size1, long size2);
}
