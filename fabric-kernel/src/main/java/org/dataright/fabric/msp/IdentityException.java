package org.dataright.fabric.msp;

/** An identity or a signature that the channel's membership does not accept; the message says why. */
public final class IdentityException extends Exception {
    private static final long serialVersionUID = 1L;

    public IdentityException(String message) {
        super(message);
    }

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
