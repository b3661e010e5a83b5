package org.dataright.peer.ledger;

import java.util.Optional;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The outcome of one transaction of a committed block: its position, id (empty when the envelope
 * was too broken to carry one), validation code, and the chaincode event it set (present only for a
 * valid transaction that set one, as Fabric delivers events).
 */
public record TxResult(int index, String txId, TxValidationCode code, Optional<ChaincodeEvent> event) {

    public boolean isValid() {
        return code == TxValidationCode.VALID;
    }
}
