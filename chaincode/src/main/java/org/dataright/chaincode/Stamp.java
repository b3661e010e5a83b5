package org.dataright.chaincode;

import java.time.Instant;
import org.json.JSONObject;

/** The act that wrote a record's current version: history shows it for every version. */
final class Stamp {
    final Act act;
    final String actor;
    final Instant at;
    final String txId;

    Stamp(Act act, String actor, Instant at, String txId) {
        this.act = act;
        this.actor = actor;
        this.at = at;
        this.txId = txId;
    }

    Json toJson() {
        return new Json().str("act", act.name()).str("actor", actor).str("at", at.toString()).str("txId", txId);
    }

    static Stamp from(JSONObject o) {
        return new Stamp(Act.valueOf(o.getString("act")), o.getString("actor"),
                Instant.parse(o.getString("at")), o.getString("txId"));
    }
}
