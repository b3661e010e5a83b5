package org.dataright.chaincode;

import java.time.Instant;
import org.json.JSONObject;

/** A licence of a right in an asset, with its terms; expiry is judged at the transaction's timestamp. */
final class Licence {
    enum Status { ACTIVE, REVOKED }

    /** The terms a licensor grants. */
    static final class Terms {
        /** A territory that overlaps every other. */
        static final String GLOBAL = "GLOBAL";

        final String purpose;
        final String scope;
        final String territory;
        final Instant start;
        final Instant end;
        final boolean exclusive;
        final boolean sublicensable;

        Terms(String purpose, String scope, String territory, Instant start, Instant end, boolean exclusive,
                boolean sublicensable) {
            this.purpose = purpose;
            this.scope = scope;
            this.territory = territory;
            this.start = start;
            this.end = end;
            this.exclusive = exclusive;
            this.sublicensable = sublicensable;
        }

        static Terms parse(JSONObject o) {
            Instant start = Input.instant("start", Input.string(o, "start"));
            Instant end = Input.instant("end", Input.string(o, "end"));
            if (!end.isAfter(start)) {
                throw ErrorCode.INVALID_ARGUMENT.reject("the licence ends at %s, which is not after its start %s", end, start);
            }
            return new Terms(Input.text("purpose", Input.string(o, "purpose"), Input.LONG_TEXT),
                    Input.text("scope", Input.string(o, "scope"), Input.LONG_TEXT),
                    Input.text("territory", Input.string(o, "territory"), Input.SHORT_TEXT),
                    start, end, Input.flag("exclusive", o), Input.flag("sublicensable", o));
        }

        boolean overlaps(Terms other) {
            boolean sameTime = start.isBefore(other.end) && other.start.isBefore(end);
            boolean samePlace = territory.equals(other.territory) || GLOBAL.equals(territory)
                    || GLOBAL.equals(other.territory);
            return sameTime && samePlace;
        }

        boolean within(Terms outer) {
            return !start.isBefore(outer.start) && !end.isAfter(outer.end)
                    && (outer.territory.equals(territory) || GLOBAL.equals(outer.territory));
        }

        Json toJson() {
            return new Json().str("purpose", purpose).str("scope", scope).str("territory", territory)
                    .str("start", start.toString()).str("end", end.toString()).bool("exclusive", exclusive)
                    .bool("sublicensable", sublicensable);
        }

        static Terms from(JSONObject o) {
            return new Terms(o.getString("purpose"), o.getString("scope"), o.getString("territory"),
                    Instant.parse(o.getString("start")), Instant.parse(o.getString("end")), o.getBoolean("exclusive"),
                    o.getBoolean("sublicensable"));
        }
    }

    final String id;
    final String assetId;
    final RightType rightType;
    final String licensor;
    final String licensee;
    final Terms terms;
    final String parent;
    final Status status;
    final String revocationReason;
    final Stamp lastAct;

    Licence(String id, String assetId, RightType rightType, String licensor, String licensee, Terms terms,
            String parent, Status status, String revocationReason, Stamp lastAct) {
        this.id = id;
        this.assetId = assetId;
        this.rightType = rightType;
        this.licensor = licensor;
        this.licensee = licensee;
        this.terms = terms;
        this.parent = parent;
        this.status = status;
        this.revocationReason = revocationReason;
        this.lastAct = lastAct;
    }

    boolean activeAt(Instant t) {
        return status == Status.ACTIVE && t.isBefore(terms.end);
    }

    /** Refuses a new licence that an exclusive one excludes, or that would exclude an existing one. */
    void mustNotConflictWith(Terms proposed, Instant now) {
        if (activeAt(now) && (terms.exclusive || proposed.exclusive) && terms.overlaps(proposed)) {
            throw ErrorCode.LICENCE_CONFLICT.reject("%s licence %s (%s, %s to %s) overlaps the requested terms",
                    terms.exclusive ? "exclusive" : "existing", id, terms.territory, terms.start, terms.end);
        }
    }

    /** Checks that the caller may sublicense under this licence with the proposed terms. */
    void mustAllowSublicence(Caller caller, Terms proposed, Instant now) {
        if (!caller.is(licensee)) {
            throw ErrorCode.NOT_LICENSOR.reject("only the licensee of licence %s may sublicense under it", id);
        }
        if (!activeAt(now)) {
            throw ErrorCode.LICENCE_NOT_ACTIVE.reject("licence %s is revoked or expired", id);
        }
        if (!terms.sublicensable) {
            throw ErrorCode.SUBLICENSING_NOT_ALLOWED.reject("licence %s does not allow sublicensing", id);
        }
        if (!proposed.within(terms)) {
            throw ErrorCode.OUTSIDE_PARENT_TERMS.reject(
                    "a sublicence must lie within licence %s: %s, %s to %s", id, terms.territory, terms.start, terms.end);
        }
    }

    Licence revoked(Caller caller, String reason, Stamp stamp) {
        if (!caller.is(licensor)) {
            throw ErrorCode.NOT_LICENSOR.reject("only the licensor of licence %s may revoke it", id);
        }
        if (status == Status.REVOKED) {
            throw ErrorCode.LICENCE_NOT_ACTIVE.reject("licence %s is already revoked", id);
        }
        return new Licence(id, assetId, rightType, licensor, licensee, terms, parent, Status.REVOKED, reason, stamp);
    }

    String toJson() {
        return new Json().str("id", id).str("assetId", assetId).str("rightType", rightType.name())
                .str("licensor", licensor).str("licensee", licensee).obj("terms", terms.toJson()).str("parent", parent)
                .str("status", status.name()).str("revocationReason", revocationReason)
                .obj("lastAct", lastAct.toJson()).toString();
    }

    static Licence from(JSONObject o) {
        return new Licence(o.getString("id"), o.getString("assetId"), RightType.valueOf(o.getString("rightType")),
                o.getString("licensor"), o.getString("licensee"), Terms.from(o.getJSONObject("terms")),
                Json.optString(o, "parent"), Status.valueOf(o.getString("status")),
                Json.optString(o, "revocationReason"), Stamp.from(o.getJSONObject("lastAct")));
    }
}
