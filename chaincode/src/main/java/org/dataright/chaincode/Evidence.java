package org.dataright.chaincode;

import org.json.JSONObject;

/** A document digest bound to an asset: a contract, a processing log, an audit report. */
final class Evidence {
    enum Kind { CONTRACT, PROCESSING_LOG, AUDIT_REPORT, OTHER }

    final String id;
    final String assetId;
    final Kind kind;
    final String sha256;
    final String sm3;
    final String description;
    final String anchoredBy;
    final Stamp lastAct;

    Evidence(String id, String assetId, Kind kind, String sha256, String sm3, String description, String anchoredBy,
            Stamp lastAct) {
        this.id = id;
        this.assetId = assetId;
        this.kind = kind;
        this.sha256 = sha256;
        this.sm3 = sm3;
        this.description = description;
        this.anchoredBy = anchoredBy;
        this.lastAct = lastAct;
    }

    String toJson() {
        return new Json().str("id", id).str("assetId", assetId).str("kind", kind.name()).str("sha256", sha256)
                .str("sm3", sm3).str("description", description).str("anchoredBy", anchoredBy)
                .obj("lastAct", lastAct.toJson()).toString();
    }

    static Evidence from(JSONObject o) {
        return new Evidence(o.getString("id"), o.getString("assetId"), Kind.valueOf(o.getString("kind")),
                Json.optString(o, "sha256"), Json.optString(o, "sm3"), Json.optString(o, "description"),
                o.getString("anchoredBy"), Stamp.from(o.getJSONObject("lastAct")));
    }
}
