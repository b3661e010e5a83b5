package org.dataright.peer.chaincode;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.dataright.peer.ledger.HistoryEntry;
import org.dataright.peer.ledger.StateEntry;
import org.hyperledger.fabric.protos.ledger.queryresult.KV;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.DelState;
import org.hyperledger.fabric.protos.peer.GetHistoryForKey;
import org.hyperledger.fabric.protos.peer.GetQueryResult;
import org.hyperledger.fabric.protos.peer.GetState;
import org.hyperledger.fabric.protos.peer.GetStateByRange;
import org.hyperledger.fabric.protos.peer.GetStateMetadata;
import org.hyperledger.fabric.protos.peer.GetStateMultiple;
import org.hyperledger.fabric.protos.peer.GetStateMultipleResult;
import org.hyperledger.fabric.protos.peer.PutState;
import org.hyperledger.fabric.protos.peer.QueryMetadata;
import org.hyperledger.fabric.protos.peer.QueryResponse;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.QueryResultBytes;
import org.hyperledger.fabric.protos.peer.QueryStateClose;
import org.hyperledger.fabric.protos.peer.QueryStateNext;
import org.hyperledger.fabric.protos.peer.StateMetadataResult;
import org.hyperledger.fabric.protos.peer.WriteBatchState;
import org.hyperledger.fabric.protos.peer.WriteRecord;

/**
 * The peer's answers to what a chaincode asks during a transaction, after Fabric's
 * {@code core/chaincode/handler.go}: each request gets a RESPONSE, or an ERROR whose text is
 * {@code "<TYPE> failed: transaction ID: <txid>: <reason>"}.
 */
final class ChaincodeRequests {
    private ChaincodeRequests() {
    }

    /** Answers one request of the chaincode for the transaction {@code tx}. */
    static ChaincodeMessage handle(ChaincodeMessage msg, TxContext tx) {
        try {
            ByteString payload;
            synchronized (tx) {
                payload = dispatch(msg, tx);
            }
            return reply(msg, ChaincodeMessage.Type.RESPONSE, payload);
        } catch (UnsupportedFeatureException e) {
            tx.unsupported(e.getMessage());
            return error(msg, e.getMessage());
        } catch (SimulationException | InvalidProtocolBufferException | RuntimeException e) {
            return error(msg, e.getMessage());
        }
    }

    /** The ERROR reply Fabric sends when a request cannot be served. */
    static ChaincodeMessage error(ChaincodeMessage msg, String reason) {
        String text = msg.getType() + " failed: transaction ID: " + msg.getTxid() + ": " + reason;
        return reply(msg, ChaincodeMessage.Type.ERROR, ByteString.copyFromUtf8(text));
    }

    private static ChaincodeMessage reply(ChaincodeMessage msg, ChaincodeMessage.Type type, ByteString payload) {
        return ChaincodeMessage.newBuilder()
                .setType(type)
                .setPayload(payload)
                .setTxid(msg.getTxid())
                .setChannelId(msg.getChannelId())
                .build();
    }

