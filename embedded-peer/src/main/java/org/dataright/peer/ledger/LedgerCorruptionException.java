package org.dataright.peer.ledger;

/**
 * The stored ledger is damaged where damage cannot come from a crash: a bad record before the end of
 * the block files, a block that does not chain, an index that disagrees with the blocks. Names the
 * block. The ledger refuses to open (or to serve that block) rather than guess.
 */
public final class LedgerCorruptionException extends LedgerException {
    private static final long serialVersionUID = 1L;
    private final long blockNumber;

    public LedgerCorruptionException(long blockNumber, String message) {
        super("block " + blockNumber + ": " + message);
        this.blockNumber = blockNumber;
    }

    public LedgerCorruptionException(long blockNumber, String message, Throwable cause) {
        super("block " + blockNumber + ": " + message, cause);
        this.blockNumber = blockNumber;
    }

    /** The number of the first block found damaged. */
    public long blockNumber() {
        return blockNumber;
    }
}
