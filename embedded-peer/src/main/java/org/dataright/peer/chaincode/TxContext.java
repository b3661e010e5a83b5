package org.dataright.peer.chaincode;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;

/**
 * One transaction in flight on a chaincode stream: its simulation, its open query iterators (by
 * the id the chaincode pages them with), the first unsupported feature it asked for, and the
 * chaincode's final COMPLETED or ERROR message.
 */
final class TxContext {
    final String channelId;
    final String txId;
    final Simulation simulation;
    final CompletableFuture<ChaincodeMessage> result = new CompletableFuture<>();
    private final Map<String, QueryCursor> cursors = new HashMap<>();
    /** The first unsupported feature the chaincode asked for, if any. */
    private volatile String unsupported;

    TxContext(String channelId, String txId, Simulation simulation) {
        this.channelId = channelId;
        this.txId = txId;
        this.simulation = simulation;
    }

    /** Fabric keys its transaction contexts by channel and tx id together. */
    static String key(String channelId, String txId) {
        return channelId + txId;
    }

    /** Records the first unsupported feature the chaincode asked for (the sentence says what and why). */
    synchronized void unsupported(String sentence) {
        if (unsupported == null) {
            unsupported = sentence;
        }
    }

    Optional<String> unsupported() {
        return Optional.ofNullable(unsupported);
    }

    synchronized String open(QueryCursor cursor) {
        String id = UUID.randomUUID().toString();
        cursors.put(id, cursor);
        return id;
    }

    synchronized QueryCursor cursor(String id) {
        return cursors.get(id);
    }

    synchronized void closeCursor(String id) {
        QueryCursor cursor = cursors.remove(id);
        if (cursor != null) {
            cursor.close();
        }
    }

    synchronized void closeCursors() {
        cursors.values().forEach(QueryCursor::close);
        cursors.clear();
    }

    /**
     * An open query as the peer pages it to the chaincode (Fabric's query response builder): results
     * are handed out in batches of {@link #MAX_RESULT_LIMIT}; a paginated query returns its whole page
     * at once with a bookmark.
     */
    abstract static class QueryCursor implements AutoCloseable {
        /** Batch size between peer and shim ({@code QueryResponseGenerator.MaxResultLimit}). */
        static final int MAX_RESULT_LIMIT = 100;
        /** Fabric's {@code ledger.state.totalQueryLimit} default: the most results one query returns. */
        static final int TOTAL_QUERY_LIMIT = 100_000;

        final boolean paginated;
        final int limit;
        final List<ByteString> pending = new ArrayList<>();
        int count;

        QueryCursor(boolean paginated, int limit) {
            this.paginated = paginated;
            this.limit = limit;
        }

        /** The next result's bytes, or null when there are no more. */
        abstract ByteString next();

        /** The bookmark a paginated query hands back for its next page; closes the cursor. */
        abstract String bookmarkAndClose();

        @Override
        public abstract void close();
    }
}
