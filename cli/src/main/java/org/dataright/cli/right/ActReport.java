package org.dataright.cli.right;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dataright.cli.base.Output;
import org.dataright.cli.base.Table;
import org.dataright.ledger.client.Committed;

/** What every act prints: its transaction, its block and the record the act left, as JSON and as a field table. */
record ActReport(ObjectNode json, Table table) {

    static ActReport of(Committed committed) {
        ObjectNode node = Output.object();
        node.put("transactionId", committed.transactionId());
        node.put("blockNumber", committed.blockNumber());
        node.set("record", committed.result());
        Table table = Table.fields().row("transaction", committed.transactionId()).row("block", committed.blockNumber());
        if (committed.result().isObject()) {
            table.append(Table.fieldsOf(committed.result()));
        }
        return new ActReport(node, table);
    }
}
