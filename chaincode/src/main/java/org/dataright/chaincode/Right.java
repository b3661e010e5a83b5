package org.dataright.chaincode;

import java.time.Instant;
import java.util.Locale;
import org.json.JSONObject;

/** A held right in a data asset: its holder, and the offer, pledge and freeze that bind it. */
final class Right {
    enum Status { PENDING, ACTIVE, TRANSFER_PENDING, REJECTED }

    /** The holder's offer to transfer the right to a named receiver. */
    static final class Offer {
        final String receiver;
        final String contractDigest;
        final Instant expiresAt;

        Offer(String receiver, String contractDigest, Instant expiresAt) {
            this.receiver = receiver;
            this.contractDigest = contractDigest;
            this.expiresAt = expiresAt;
        }

        Json toJson() {
            return new Json().str("receiver", receiver).str("contractDigest", contractDigest)
                    .str("expiresAt", expiresAt.toString());
        }

        static Offer from(JSONObject o) {
            return o == null ? null : new Offer(o.getString("receiver"), o.getString("contractDigest"),
                    Instant.parse(o.getString("expiresAt")));
        }
    }

    /** A pledge of the right to a bank, released only by the pledgee. */
    static final class Pledge {
        final String pledgee;
        final String contractDigest;
        final Instant since;

        Pledge(String pledgee, String contractDigest, Instant since) {
            this.pledgee = pledgee;
            this.contractDigest = contractDigest;
            this.since = since;
        }

        Json toJson() {
            return new Json().str("pledgee", pledgee).str("contractDigest", contractDigest).str("since", since.toString());
        }

        static Pledge from(JSONObject o) {
            return o == null ? null : new Pledge(o.getString("pledgee"), o.getString("contractDigest"),
                    Instant.parse(o.getString("since")));
        }
    }

    final String id;
    final String assetId;
    final RightType type;
    final String holder;
    final Status status;
    final String claim;
    final Offer offer;
    final Pledge pledge;
    final Freeze freeze;
    final String pendingAct;
    final Stamp lastAct;

    Right(String id, String assetId, RightType type, String holder, Status status, String claim, Offer offer,
            Pledge pledge, Freeze freeze, String pendingAct, Stamp lastAct) {
        this.id = id;
        this.assetId = assetId;
        this.type = type;
        this.holder = holder;
        this.status = status;
        this.claim = claim;
        this.offer = offer;
        this.pledge = pledge;
        this.freeze = freeze;
        this.pendingAct = pendingAct;
        this.lastAct = lastAct;
    }

    /** A right's id is its asset's id and its type: an asset has at most one right of each held type. */
    static String idOf(String assetId, RightType type) {
        return assetId + "/" + type.name();
    }

    Right mustBeHeldBy(Caller caller, String act) {
        if (!caller.is(holder)) {
            throw ErrorCode.NOT_HOLDER.reject("only the holder of right %s may %s", id, act);
        }
        return this;
    }

    /** Refuses acts on a right that is not active or is frozen. */
    Right mustBeUsable(String act) {
        if (status != Status.ACTIVE) {
            throw ErrorCode.RIGHT_NOT_ACTIVE.reject("right %s is %s, so it cannot %s", id,
                    status.name().toLowerCase(Locale.ROOT).replace('_', ' '), act);
        }
        if (freeze != null) {
            throw ErrorCode.RIGHT_FROZEN.reject("right %s is frozen by case %s, so it cannot %s", id,
                    freeze.caseNumber, act);
        }
        return this;
    }

    private Right mustBeTransferable() {
        if (!type.transferable()) {
            throw ErrorCode.NOT_TRANSFERABLE.reject("a %s right is not transferred", type);
        }
        if (pledge != null) {
            throw ErrorCode.RIGHT_PLEDGED.reject("right %s is pledged to %s and cannot be transferred until released",
                    id, pledge.pledgee);
        }
        return this;
    }

    Right offered(Offer newOffer, Stamp stamp) {
        mustBeUsable("be offered").mustBeTransferable();
        if (offer != null) {
            throw ErrorCode.OFFER_PENDING.reject("right %s is already offered to %s; cancel that offer first",
                    id, offer.receiver);
        }
        if (newOffer.receiver.equals(holder)) {
            throw ErrorCode.INVALID_ARGUMENT.reject("the receiver of right %s is its holder already", id);
        }
        if (!newOffer.expiresAt.isAfter(stamp.at)) {
            throw ErrorCode.INVALID_ARGUMENT.reject("the offer's expiry %s is not after the transaction time %s",
                    newOffer.expiresAt, stamp.at);
        }
        return with(holder, status, newOffer, pledge, freeze, pendingAct, stamp);
    }

