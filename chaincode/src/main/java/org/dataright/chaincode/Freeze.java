package org.dataright.chaincode;

import java.time.Instant;
import org.json.JSONObject;

/** A court's judicial freeze of an asset or a right. */
final class Freeze {
    final String court;
    final String caseNumber;
    final String orderDigest;
    final Instant since;

    Freeze(String court, String caseNumber, String orderDigest, Instant since) {
        this.court = court;
        this.caseNumber = caseNumber;
        this.orderDigest = orderDigest;
        this.since = since;
    }

    Json toJson() {
        return new Json().str("court", court).str("caseNumber", caseNumber).str("orderDigest", orderDigest)
                .str("since", since.toString());
    }

    static Freeze from(JSONObject o) {
        return o == null ? null : new Freeze(o.getString("court"), o.getString("caseNumber"),
                o.getString("orderDigest"), Instant.parse(o.getString("since")));
    }

    static Json toJson(Freeze f) {
        return f == null ? null : f.toJson();
    }
}
