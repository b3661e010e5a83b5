package org.dataright.peer.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.ReadOptions;

/**
 * A consistent, read-only view of the committed state as of one block: what a transaction
 * simulation or a paged range query should read from. Close it (closing it closes its iterators);
 * the ledger closes snapshots still open when it closes. Reads are thread-safe; each iterator is for
 * one thread.
 */
public final class StateSnapshot implements AutoCloseable {
    private final IndexStore index;
    private final ReadOptions options;
    private final long height;
    private final Consumer<StateSnapshot> onClose;
    private final List<StateIterator> iterators = new ArrayList<>();
    private boolean closed;

    StateSnapshot(IndexStore index, ReadOptions options, long height, Consumer<StateSnapshot> onClose) {
        this.index = index;
        this.options = options;
        this.height = height;
        this.onClose = onClose;
    }

    /** The ledger height (number of blocks) whose state this snapshot shows. */
    public long height() {
        return height;
    }

    public synchronized Optional<VersionedValue> getState(String namespace, String key) {
        checkOpen();
        return index.getState(options, namespace, key);
    }

    /** Keys of {@code namespace} in [startKey, endKey) in key order; an empty {@code endKey} means no upper bound. */
    public synchronized StateIterator range(String namespace, String startKey, String endKey) {
        checkOpen();
        StateIterator it = index.range(options, namespace, startKey, endKey, false);
        iterators.add(it);
        return it;
    }

    /** All keys of {@code namespace} in [startKey, endKey), as a list. */
    public List<StateEntry> rangeList(String namespace, String startKey, String endKey) {
        List<StateEntry> out = new ArrayList<>();
        try (StateIterator it = range(namespace, startKey, endKey)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("state snapshot is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            iterators.forEach(StateIterator::close);
            iterators.clear();
            index.releaseSnapshot(options);
            onClose.accept(this);
        }
    }
}
