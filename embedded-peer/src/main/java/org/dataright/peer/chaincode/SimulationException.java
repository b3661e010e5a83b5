package org.dataright.peer.chaincode;

/** The simulator refuses a request of the chaincode (Fabric's tx simulator errors); the message goes back to the chaincode. */
public final class SimulationException extends Exception {
    private static final long serialVersionUID = 1L;

    public SimulationException(String message) {
        super(message);
    }
}
