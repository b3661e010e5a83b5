package org.dataright.peer.chaincode;

import java.util.Map;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage.Type;

/**
 * A chaincode asked for a Fabric feature the embedded peer does not have. Its message names the
 * feature, the shim call and why, starting with {@link #CODE}; the peer answers the chaincode's request
 * with it and, when the transaction then fails, puts it in front of the chaincode's own message, since
 * shims may drop the peer's text (the Java shim turns it into "Unsuccessful response received.").
 */
public final class UnsupportedFeatureException extends Exception {
    public static final String CODE = "UNSUPPORTED_FEATURE";
    private static final long serialVersionUID = 1L;

    /** The shim call behind each request that reads or writes private data (Go shim names). */
    private static final Map<Type, String> PRIVATE_DATA_CALLS = Map.of(
            Type.GET_STATE, "GetPrivateData",
            Type.GET_STATE_MULTIPLE, "GetMultiplePrivateData",
            Type.PUT_STATE, "PutPrivateData",
            Type.DEL_STATE, "DelPrivateData",
            Type.WRITE_BATCH_STATE, "PutPrivateData",
            Type.GET_STATE_METADATA, "GetPrivateDataValidationParameter",
            Type.GET_STATE_BY_RANGE, "GetPrivateDataByRange",
            Type.GET_QUERY_RESULT, "GetPrivateDataQueryResult",
            Type.GET_PRIVATE_DATA_HASH, "GetPrivateDataHash",
            Type.PURGE_PRIVATE_DATA, "PurgePrivateData");

    private UnsupportedFeatureException(String message) {
        super(CODE + ": " + message);
    }

    /** @param collection the collection asked for ("" when the request names none) */
    static UnsupportedFeatureException privateData(Type request, String collection) {
        return new UnsupportedFeatureException("private data (" + PRIVATE_DATA_CALLS.getOrDefault(request, request.name())
                + (collection.isEmpty() ? "" : " of collection " + collection) + ") is not supported by the embedded peer:"
                + " it has no private data collections, because every organisation of its channel keeps the same state and"
                + " there is no collection definition or gossip to keep data among some of them; keep such data off the"
                + " ledger and record its hash");
    }

    static UnsupportedFeatureException richQuery() {
        return new UnsupportedFeatureException("rich queries (GetQueryResult) are not supported by the embedded peer: its"
                + " state database is a key-value store, as a Fabric peer's LevelDB (ExecuteQuery not supported for leveldb),"
                + " and cannot run CouchDB's JSON selector queries; read by key, key range or composite-key prefix instead");
    }

    static UnsupportedFeatureException chaincodeToChaincode() {
        return new UnsupportedFeatureException("chaincode-to-chaincode calls (InvokeChaincode) are not supported by the"
                + " embedded peer: it simulates each transaction in the namespace of one chaincode, so a call into another"
                + " chaincode's state would be neither simulated nor endorsed under that chaincode's policy; call the other"
                + " chaincode from the client, as a transaction of its own");
    }

    static UnsupportedFeatureException keyLevelEndorsement() {
        return new UnsupportedFeatureException("key-level endorsement (SetStateValidationParameter) is not supported by the"
                + " embedded peer: every key is held to the channel's endorsement policy");
    }
}
