package org.dataright.peer.chaincode;

/** A chaincode could not be reached or did not finish a transaction; the message says why, in Fabric's words. */
public final class ChaincodeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean streamEnded;

    public ChaincodeException(String message) {
        this(message, null, false);
    }

    public ChaincodeException(String message, Throwable cause) {
        this(message, cause, cause instanceof ChaincodeException && ((ChaincodeException) cause).streamEnded);
    }

    ChaincodeException(String message, Throwable cause, boolean streamEnded) {
        super(message, cause);
        this.streamEnded = streamEnded;
    }

    /**
     * The stream to the chaincode ended before the transaction completed. Simulation has no effect on
     * the ledger, so the transaction can be run again on a new stream.
     */
    public boolean streamEnded() {
        return streamEnded;
    }
}
