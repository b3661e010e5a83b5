package org.dataright.service.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One act on the ledger, as the projection keeps it: a valid transaction of the rights contract with its event.
 *
 * @param txId the transaction id
 * @param blockNumber the block holding it
 * @param timestamp the transaction timestamp (the chaincode's "now")
 * @param act the event name, such as {@code REGISTER_ASSET}
 * @param actor the submitting party, {@code <MSP id>::<subject>}
 * @param parties every party the act involves: the actor and parties named in the event
 * @param ids the event payload: the ids involved
 */
public record Act(String txId, long blockNumber, Instant timestamp, String act, String actor, List<String> parties,
        JsonNode ids) {

    public Act {
        parties = List.copyOf(parties);
    }
}