    private static ByteString dispatch(ChaincodeMessage msg, TxContext tx)
            throws SimulationException, UnsupportedFeatureException, InvalidProtocolBufferException {
        Simulation sim = tx.simulation;
        switch (msg.getType()) {
            case GET_STATE: {
                GetState req = GetState.parseFrom(msg.getPayload());
                noCollection(msg.getType(), req.getCollection());
                return sim.getState(req.getKey()).orElse(ByteString.EMPTY);
            }
            case GET_STATE_MULTIPLE: {
                GetStateMultiple req = GetStateMultiple.parseFrom(msg.getPayload());
                noCollection(msg.getType(), req.getCollection());
                GetStateMultipleResult.Builder result = GetStateMultipleResult.newBuilder();
                for (String key : req.getKeysList()) {
                    result.addValues(sim.getState(key).orElse(ByteString.EMPTY));
                }
                return result.build().toByteString();
            }
            case PUT_STATE: {
                PutState req = PutState.parseFrom(msg.getPayload());
                noCollection(msg.getType(), req.getCollection());
                sim.putState(req.getKey(), req.getValue());
                return ByteString.EMPTY;
            }
            case DEL_STATE: {
                DelState req = DelState.parseFrom(msg.getPayload());
                noCollection(msg.getType(), req.getCollection());
                sim.deleteState(req.getKey());
                return ByteString.EMPTY;
            }
            case WRITE_BATCH_STATE:
                writeBatch(WriteBatchState.parseFrom(msg.getPayload()), sim);
                return ByteString.EMPTY;
            case GET_STATE_METADATA: {
                // No key carries metadata here (it cannot be written), so the answer is empty; the read
                // is recorded, as Fabric's GetStateMetadata reads the key.
                GetStateMetadata req = GetStateMetadata.parseFrom(msg.getPayload());
                noCollection(msg.getType(), req.getCollection());
                sim.getState(req.getKey());
                return StateMetadataResult.getDefaultInstance().toByteString();
            }
            case PUT_STATE_METADATA:
                throw UnsupportedFeatureException.keyLevelEndorsement();
            case GET_STATE_BY_RANGE:
                return range(GetStateByRange.parseFrom(msg.getPayload()), tx);
            case QUERY_STATE_NEXT: {
                QueryStateNext req = QueryStateNext.parseFrom(msg.getPayload());
                TxContext.QueryCursor cursor = tx.cursor(req.getId());
                if (cursor == null) {
                    throw new SimulationException("query iterator not found");
                }
                return page(tx, req.getId(), cursor).toByteString();
            }
            case QUERY_STATE_CLOSE: {
                QueryStateClose req = QueryStateClose.parseFrom(msg.getPayload());
                tx.closeCursor(req.getId());
                return QueryResponse.newBuilder().setHasMore(false).setId(req.getId()).build().toByteString();
            }
            case GET_QUERY_RESULT: {
                GetQueryResult req = GetQueryResult.parseFrom(msg.getPayload());
                noCollection(msg.getType(), req.getCollection());
                if (isPaginated(metadata(req.getMetadata()))) {
                    sim.checkPaginatedQueryAllowed();
                }
                // The state database is a key-value store, like a LevelDB peer's: no rich (CouchDB) queries.
                throw UnsupportedFeatureException.richQuery();
            }
            case GET_HISTORY_FOR_KEY: {
                GetHistoryForKey req = GetHistoryForKey.parseFrom(msg.getPayload());
                String id = tx.open(new HistoryCursor(sim.history(req.getKey())));
                return page(tx, id, tx.cursor(id)).toByteString();
            }
            case GET_PRIVATE_DATA_HASH:
            case PURGE_PRIVATE_DATA:
                throw UnsupportedFeatureException.privateData(msg.getType(), "");
            case INVOKE_CHAINCODE:
                throw UnsupportedFeatureException.chaincodeToChaincode();
            default:
                throw new SimulationException("the peer cannot handle message " + msg.getType() + " while a transaction runs");
        }
    }

    private static void writeBatch(WriteBatchState batch, Simulation sim) throws SimulationException, UnsupportedFeatureException {
        for (WriteRecord record : batch.getRecList()) {
            noCollection(ChaincodeMessage.Type.WRITE_BATCH_STATE, record.getCollection());
            switch (record.getType()) {
                case PUT_STATE:
                    sim.putState(record.getKey(), record.getValue());
                    break;
                case DEL_STATE:
                    sim.deleteState(record.getKey());
                    break;
                case PUT_STATE_METADATA:
                    throw UnsupportedFeatureException.keyLevelEndorsement();
                case PURGE_PRIVATE_DATA:
                    throw UnsupportedFeatureException.privateData(ChaincodeMessage.Type.PURGE_PRIVATE_DATA, record.getCollection());
                default:
                    throw new SimulationException("unknown operation type");
            }
        }
    }

