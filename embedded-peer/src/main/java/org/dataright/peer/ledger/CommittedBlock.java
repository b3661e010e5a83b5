package org.dataright.peer.ledger;

import java.util.List;

/** A block that is durable and indexed, with the outcome of each of its transactions, in block order. */
public record CommittedBlock(org.hyperledger.fabric.protos.common.Block block, List<TxResult> transactions) {

    public CommittedBlock {
        transactions = List.copyOf(transactions);
    }

    public long number() {
        return block.getHeader().getNumber();
    }
}
