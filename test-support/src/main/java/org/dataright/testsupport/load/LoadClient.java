package org.dataright.testsupport.load;

/** A client of a closed loop: it does its next operation when the previous one has ended. */
public interface LoadClient extends AutoCloseable {
    /** Does the next operation and says what it was; a failed operation is reported in it, not thrown. */
    Operation next();

    @Override
    void close();
}
