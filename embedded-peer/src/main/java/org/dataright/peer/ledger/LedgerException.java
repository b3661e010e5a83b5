package org.dataright.peer.ledger;

/** The ledger cannot do what was asked: an I/O failure, a closed ledger, a bad configuration. */
public class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