    /** Checks that the caller may accept the current offer at the transaction time. */
    Offer acceptableBy(Caller caller, Instant now) {
        Offer current = currentOffer();
        if (!caller.is(current.receiver)) {
            throw ErrorCode.NOT_RECEIVER.reject("right %s is offered to %s, not to you", id, current.receiver);
        }
        if (!now.isBefore(current.expiresAt)) {
            throw ErrorCode.OFFER_EXPIRED.reject("the offer of right %s expired at %s", id, current.expiresAt);
        }
        mustBeUsable("be transferred").mustBeTransferable();
        return current;
    }

    Offer currentOffer() {
        if (offer == null || status != Status.ACTIVE) {
            throw ErrorCode.NO_OFFER.reject("right %s has no open offer", id);
        }
        return offer;
    }

    Right withdrawn(Stamp stamp) {
        currentOffer();
        return with(holder, status, null, pledge, freeze, pendingAct, stamp);
    }

    /** Moves the right to its receiver, now or once review and publicity have run. */
    Right transferred(String pendingActId, Stamp stamp) {
        if (pendingActId != null) {
            return with(holder, Status.TRANSFER_PENDING, offer, pledge, freeze, pendingActId, stamp);
        }
        return with(offer.receiver, Status.ACTIVE, null, pledge, freeze, null, stamp);
    }

    Right pledged(Pledge newPledge, Stamp stamp) {
        mustBeUsable("be pledged");
        if (pledge != null) {
            throw ErrorCode.RIGHT_PLEDGED.reject("right %s is already pledged to %s", id, pledge.pledgee);
        }
        if (offer != null) {
            throw ErrorCode.OFFER_PENDING.reject("right %s is offered to %s; cancel the offer before pledging it",
                    id, offer.receiver);
        }
        return with(holder, status, offer, newPledge, freeze, pendingAct, stamp);
    }

    Right released(Caller caller, Stamp stamp) {
        if (pledge == null) {
            throw ErrorCode.NOT_PLEDGED.reject("right %s is not pledged", id);
        }
        if (!caller.is(pledge.pledgee)) {
            throw ErrorCode.NOT_PLEDGEE.reject("only the pledgee %s may release the pledge of right %s",
                    pledge.pledgee, id);
        }
        return with(holder, status, offer, null, freeze, pendingAct, stamp);
    }

    Right frozen(Freeze f, Stamp stamp) {
        if (freeze != null) {
            throw ErrorCode.ALREADY_FROZEN.reject("right %s is already frozen by case %s", id, freeze.caseNumber);
        }
        return with(holder, status, offer, pledge, f, pendingAct, stamp);
    }

    Right unfrozen(String caseNumber, Stamp stamp) {
        Asset.checkUnfreeze("right " + id, freeze, caseNumber);
        return with(holder, status, offer, pledge, null, pendingAct, stamp);
    }

    /** Ends a pending registration: the right becomes active, or is rejected with its asset. */
    Right registrationSettled(boolean effective, Stamp stamp) {
        return with(holder, effective ? Status.ACTIVE : Status.REJECTED, offer, pledge, freeze, null, stamp);
    }

    /** Ends a pending transfer: the receiver becomes holder, or the right stays with its holder. */
    Right transferSettled(boolean effective, Stamp stamp) {
        if (effective) {
            if (freeze != null) {
                throw ErrorCode.RIGHT_FROZEN.reject("right %s is frozen by case %s, so its transfer cannot take effect",
                        id, freeze.caseNumber);
            }
            return with(offer.receiver, Status.ACTIVE, null, pledge, freeze, null, stamp);
        }
        return with(holder, Status.ACTIVE, null, pledge, freeze, null, stamp);
    }

    private Right with(String newHolder, Status newStatus, Offer newOffer, Pledge newPledge, Freeze newFreeze,
            String newPendingAct, Stamp stamp) {
        return new Right(id, assetId, type, newHolder, newStatus, claim, newOffer, newPledge, newFreeze, newPendingAct,
                stamp);
    }

    String toJson() {
        return new Json().str("id", id).str("assetId", assetId).str("type", type.name()).str("holder", holder)
                .str("status", status.name()).str("claim", claim)
                .obj("offer", offer == null ? null : offer.toJson())
                .obj("pledge", pledge == null ? null : pledge.toJson())
                .obj("freeze", Freeze.toJson(freeze)).str("pendingAct", pendingAct)
                .obj("lastAct", lastAct.toJson()).toString();
    }

    static Right from(JSONObject o) {
        return new Right(o.getString("id"), o.getString("assetId"), RightType.valueOf(o.getString("type")),
                o.getString("holder"), Status.valueOf(o.getString("status")), Json.optString(o, "claim"),
                Offer.from(o.optJSONObject("offer")), Pledge.from(o.optJSONObject("pledge")),
                Freeze.from(o.optJSONObject("freeze")), Json.optString(o, "pendingAct"),
                Stamp.from(o.getJSONObject("lastAct")));
    }
}
