package org.dataright.peer.ledger;

import org.hyperledger.fabric.protos.peer.TxValidationCode;

/** Where a transaction id was committed and with which validation code. */
public record TxStatus(long blockNumber, int txNumber, TxValidationCode code) {
}
