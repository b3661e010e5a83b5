package org.dataright.cli.ledger;

import com.fasterxml.jackson.databind.JsonNode;

/** A committed act: its transaction id, block and the chaincode's answer (the record after the act). */
public record Committed(String transactionId, long blockNumber, JsonNode result) {
}
