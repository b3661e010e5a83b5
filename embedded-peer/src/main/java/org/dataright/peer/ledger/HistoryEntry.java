package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import org.hyperledger.fabric.protos.ledger.queryresult.KeyModification;

/**
 * One change of a key by a valid transaction: the transaction id, where it is (block and
 * transaction number), the value written (empty for a delete), and the transaction's timestamp from
 * its channel header.
 */
public record HistoryEntry(String txId, long blockNumber, long txNumber, ByteString value, boolean isDelete,
        Timestamp timestamp) {

    /** The form the chaincode shim returns from {@code GetHistoryForKey}. */
    public KeyModification toKeyModification() {
        return KeyModification.newBuilder()
                .setTxId(txId)
                .setValue(value)
                .setTimestamp(timestamp)
                .setIsDelete(isDelete)
                .build();
    }
}