    private static ByteString range(GetStateByRange req, TxContext tx) throws SimulationException, UnsupportedFeatureException, InvalidProtocolBufferException {
        noCollection(ChaincodeMessage.Type.GET_STATE_BY_RANGE, req.getCollection());
        QueryMetadata metadata = metadata(req.getMetadata());
        boolean paginated = isPaginated(metadata);
        String start = paginated && !metadata.getBookmark().isEmpty() ? metadata.getBookmark() : req.getStartKey();
        int pageSize = paginated ? metadata.getPageSize() : 0;
        // Fabric's calculateTotalReturnLimit: the page size when it is smaller than the total limit.
        int limit = pageSize > 0 && pageSize < TxContext.QueryCursor.TOTAL_QUERY_LIMIT
                ? pageSize : TxContext.QueryCursor.TOTAL_QUERY_LIMIT;
        Simulation.RangeScan scan = tx.simulation.openRange(start, req.getEndKey(), paginated, pageSize);
        String id = tx.open(new RangeCursor(scan, tx.simulation.namespace(), paginated, limit));
        return page(tx, id, tx.cursor(id)).toByteString();
    }

    /** Fabric's BuildQueryResponse: fill a batch; cut it at the batch size or when the query is done. */
    private static QueryResponse page(TxContext tx, String id, TxContext.QueryCursor cursor) {
        while (cursor.count < cursor.limit) {
            ByteString result = cursor.next();
            if (result == null) {
                break;
            }
            if (!cursor.paginated && cursor.pending.size() == TxContext.QueryCursor.MAX_RESULT_LIMIT) {
                QueryResponse batch = QueryResponse.newBuilder()
                        .addAllResults(cut(cursor)).setHasMore(true).setId(id).build();
                cursor.pending.add(result);
                cursor.count++;
                return batch;
            }
            cursor.pending.add(result);
            cursor.count++;
        }
        QueryResponse.Builder last = QueryResponse.newBuilder().addAllResults(cut(cursor)).setHasMore(false).setId(id);
        if (cursor.paginated) {
            String bookmark = cursor.bookmarkAndClose();
            last.setMetadata(QueryResponseMetadata.newBuilder()
                    .setFetchedRecordsCount(cursor.count).setBookmark(bookmark).build().toByteString());
        }
        tx.closeCursor(id);
        return last.build();
    }

    private static List<QueryResultBytes> cut(TxContext.QueryCursor cursor) {
        List<QueryResultBytes> batch = cursor.pending.stream()
                .map(b -> QueryResultBytes.newBuilder().setResultBytes(b).build()).toList();
        cursor.pending.clear();
        return batch;
    }

    private static QueryMetadata metadata(ByteString bytes) throws InvalidProtocolBufferException {
        return bytes.isEmpty() ? null : QueryMetadata.parseFrom(bytes);
    }

    private static boolean isPaginated(QueryMetadata metadata) {
        return metadata != null && (metadata.getPageSize() != 0 || !metadata.getBookmark().isEmpty());
    }

    private static void noCollection(ChaincodeMessage.Type request, String collection) throws UnsupportedFeatureException {
        if (!collection.isEmpty()) {
            throw UnsupportedFeatureException.privateData(request, collection);
        }
    }

    /** A range scan handing out {@code queryresult.KV}s. */
    private static final class RangeCursor extends TxContext.QueryCursor {
        private final Simulation.RangeScan scan;
        private final String namespace;

        RangeCursor(Simulation.RangeScan scan, String namespace, boolean paginated, int limit) {
            super(paginated, limit);
            this.scan = scan;
            this.namespace = namespace;
        }

        @Override
        ByteString next() {
            Optional<StateEntry> entry = scan.next();
            return entry.map(e -> KV.newBuilder().setNamespace(namespace).setKey(e.key()).setValue(e.value())
                    .build().toByteString()).orElse(null);
        }

        @Override
        String bookmarkAndClose() {
            return scan.bookmarkAndClose();
        }

        @Override
        public void close() {
            scan.close();
        }
    }

    /** A key's history handing out {@code queryresult.KeyModification}s, newest first. */
    private static final class HistoryCursor extends TxContext.QueryCursor {
        private final Iterator<HistoryEntry> entries;

        HistoryCursor(List<HistoryEntry> entries) {
            super(false, TOTAL_QUERY_LIMIT);
            this.entries = entries.iterator();
        }

        @Override
        ByteString next() {
            return entries.hasNext() ? entries.next().toKeyModification().toByteString() : null;
        }

        @Override
        String bookmarkAndClose() {
            return "";
        }

        @Override
        public void close() {
            // Nothing to release: the history was read whole.
        }
    }
}
