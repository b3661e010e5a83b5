package org.dataright.peer.ledger;

import com.google.protobuf.Timestamp;
import java.util.List;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * One transaction of a block as the index needs it: position, id (null if the envelope carried
 * none), validation code, timestamp, read-write sets (applied only when valid) and chaincode event.
 */
record TxRecord(int index, String txId, TxValidationCode code, Timestamp timestamp, List<NsRwSet> rwSets,
        ChaincodeEvent event) {

    boolean isValid() {
        return code == TxValidationCode.VALID;
    }

    TxResult toResult() {
        return new TxResult(index, txId == null ? "" : txId, code,
                isValid() && event != null ? java.util.Optional.of(event) : java.util.Optional.empty());
    }
}
