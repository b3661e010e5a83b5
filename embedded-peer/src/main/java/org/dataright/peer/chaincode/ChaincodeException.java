package org.dataright.peer.chaincode;

/** A chaincode could not be reached or did not finish a transaction; the message says why, in Fabric's words. */
public final class ChaincodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public ChaincodeException(String message) {
        super(message);
    }

    public ChaincodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
