package org.dataright.peer.ledger;

/**
 * Told of every block after it is durable and indexed, in block order, on the committing thread.
 * A listener should hand work off quickly; an exception it throws is logged and does not undo the
 * commit or stop other listeners.
 */
@FunctionalInterface
public interface CommitListener {
    void committed(CommittedBlock block);
}
