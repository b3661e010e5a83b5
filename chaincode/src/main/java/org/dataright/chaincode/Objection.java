package org.dataright.chaincode;

import org.json.JSONObject;

/** An objection filed against an act in publicity; the registrar upholds or dismisses it. */
final class Objection {
    enum Status { OPEN, UPHELD, DISMISSED }

    final String id;
    final String actId;
    final String objector;
    final String grounds;
    final String evidenceDigest;
    final Status status;
    final String resolution;
    final Stamp lastAct;

    Objection(String id, String actId, String objector, String grounds, String evidenceDigest, Status status,
            String resolution, Stamp lastAct) {
        this.id = id;
        this.actId = actId;
        this.objector = objector;
        this.grounds = grounds;
        this.evidenceDigest = evidenceDigest;
        this.status = status;
        this.resolution = resolution;
        this.lastAct = lastAct;
    }

    Objection resolved(boolean upheld, String reason, Stamp stamp) {
        if (status != Status.OPEN) {
            throw ErrorCode.OBJECTION_CLOSED.reject("objection %s is already %s", id, status);
        }
        return new Objection(id, actId, objector, grounds, evidenceDigest, upheld ? Status.UPHELD : Status.DISMISSED,
                reason, stamp);
    }

    String toJson() {
        return new Json().str("id", id).str("actId", actId).str("objector", objector).str("grounds", grounds)
                .str("evidenceDigest", evidenceDigest).str("status", status.name()).str("resolution", resolution)
                .obj("lastAct", lastAct.toJson()).toString();
    }

    static Objection from(JSONObject o) {
        return new Objection(o.getString("id"), o.getString("actId"), o.getString("objector"), o.getString("grounds"),
                Json.optString(o, "evidenceDigest"), Status.valueOf(o.getString("status")),
                Json.optString(o, "resolution"), Stamp.from(o.getJSONObject("lastAct")));
    }
}
