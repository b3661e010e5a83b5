package org.dataright.chaincode;

import java.time.Duration;
import java.time.Instant;
import org.json.JSONObject;

/**
 * A registration or transfer on its way through review and publicity, as property registries run it:
 * apply, review by the registrar, publicity (anyone may object), effect.
 */
final class PendingAct {
    enum Kind { REGISTRATION, TRANSFER }

    enum Stage { REVIEW, PUBLICITY, EFFECTIVE, REJECTED }

    final String id;
    final Kind kind;
    final String assetId;
    final String rightId;
    final String applicant;
    final Stage stage;
    final Duration publicity;
    final Instant publicityEnds;
    final int openObjections;
    final String outcome;
    final Stamp lastAct;

    PendingAct(String id, Kind kind, String assetId, String rightId, String applicant, Stage stage, Duration publicity,
            Instant publicityEnds, int openObjections, String outcome, Stamp lastAct) {
        this.id = id;
        this.kind = kind;
        this.assetId = assetId;
        this.rightId = rightId;
        this.applicant = applicant;
        this.stage = stage;
        this.publicity = publicity;
        this.publicityEnds = publicityEnds;
        this.openObjections = openObjections;
        this.outcome = outcome;
        this.lastAct = lastAct;
    }

    /** A new act under the registry's configuration at the time it is applied for. */
    static PendingAct apply(String id, Kind kind, String assetId, String rightId, RegistryConfig config, Stamp stamp) {
        Stage first = config.reviewRequired ? Stage.REVIEW : Stage.PUBLICITY;
        Instant ends = first == Stage.PUBLICITY ? stamp.at.plus(config.publicity) : null;
        return new PendingAct(id, kind, assetId, rightId, stamp.actor, first, config.publicity, ends, 0, null, stamp);
    }

    PendingAct reviewed(boolean approved, String reason, Stamp stamp) {
        if (stage != Stage.REVIEW) {
            throw ErrorCode.NOT_IN_REVIEW.reject("act %s is not awaiting review; it is at %s", id, stage);
        }
        if (!approved) {
            return with(Stage.REJECTED, null, openObjections, reason, stamp);
        }
        if (publicity.isZero()) {
            return with(Stage.EFFECTIVE, null, 0, reason, stamp);
        }
        return with(Stage.PUBLICITY, stamp.at.plus(publicity), 0, reason, stamp);
    }

    PendingAct objected(Stamp stamp) {
        mustBeInPublicity();
        if (!stamp.at.isBefore(publicityEnds)) {
            throw ErrorCode.NOT_IN_PUBLICITY.reject("the publicity period of act %s ended at %s", id, publicityEnds);
        }
        return with(stage, publicityEnds, openObjections + 1, outcome, stamp);
    }

    /** An objection has been resolved: upheld rejects the act, dismissed lets it go on. */
    PendingAct objectionResolved(boolean upheld, String reason, Stamp stamp) {
        int open = openObjections - 1;
        return upheld ? with(Stage.REJECTED, publicityEnds, open, reason, stamp)
                : with(stage, publicityEnds, open, outcome, stamp);
    }

    PendingAct tookEffect(Stamp stamp) {
        mustBeInPublicity();
        if (stamp.at.isBefore(publicityEnds)) {
            throw ErrorCode.PUBLICITY_RUNNING.reject("act %s is in publicity until %s", id, publicityEnds);
        }
        if (openObjections > 0) {
            throw ErrorCode.OBJECTIONS_OPEN.reject("act %s has %d open objection(s) for the registrar to resolve",
                    id, openObjections);
        }
        return with(Stage.EFFECTIVE, publicityEnds, 0, outcome, stamp);
    }

    boolean settled() {
        return stage == Stage.EFFECTIVE || stage == Stage.REJECTED;
    }

    private void mustBeInPublicity() {
        if (stage != Stage.PUBLICITY) {
            throw ErrorCode.NOT_IN_PUBLICITY.reject("act %s is not in publicity; it is at %s", id, stage);
        }
    }

    private PendingAct with(Stage newStage, Instant ends, int open, String newOutcome, Stamp stamp) {
        return new PendingAct(id, kind, assetId, rightId, applicant, newStage, publicity, ends, open, newOutcome,
                stamp);
    }

    String toJson() {
        return new Json().str("id", id).str("kind", kind.name()).str("assetId", assetId).str("rightId", rightId)
                .str("applicant", applicant).str("stage", stage.name()).str("publicity", Input.iso(publicity))
                .str("publicityEnds", publicityEnds == null ? null : publicityEnds.toString())
                .num("openObjections", openObjections).str("outcome", outcome).obj("lastAct", lastAct.toJson())
                .toString();
    }

    static PendingAct from(JSONObject o) {
        String ends = Json.optString(o, "publicityEnds");
        return new PendingAct(o.getString("id"), Kind.valueOf(o.getString("kind")), o.getString("assetId"),
                o.getString("rightId"), o.getString("applicant"), Stage.valueOf(o.getString("stage")),
                RegistryConfig.storedPublicity(o), ends == null ? null : Instant.parse(ends), o.getInt("openObjections"),
                Json.optString(o, "outcome"), Stamp.from(o.getJSONObject("lastAct")));
    }
}
