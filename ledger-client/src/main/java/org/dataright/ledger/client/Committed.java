package org.dataright.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A committed act: its transaction id, its block and the chaincode's answer (the record after the act).
 *
 * @param result the answer as JSON; text when the chaincode answered something else, empty text when nothing
 */
public record Committed(String transactionId, long blockNumber, JsonNode result) {
}
