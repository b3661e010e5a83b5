package org.dataright.chaincode;

import java.time.Instant;
import org.json.JSONObject;

/**
 * A key bound to a participant: its fingerprint (hex SHA-256 of the certificate's SubjectPublicKeyInfo),
 * how and when it was bound, and — once it is no longer current — when and how that ended. Entries are
 * never removed, so a participant's record lists every key ever bound to its name.
 */
final class BoundKey {
    /** How a key came to be bound. */
    enum How { ENROLMENT, FIRST_USE, RENEWAL, REBIND }

    /** How a key stopped being current. */
    enum End { RENEWED, REBOUND, REVOKED }

    final String fingerprint;
    final How how;
    /** The registrar's reason for a rebind; null otherwise. */
    final String reason;
    final Instant from;
    final String fromTx;
    final Instant until;
    final String untilTx;
    final End end;
    final String endReason;

    BoundKey(String fingerprint, How how, String reason, Instant from, String fromTx, Instant until, String untilTx,
            End end, String endReason) {
        this.fingerprint = fingerprint;
        this.how = how;
        this.reason = reason;
        this.from = from;
        this.fromTx = fromTx;
        this.until = until;
        this.untilTx = untilTx;
        this.end = end;
        this.endReason = endReason;
    }

    static BoundKey bound(String fingerprint, How how, String reason, Stamp stamp) {
        return new BoundKey(fingerprint, how, reason, stamp.at, stamp.txId, null, null, null, null);
    }

    boolean current() {
        return end == null;
    }

    BoundKey ended(End how, String why, Stamp stamp) {
        return new BoundKey(fingerprint, this.how, reason, from, fromTx, stamp.at, stamp.txId, how, why);
    }

    Json toJson() {
        return new Json().str("fingerprint", fingerprint).str("how", how.name()).str("reason", reason)
                .str("from", from.toString()).str("fromTx", fromTx).str("until", until == null ? null : until.toString())
                .str("untilTx", untilTx).str("end", end == null ? null : end.name()).str("endReason", endReason);
    }

    static BoundKey from(JSONObject o) {
        String until = Json.optString(o, "until");
        String end = Json.optString(o, "end");
        return new BoundKey(o.getString("fingerprint"), How.valueOf(o.getString("how")), Json.optString(o, "reason"),
                Instant.parse(o.getString("from")), o.getString("fromTx"), until == null ? null : Instant.parse(until),
                Json.optString(o, "untilTx"), end == null ? null : End.valueOf(end), Json.optString(o, "endReason"));
    }
}
