package org.dataright.service.timestamp;

/** The time-stamp authority gave no token this service accepts; the sentence says why. */
public final class TimestampException extends Exception {
    private static final long serialVersionUID = 1L;

    public TimestampException(String message) {
        super(message);
    }

    public TimestampException(String message, Throwable cause) {
        super(message, cause);
    }
}
