package org.dataright.peer.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.rocksdb.RocksIterator;

/**
 * Committed state of one namespace in key order (UTF-8 byte order, as Fabric's LevelDB). Must be
 * closed; not thread-safe.
 */
public final class StateIterator implements Iterator<StateEntry>, AutoCloseable {
    private final RocksIterator it;
    private final byte[] prefix;
    private final byte[] upper;
    private final boolean includeEnd;
    private boolean closed;

    StateIterator(RocksIterator it, byte[] prefix, byte[] upper, boolean includeEnd) {
        this.it = it;
        this.prefix = prefix;
        this.upper = upper;
        this.includeEnd = includeEnd;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (!it.isValid()) {
            IndexStore.status(it);
            return false;
        }
        byte[] key = it.key();
        return IndexKeys.startsWith(key, prefix) && !IndexStore.beyond(key, upper, includeEnd);
    }

    @Override
    public StateEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more keys in range");
        }
        byte[] key = it.key();
        VersionedValue v = IndexStore.decodeState(it.value());
        it.next();
        String k = new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8);
        return new StateEntry(k, v.value(), v.version());
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            it.close();
        }
    }
}
