package org.dataright.evidence.log;

/** The checks of proof verification, each the name of a way a proof can fail. */
public enum ProofCheck {
    /** A hash given to the verifier (leaf, root) is not 32 bytes. */
    HASH_SIZE("hash-size"),
    /** The leaf index is below the tree size (RFC 9162 2.1.3.2 step 1). */
    LEAF_INDEX("leaf-index"),
    /** The first tree is not larger than the second. */
    TREE_SIZES("tree-sizes"),
    /** The path has exactly the hashes the sizes and index call for (steps 4a and 5; 2.1.4.2 steps 1, 6a and 7). */
    PATH_LENGTH("path-length"),
    /** The root recomputed from the path is the given root (inclusion; the second root of a consistency proof). */
    ROOT("root"),
    /** The first tree's root recomputed from a consistency proof is the given first root. */
    FIRST_ROOT("first-root");

    private final String label;

    ProofCheck(String label) {
        this.label = label;
    }

    /** The check's name as messages and reports write it. */
    public String label() {
        return label;
    }
}
