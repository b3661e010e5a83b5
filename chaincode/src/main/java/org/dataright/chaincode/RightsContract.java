package org.dataright.chaincode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;
import org.json.JSONObject;

/**
 * The registry's acts on data assets and rights. Each act checks its arguments, then the caller's
 * role and relation to the record, then asks the record for the transition, writes, and emits one
 * event named after the act. Every rejection is an {@link ErrorCode} and writes nothing.
 */
@Contract(name = "rights",
        info = @Info(title = "Data property rights registry", version = "1.0",
                description = "Data assets, the rights in them, and the acts on those rights",
                license = @License(name = "Apache-2.0"), contact = @Contact(name = "Registry operator")))
@Default
public final class RightsContract implements ContractInterface {
    private static final int MAX_PAGE_SIZE = 200;

    // ---- registration ----

    /** Registers a data asset from a JSON description; the caller becomes its resource holder. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String registerAsset(Context ctx, String descriptionJson) {
        JSONObject description = Json.parseObject("the asset description", descriptionJson);
        Caller caller = caller(ctx).mustBe("register a data asset", Role.ENTERPRISE);
        Registrations registrations = new Registrations(new Ledger(ctx.getStub()), caller);
        registrations.plan(description, "A-" + shortTx(ctx), "P-" + shortTx(ctx), null);
        Registrations.Registered r = registrations.write(stamp(ctx, Act.REGISTER_ASSET, caller)).get(0);
        emit(ctx, Act.REGISTER_ASSET, r.ids(), r.assetKey);
        return r.asset.toJson();
    }

    /**
     * Registers a batch of data assets in one transaction: a JSON array of 1 to 500 descriptions (at most
     * 1 MiB), each checked as {@code registerAsset} checks one and registered as its own asset
     * {@code A-<tx>-<index>} with its own resource-holding right. One refused item refuses the batch,
     * {@code <CODE>: item <index>: …}; the event lists every asset; the result is the array of asset records.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String registerAssets(Context ctx, String descriptionsJson) {
        List<JSONObject> items = Registrations.parseBatch(descriptionsJson);
        Caller caller = caller(ctx).mustBe("register data assets", Role.ENTERPRISE);
        Registrations registrations = new Registrations(new Ledger(ctx.getStub()), caller);
        for (int i = 0; i < items.size(); i++) {
            registrations.plan(items.get(i), "A-" + shortTx(ctx) + "-" + i, "P-" + shortTx(ctx) + "-" + i, i);
        }
        // Each record says it was made by a registration, as one registered alone would; the event is the batch's.
        List<String> events = new ArrayList<>();
        List<String> records = new ArrayList<>();
        for (Registrations.Registered r : registrations.write(stamp(ctx, Act.REGISTER_ASSET, caller))) {
            events.add(r.ids().str("recordKey", r.assetKey).toString());
            records.add(r.asset.toJson());
        }
        ctx.getStub().setEvent(Act.REGISTER_ASSETS.name(),
                ("{\"assets\":" + Json.array(events) + "}").getBytes(StandardCharsets.UTF_8));
        return Json.array(records);
    }

    /** Registers an INTELLECTUAL_PROPERTY (with its claim) or PRODUCT_OPERATION right, by the resource holder. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String registerRight(Context ctx, String assetId, String rightType, String claim) {
        Input.id("asset id", assetId);
        RightType type = Input.choice("right type", rightType, RightType.class);
        if (!type.registrable()) {
            throw ErrorCode.NOT_REGISTRABLE.reject("a %s right is not registered on its own: %s", type,
                    type == RightType.PROCESSING_USE ? "it is licensed by the resource holder"
                            : "it comes with the asset's registration");
        }
        String checkedClaim = type == RightType.INTELLECTUAL_PROPERTY
                ? Input.text("claim", claim, Input.LONG_TEXT) : Input.optionalText("claim", claim, Input.LONG_TEXT);
        Caller caller = caller(ctx).mustBe("register a right", Role.ENTERPRISE);
        Ledger ledger = new Ledger(ctx.getStub());
        ledger.asset(assetId).mustBeUsable("register a right");
        ledger.right(Right.idOf(assetId, RightType.RESOURCE_HOLDING)).mustBeHeldBy(caller, "register further rights")
                .mustBeUsable("carry further rights");
        if (ledger.rightExists(assetId, type)) {
            throw ErrorCode.RIGHT_EXISTS.reject("asset %s already has a %s right", assetId, type);
        }
        Stamp stamp = stamp(ctx, Act.REGISTER_RIGHT, caller);
        Right right = new Right(Right.idOf(assetId, type), assetId, type, caller.party(), Right.Status.ACTIVE,
                checkedClaim, null, null, null, null, stamp);
        emit(ctx, Act.REGISTER_RIGHT, new Json().str("assetId", assetId).str("rightId", right.id), ledger.put(right));
        return right.toJson();
    }

    // ---- transfer ----

    /** The holder offers a right to a named party, with the contract's digest and an expiry. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String offerTransfer(Context ctx, String rightId, String receiver, String contractDigest, String expiresAt) {
        Right.Offer offer = new Right.Offer(party("receiver", receiver), Input.digest("contract digest", contractDigest),
                Input.instant("expiry", expiresAt));
        Caller caller = caller(ctx).mustBe("offer a right", Role.ENTERPRISE);
        Ledger ledger = new Ledger(ctx.getStub());
        ledger.participant(offer.receiver).mustBeAbleTo(Role.ENTERPRISE, "receiver", "accept a right");
        Right right = ledger.right(rightId).mustBeHeldBy(caller, "offer it");
        ledger.asset(right.assetId).mustBeUsable("transfer a right");
        Right offered = right.offered(offer, stamp(ctx, Act.OFFER_TRANSFER, caller));
        emit(ctx, Act.OFFER_TRANSFER, new Json().str("assetId", right.assetId).str("rightId", right.id), ledger.put(offered));
        return offered.toJson();
    }

    /** The receiver accepts the offer; the right moves now, or after review and publicity. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String acceptTransfer(Context ctx, String rightId) {
        Caller caller = caller(ctx).mustBe("accept a right", Role.ENTERPRISE);
        Ledger ledger = new Ledger(ctx.getStub());
        Right right = ledger.right(rightId);
        right.acceptableBy(caller, now(ctx));
        ledger.asset(right.assetId).mustBeUsable("transfer a right");
        Stamp stamp = stamp(ctx, Act.ACCEPT_TRANSFER, caller);
        PendingAct pending = applyFor(ledger, PendingAct.Kind.TRANSFER, right.assetId, right.id, stamp);
        Right moved = right.transferred(pending == null ? null : pending.id, stamp);
        String rightKey = ledger.put(moved);
        if (pending == null) {
            ledger.unlist(right.holder, right.id);
        }
        emit(ctx, Act.ACCEPT_TRANSFER, new Json().str("assetId", right.assetId).str("rightId", right.id)
                .str("actId", pending == null ? null : pending.id), rightKey);
        return moved.toJson();
    }

    /** The receiver declines the offer. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String rejectTransfer(Context ctx, String rightId) {
        Caller caller = caller(ctx).mustBe("reject an offer", Role.ENTERPRISE);
        Ledger ledger = new Ledger(ctx.getStub());
        Right right = ledger.right(rightId);
        if (!caller.is(right.currentOffer().receiver)) {
            throw ErrorCode.NOT_RECEIVER.reject("right %s is offered to %s, not to you", right.id, right.offer.receiver);
        }
        return withdrawOffer(ctx, ledger, right, Act.REJECT_TRANSFER, caller);
    }

    /** The holder withdraws the offer. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String cancelTransfer(Context ctx, String rightId) {
        Caller caller = caller(ctx).mustBe("cancel an offer", Role.ENTERPRISE);
        Ledger ledger = new Ledger(ctx.getStub());
        Right right = ledger.right(rightId).mustBeHeldBy(caller, "cancel its offer");
        return withdrawOffer(ctx, ledger, right, Act.CANCEL_TRANSFER, caller);
    }

    private String withdrawOffer(Context ctx, Ledger ledger, Right right, Act act, Caller caller) {
        Right withdrawn = right.withdrawn(stamp(ctx, act, caller));
        emit(ctx, act, new Json().str("assetId", right.assetId).str("rightId", right.id), ledger.put(withdrawn));
        return withdrawn.toJson();
    }

    // ---- licensing ----

    /**
     * Licenses a right in an asset with the given terms. The licensor is the holder of the right the
     * type is licensed from, or, with {@code parent} set, the licensee of a sublicensable licence.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String grantLicence(Context ctx, String assetId, String rightType, String licensee, String termsJson,
            String parent) {
        Input.id("asset id", assetId);
        RightType type = Input.choice("right type", rightType, RightType.class);
        if (!type.licensable()) {
            throw ErrorCode.NOT_LICENSABLE.reject("a %s right is transferred, not licensed; license %s instead",
                    type, RightType.PROCESSING_USE);
        }
        String licenseeParty = party("licensee", licensee);
        Licence.Terms terms = Licence.Terms.parse(Json.parseObject("the licence terms", termsJson));
        String parentId = parent == null || parent.isEmpty() ? null : Input.id("parent licence id", parent);
        Caller caller = caller(ctx).mustBe("grant a licence", Role.ENTERPRISE);
        Instant now = now(ctx);
        if (!terms.end.isAfter(now)) {
            throw ErrorCode.INVALID_ARGUMENT.reject("the licence would end at %s, before the transaction time %s",
                    terms.end, now);
        }
        Ledger ledger = new Ledger(ctx.getStub());
        ledger.participant(licenseeParty).mustBeAbleTo(Role.ENTERPRISE, "licensee", "use a licence");
        ledger.asset(assetId).mustBeUsable("grant a licence");
        Right source = ledger.right(Right.idOf(assetId, type.licensor())).mustBeUsable("be licensed");
        if (parentId == null) {
            source.mustBeHeldBy(caller, "license " + type);
        } else {
            Licence parentLicence = ledger.licence(parentId);
            if (!parentLicence.assetId.equals(assetId) || parentLicence.rightType != type) {
                throw ErrorCode.OUTSIDE_PARENT_TERMS.reject("licence %s is a %s licence of asset %s",
                        parentId, parentLicence.rightType, parentLicence.assetId);
            }
            parentLicence.mustAllowSublicence(caller, terms, now);
        }
        if (licenseeParty.equals(caller.party())) {
            throw ErrorCode.INVALID_ARGUMENT.reject("a licence cannot be granted to its own licensor");
        }
        for (Licence existing : ledger.licencesOf(assetId)) {
            if (existing.rightType == type && !existing.id.equals(parentId)) {
                existing.mustNotConflictWith(terms, now);
            }
        }
        Stamp stamp = stamp(ctx, Act.GRANT_LICENCE, caller);
        Licence licence = new Licence(assetId + "/L-" + shortTx(ctx), assetId, type, caller.party(), licenseeParty,
                terms, parentId, Licence.Status.ACTIVE, null, stamp);
        String licenceKey = ledger.put(licence);
        emit(ctx, Act.GRANT_LICENCE, new Json().str("assetId", assetId).str("rightId", source.id)
                .str("licenceId", licence.id), licenceKey);
        return licence.toJson();
    }

    /** The licensor revokes a licence. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String revokeLicence(Context ctx, String licenceId, String reason) {
        String checkedReason = Input.text("reason", reason, Input.LONG_TEXT);
        Caller caller = caller(ctx).mustBe("revoke a licence", Role.ENTERPRISE);
        Ledger ledger = new Ledger(ctx.getStub());
        Licence revoked = ledger.licence(licenceId).revoked(caller, checkedReason, stamp(ctx, Act.REVOKE_LICENCE, caller));
        emit(ctx, Act.REVOKE_LICENCE, new Json().str("assetId", revoked.assetId).str("licenceId", revoked.id),
                ledger.put(revoked));
        return revoked.toJson();
    }

    // ---- pledge ----

    /** The holder pledges a right to a bank; a pledged right cannot be transferred. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String pledge(Context ctx, String rightId, String pledgee, String contractDigest) {
        String bank = party("pledgee", pledgee);
        String digest = Input.digest("pledge contract digest", contractDigest);
        Caller caller = caller(ctx).mustBe("pledge a right", Role.ENTERPRISE);
        if (caller.is(bank)) {
            throw ErrorCode.INVALID_ARGUMENT.reject("a right cannot be pledged to its own holder");
        }
        Ledger ledger = new Ledger(ctx.getStub());
        ledger.participant(bank).mustBeAbleTo(Role.BANK, "pledgee", "release a pledge");
        Right right = ledger.right(rightId).mustBeHeldBy(caller, "pledge it");
        ledger.asset(right.assetId).mustBeUsable("pledge a right");
        Stamp stamp = stamp(ctx, Act.PLEDGE, caller);
        Right pledged = right.pledged(new Right.Pledge(bank, digest, stamp.at), stamp);
        emit(ctx, Act.PLEDGE, new Json().str("assetId", right.assetId).str("rightId", right.id), ledger.put(pledged));
        return pledged.toJson();
    }

    /** The pledgee bank releases its pledge. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String releasePledge(Context ctx, String rightId) {
        Caller caller = caller(ctx).mustBe("release a pledge", Role.BANK);
        Ledger ledger = new Ledger(ctx.getStub());
        Right right = ledger.right(rightId);
        Right released = right.released(caller, stamp(ctx, Act.RELEASE_PLEDGE, caller));
        emit(ctx, Act.RELEASE_PLEDGE, new Json().str("assetId", right.assetId).str("rightId", right.id),
                ledger.put(released));
        return released.toJson();
    }

    // ---- judicial freeze ----

    /** A court freezes an asset (target = asset id) or a right (target = right id). */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String freeze(Context ctx, String target, String caseNumber, String orderDigest) {
        String checkedCase = Input.text("case number", caseNumber, Input.SHORT_TEXT);
        String digest = Input.digest("court order digest", orderDigest);
        Caller caller = caller(ctx).mustBe("freeze", Role.COURT);
        Ledger ledger = new Ledger(ctx.getStub());
        Stamp stamp = stamp(ctx, Act.FREEZE, caller);
        Freeze freeze = new Freeze(caller.party(), checkedCase, digest, stamp.at);
        String json;
        if (isRightId(target)) {
            Right frozen = ledger.right(target).frozen(freeze, stamp);
            json = frozen.toJson();
            emit(ctx, Act.FREEZE, new Json().str("assetId", frozen.assetId).str("rightId", frozen.id), ledger.put(frozen));
        } else {
            Asset frozen = ledger.asset(target).frozen(freeze, stamp);
            json = frozen.toJson();
            emit(ctx, Act.FREEZE, new Json().str("assetId", frozen.id), ledger.put(frozen));
        }
        return json;
    }

    /** A court lifts the freeze it ordered under the same case number. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String unfreeze(Context ctx, String target, String caseNumber) {
        String checkedCase = Input.text("case number", caseNumber, Input.SHORT_TEXT);
        Caller caller = caller(ctx).mustBe("unfreeze", Role.COURT);
        Ledger ledger = new Ledger(ctx.getStub());
        Stamp stamp = stamp(ctx, Act.UNFREEZE, caller);
        String json;
        if (isRightId(target)) {
            Right thawed = ledger.right(target).unfrozen(checkedCase, stamp);
            json = thawed.toJson();
            emit(ctx, Act.UNFREEZE, new Json().str("assetId", thawed.assetId).str("rightId", thawed.id), ledger.put(thawed));
        } else {
            Asset thawed = ledger.asset(target).unfrozen(checkedCase, stamp);
            json = thawed.toJson();
            emit(ctx, Act.UNFREEZE, new Json().str("assetId", thawed.id), ledger.put(thawed));
        }
        return json;
    }

    // ---- review, publicity, objection ----

    /**
     * The registrar sets whether acts need review and how long publicity lasts: a number of days (0 = none),
     * or an ISO-8601 duration in whole seconds (P30D; PT10S for a registry under test, where real time must pass).
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String configureRegistry(Context ctx, boolean reviewRequired, String publicity) {
        Duration period = Input.period("publicity", publicity, RegistryConfig.MAX_PUBLICITY_DAYS);
        Caller caller = caller(ctx).mustBe("configure the registry", Role.REGISTRAR);
        RegistryConfig config = new RegistryConfig(reviewRequired, period,
                stamp(ctx, Act.CONFIGURE_REGISTRY, caller));
        emit(ctx, Act.CONFIGURE_REGISTRY, new Json(), new Ledger(ctx.getStub()).put(config));
        return config.toJson();
    }

    /** The registrar approves or rejects an act awaiting review. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String reviewAct(Context ctx, String actId, boolean approve, String reason) {
        String checkedReason = approve ? Input.optionalText("reason", reason, Input.LONG_TEXT)
                : Input.text("reason for rejection", reason, Input.LONG_TEXT);
        Caller caller = caller(ctx).mustBe("review an act", Role.REGISTRAR);
        Ledger ledger = new Ledger(ctx.getStub());
        Stamp stamp = stamp(ctx, Act.REVIEW, caller);
        PendingAct act = ledger.act(actId).reviewed(approve, checkedReason, stamp);
        return advance(ctx, ledger, act, Act.REVIEW, stamp);
    }

    /** Anyone with a role may object to an act during its publicity period. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String fileObjection(Context ctx, String actId, String grounds, String evidenceDigest) {
        String checkedGrounds = Input.text("grounds", grounds, Input.LONG_TEXT);
        String digest = Input.optionalDigest("evidence digest", evidenceDigest);
        Caller caller = caller(ctx).mustBe("file an objection", Role.ENTERPRISE, Role.EXCHANGE, Role.NOTARY,
                Role.COURT, Role.BANK, Role.REGULATOR);
        Ledger ledger = new Ledger(ctx.getStub());
        Stamp stamp = stamp(ctx, Act.FILE_OBJECTION, caller);
        PendingAct act = ledger.act(actId).objected(stamp);
        Objection objection = new Objection("O-" + shortTx(ctx), act.id, caller.party(), checkedGrounds, digest,
                Objection.Status.OPEN, null, stamp);
        ledger.put(act);
        emit(ctx, Act.FILE_OBJECTION, new Json().str("assetId", act.assetId).str("rightId", act.rightId)
                .str("actId", act.id).str("objectionId", objection.id), ledger.put(objection));
        return objection.toJson();
    }

    /** The registrar upholds an objection (the act is rejected) or dismisses it. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String resolveObjection(Context ctx, String objectionId, boolean upheld, String reason) {
        String checkedReason = Input.text("reason", reason, Input.LONG_TEXT);
        Caller caller = caller(ctx).mustBe("resolve an objection", Role.REGISTRAR);
        Ledger ledger = new Ledger(ctx.getStub());
        Stamp stamp = stamp(ctx, Act.RESOLVE_OBJECTION, caller);
        Objection resolved = ledger.objection(objectionId).resolved(upheld, checkedReason, stamp);
        PendingAct before = ledger.act(resolved.actId);
        PendingAct act = before.objectionResolved(upheld && !before.settled(), checkedReason, stamp);
        ledger.put(resolved);
        return before.settled() ? store(ctx, ledger, act, Act.RESOLVE_OBJECTION, null)
                : advance(ctx, ledger, act, Act.RESOLVE_OBJECTION, stamp);
    }

    /** Once publicity has passed with no objection open, anyone with a role may make the act effective. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String takeEffect(Context ctx, String actId) {
        Caller caller = caller(ctx).mustBe("make an act take effect", Role.ENTERPRISE, Role.EXCHANGE, Role.NOTARY,
                Role.COURT, Role.BANK, Role.REGULATOR, Role.REGISTRAR);
        Ledger ledger = new Ledger(ctx.getStub());
        Stamp stamp = stamp(ctx, Act.TAKE_EFFECT, caller);
        PendingAct act = ledger.act(actId).tookEffect(stamp);
        return advance(ctx, ledger, act, Act.TAKE_EFFECT, stamp);
    }

    /** Writes an act's new stage and, if it settled, settles its asset or right (the record the event then names). */
    private String advance(Context ctx, Ledger ledger, PendingAct act, Act event, Stamp stamp) {
        String settledKey = null;
        if (act.settled()) {
            boolean effective = act.stage == PendingAct.Stage.EFFECTIVE;
            Right right = ledger.right(act.rightId);
            if (act.kind == PendingAct.Kind.REGISTRATION) {
                Asset asset = ledger.asset(act.assetId);
                ledger.put(asset.settled(effective, stamp));
                settledKey = ledger.put(right.registrationSettled(effective, stamp));
                if (!effective) {
                    releaseContent(ledger, asset);
                }
            } else {
                if (effective) {
                    // Nothing frozen can be transferred: neither the right (checked below) nor its asset.
                    ledger.asset(act.assetId).mustBeUsable("complete a transfer");
                }
                Right settled = right.transferSettled(effective, stamp);
                settledKey = ledger.put(settled);
                if (effective) {
                    ledger.unlist(right.holder, right.id);
                }
            }
        }
        return store(ctx, ledger, act, event, settledKey);
    }

    /** Writes the act's record and emits the event; it names the settled record, or else the act's own record. */
    private String store(Context ctx, Ledger ledger, PendingAct act, Act event, String settledKey) {
        String actKey = ledger.put(act);
        emit(ctx, event, new Json().str("assetId", act.assetId).str("rightId", act.rightId).str("actId", act.id),
                settledKey == null ? actKey : settledKey);
        return act.toJson();
    }

    /** A rejected registration frees its digests, so the content can be registered again. */
    private static void releaseContent(Ledger ledger, Asset asset) {
        if (asset.about.sha256 != null) {
            ledger.unindexDigest("sha256", asset.about.sha256);
        }
        if (asset.about.sm3 != null) {
            ledger.unindexDigest("sm3", asset.about.sm3);
        }
    }

    // ---- participant directory ----

    /**
     * The registrar enters a participant in the directory: its party id ({@code <MSP id>::<subject>}),
     * display name, handle, roles ({@code enterprise,bank}) and the PEM certificate it enrolled with, whose
     * key is pinned (empty: none yet; the participant's first act binds the key it signs with); it starts active.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String registerParticipant(Context ctx, String partyId, String name, String handle, String roles,
            String certificate) {
        String party = Participant.partyId("party id", partyId);
        String checkedName = Input.text("display name", name, Input.NAME);
        String checkedHandle = Participant.handle(handle);
        java.util.Set<Role> checkedRoles = Participant.roles(roles);
        String key = certificate == null || certificate.isBlank() ? null : Keys.fingerprintFor(party, certificate);
        Caller caller = caller(ctx).mustBe("register a participant", Role.REGISTRAR);
        Ledger ledger = new Ledger(ctx.getStub());
        if (ledger.participantOrNull(party) != null) {
            throw ErrorCode.PARTICIPANT_EXISTS.reject("%s is in the directory already; change it instead", party);
        }
        handleMustBeFree(ledger, checkedHandle, party);
        Ledger.NameIndex names = ledger.nameIndex().mustBeDistinct(checkedName, party);
        Stamp stamp = stamp(ctx, Act.REGISTER_PARTICIPANT, caller);
        Participant participant = new Participant(party, checkedName, checkedHandle, checkedRoles,
                Participant.Status.ACTIVE, stamp);
        if (key != null) {
            participant = participant.withKey(key, BoundKey.How.ENROLMENT, null, null, null, stamp);
        }
        names.record(null, participant);
        emit(ctx, Act.REGISTER_PARTICIPANT, new Json().str("participant", party).str("key", key),
                ledger.put(participant, null));
        return participant.toJson();
    }

    /**
     * The registrar changes a participant's display name, handle, roles or status ({@code ACTIVE},
     * {@code SUSPENDED}); an empty argument keeps that field.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String changeParticipant(Context ctx, String partyId, String name, String handle, String roles,
            String status) {
        String party = Participant.partyId("party id", partyId);
        String newName = Input.optionalText("display name", name, Input.NAME);
        String newHandle = handle == null || handle.isBlank() ? null : Participant.handle(handle);
        java.util.Set<Role> newRoles = roles == null || roles.isBlank() ? null : Participant.roles(roles);
        Participant.Status newStatus = status == null || status.isBlank() ? null
                : Input.choice("status", status, Participant.Status.class);
        Caller caller = caller(ctx).mustBe("change a participant", Role.REGISTRAR);
        Ledger ledger = new Ledger(ctx.getStub());
        Participant before = ledger.participant(party);
        if (newHandle != null && !newHandle.equals(before.handle)) {
            handleMustBeFree(ledger, newHandle, party);
        }
        Ledger.NameIndex names = newName == null ? null : ledger.nameIndex().mustBeDistinct(newName, party);
        Participant after = before.changed(newName, newHandle, newRoles, newStatus,
                stamp(ctx, Act.CHANGE_PARTICIPANT, caller));
        if (names != null) {
            names.record(before, after);
        }
        emit(ctx, Act.CHANGE_PARTICIPANT, new Json().str("participant", party), ledger.put(after, before.handle));
        return after.toJson();
    }

    // ---- participant keys ----

    /**
     * A participant renews its key: signed with its current key, it binds the key of its new certificate
     * (same subject), and the signing key stops being current.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String renewKey(Context ctx, String certificate) {
        Caller caller = caller(ctx);
        String key = Keys.fingerprintFor(caller.party(), certificate);
        caller.mustBe("renew a key (the registrar rebinds)", Role.ENTERPRISE, Role.BANK, Role.COURT, Role.EXCHANGE,
                Role.NOTARY, Role.REGULATOR);
        Ledger ledger = new Ledger(ctx.getStub());
        Participant before = ledger.participantOrNull(caller.party());
        if (before == null || before.keys.isEmpty()) {
            throw ErrorCode.KEY_NOT_BOUND.reject("no key is bound to %s yet, so there is none to renew; %s",
                    caller.party(), before == null ? "the registrar enters you in the directory first"
                            : "your first act binds the key it is signed with, or the registrar binds one");
        }
        Stamp stamp = stamp(ctx, Act.RENEW_KEY, caller);
        Participant after = before.withKey(key, BoundKey.How.RENEWAL, null, BoundKey.End.RENEWED, caller.key(), stamp);
        return storeKeys(ctx, ledger, Act.RENEW_KEY, before, after, key);
    }

    /**
     * The registrar binds a participant's new key without the old one (a lost key, a renewal the registrar
     * vouches for), saying why; every key current until then stops being current.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String rebindKey(Context ctx, String partyId, String certificate, String reason) {
        String party = Participant.partyId("party id", partyId);
        String key = Keys.fingerprintFor(party, certificate);
        String checkedReason = Input.text("reason", reason, Input.LONG_TEXT);
        Caller caller = caller(ctx).mustBe("rebind a participant's key", Role.REGISTRAR);
        Ledger ledger = new Ledger(ctx.getStub());
        Participant before = ledger.participant(party);
        Participant after = before.withKey(key, BoundKey.How.REBIND, checkedReason, BoundKey.End.REBOUND, null,
                stamp(ctx, Act.REBIND_KEY, caller));
        return storeKeys(ctx, ledger, Act.REBIND_KEY, before, after, key);
    }

    /** The registrar revokes a participant's current key, saying why: from the next block it may not act. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String revokeKey(Context ctx, String partyId, String fingerprint, String reason) {
        String party = Participant.partyId("party id", partyId);
        String key = Keys.fingerprintArgument(fingerprint);
        String checkedReason = Input.text("reason", reason, Input.LONG_TEXT);
        Caller caller = caller(ctx).mustBe("revoke a participant's key", Role.REGISTRAR);
        Ledger ledger = new Ledger(ctx.getStub());
        Participant before = ledger.participant(party);
        Participant after = before.withoutKey(key, checkedReason, stamp(ctx, Act.REVOKE_KEY, caller));
        return storeKeys(ctx, ledger, Act.REVOKE_KEY, before, after, key);
    }

    private static String storeKeys(Context ctx, Ledger ledger, Act act, Participant before, Participant after,
            String key) {
        emit(ctx, act, new Json().str("participant", after.id).str("key", key), ledger.put(after, before.handle));
        return after.toJson();
    }

    /** A participant by party id or, without {@code ::}, by handle. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getParticipant(Context ctx, String partyOrHandle) {
        Ledger ledger = new Ledger(ctx.getStub());
        if (partyOrHandle != null && partyOrHandle.contains("::")) {
            return ledger.participant(Participant.partyId("party id", partyOrHandle)).toJson();
        }
        String handle = Participant.handle(partyOrHandle);
        String party = ledger.partyWithHandle(handle);
        if (party == null) {
            throw ErrorCode.PARTICIPANT_NOT_FOUND.reject("no participant has the handle %s", handle);
        }
        return ledger.participant(party).toJson();
    }

    /** The whole directory, in party-id order. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getParticipants(Context ctx) {
        List<String> records = new ArrayList<>();
        for (Participant p : new Ledger(ctx.getStub()).participants()) {
            records.add(p.toJson());
        }
        return Json.array(records);
    }

    /**
     * A display name as the directory would store it ({@code {"name":"…"}}), or the refusal registering it
     * would meet: {@code NAME_CONFUSABLE} naming the participant it looks like, a {@code TEXT_…} code. The
     * service asks this before it issues an enrolment token, so a certificate never carries such a name.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String checkParticipantName(Context ctx, String name) {
        String checkedName = Input.text("display name", name, Input.NAME);
        new Ledger(ctx.getStub()).nameIndex().mustBeDistinct(checkedName, null);
        return new Json().str("name", checkedName).toString();
    }

    private static void handleMustBeFree(Ledger ledger, String handle, String party) {
        String holder = ledger.partyWithHandle(handle);
        if (holder != null && !holder.equals(party)) {
            throw ErrorCode.HANDLE_TAKEN.reject("the handle %s is %s's; choose another", handle, holder);
        }
    }

    // ---- evidence ----

    /**
     * Binds a document digest to an asset. Allowed to holders of a right in it, to active licensees,
     * and to notaries.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String anchorEvidence(Context ctx, String assetId, String kind, String sha256, String sm3,
            String description) {
        Input.id("asset id", assetId);
        Evidence.Kind evidenceKind = Input.choice("evidence kind", kind, Evidence.Kind.class);
        String sha = Input.optionalDigest("sha256", sha256);
        String sm = Input.optionalDigest("sm3", sm3);
        if (sha == null && sm == null) {
            throw ErrorCode.INVALID_DIGEST.reject("at least one document digest is required: sha256 or sm3");
        }
        String checkedDescription = Input.optionalText("description", description, Input.LONG_TEXT);
        Caller caller = caller(ctx).mustBe("anchor evidence", Role.ENTERPRISE, Role.NOTARY);
        Ledger ledger = new Ledger(ctx.getStub());
        Asset asset = ledger.asset(assetId);
        if (caller.role() == Role.ENTERPRISE && !isHolderOrLicensee(ledger, asset.id, caller, now(ctx))) {
            throw ErrorCode.NOT_PERMITTED.reject(
                    "only a holder of a right in asset %s, an active licensee or a notary may anchor evidence to it",
                    assetId);
        }
        Stamp stamp = stamp(ctx, Act.ANCHOR_EVIDENCE, caller);
        Evidence evidence = new Evidence(assetId + "/E-" + shortTx(ctx), assetId, evidenceKind, sha, sm,
                checkedDescription, caller.party(), stamp);
        emit(ctx, Act.ANCHOR_EVIDENCE, new Json().str("assetId", assetId).str("evidenceId", evidence.id),
                ledger.put(evidence));
        return evidence.toJson();
    }

    private static boolean isHolderOrLicensee(Ledger ledger, String assetId, Caller caller, Instant now) {
        for (Right r : ledger.rightsOf(assetId)) {
            if (caller.is(r.holder)) {
                return true;
            }
        }
        for (Licence l : ledger.licencesOf(assetId)) {
            if (caller.is(l.licensee) && l.activeAt(now)) {
                return true;
            }
        }
        return false;
    }

    // ---- queries ----

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getAsset(Context ctx, String assetId) {
        return new Ledger(ctx.getStub()).asset(assetId).toJson();
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getRight(Context ctx, String rightId) {
        return new Ledger(ctx.getStub()).right(rightId).toJson();
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getRightsOfAsset(Context ctx, String assetId) {
        Ledger ledger = new Ledger(ctx.getStub());
        ledger.asset(assetId);
        List<String> rights = new ArrayList<>();
        for (Right r : ledger.rightsOf(assetId)) {
            rights.add(r.toJson());
        }
        return Json.array(rights);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getLicence(Context ctx, String licenceId) {
        return new Ledger(ctx.getStub()).licence(licenceId).toJson();
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getLicencesOfAsset(Context ctx, String assetId) {
        Ledger ledger = new Ledger(ctx.getStub());
        ledger.asset(assetId);
        List<String> licences = new ArrayList<>();
        for (Licence l : ledger.licencesOf(assetId)) {
            licences.add(l.toJson());
        }
        return Json.array(licences);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getEvidenceOfAsset(Context ctx, String assetId) {
        Ledger ledger = new Ledger(ctx.getStub());
        ledger.asset(assetId);
        List<String> evidence = new ArrayList<>();
        for (Evidence e : ledger.evidenceOf(assetId)) {
            evidence.add(e.toJson());
        }
        return Json.array(evidence);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getAct(Context ctx, String actId) {
        return new Ledger(ctx.getStub()).act(actId).toJson();
    }

    /** Acts still under review or in publicity, in id order: what the registrar and objectors look at. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getOpenActs(Context ctx) {
        List<String> open = new ArrayList<>();
        for (PendingAct act : new Ledger(ctx.getStub()).acts()) {
            if (!act.settled()) {
                open.add(act.toJson());
            }
        }
        return Json.array(open);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getObjection(Context ctx, String objectionId) {
        return new Ledger(ctx.getStub()).objection(objectionId).toJson();
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getRegistryConfig(Context ctx) {
        return new Ledger(ctx.getStub()).config().toJson();
    }

    /** The asset registered with a content digest ({@code sha256} or {@code sm3}). */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String findAssetByDigest(Context ctx, String algorithm, String digest) {
        String alg = algorithm == null ? "" : algorithm.strip().toLowerCase(java.util.Locale.ROOT);
        if (!alg.equals("sha256") && !alg.equals("sm3")) {
            throw ErrorCode.INVALID_ARGUMENT.reject("the digest algorithm is sha256 or sm3, not '%s'", algorithm);
        }
        Ledger ledger = new Ledger(ctx.getStub());
        String assetId = ledger.assetWithDigest(alg, Input.digest(alg + " digest", digest));
        if (assetId == null) {
            throw ErrorCode.ASSET_NOT_FOUND.reject("no asset is registered with %s digest %s", alg, digest);
        }
        return ledger.asset(assetId).toJson();
    }

    /** The rights a party holds, a page at a time: {@code {"records":[…],"fetched":n,"bookmark":"…"}}. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getRightsByHolder(Context ctx, String holder, int pageSize, String bookmark) {
        String party = party("holder", holder);
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ErrorCode.INVALID_ARGUMENT.reject("page size is 1 to %d, not %d", MAX_PAGE_SIZE, pageSize);
        }
        ChaincodeStub stub = ctx.getStub();
        Ledger ledger = new Ledger(stub);
        String prefix = stub.createCompositeKey(Ledger.HOLDER_INDEX, party).toString();
        String start = bookmark == null ? "" : bookmark;
        // The peer starts the range at the bookmark, so one from another listing would list others' rights.
        if (!start.isEmpty() && !start.startsWith(prefix)) {
            throw ErrorCode.INVALID_ARGUMENT.reject("the bookmark does not belong to the rights of %s", party);
        }
        List<String> records = new ArrayList<>();
        String next;
        try (QueryResultsIteratorWithMetadata<KeyValue> page = stub.getStateByPartialCompositeKeyWithPagination(
                stub.createCompositeKey(Ledger.HOLDER_INDEX, party), pageSize, start)) {
            for (KeyValue kv : page) {
                List<String> attributes = stub.splitCompositeKey(kv.getKey()).getAttributes();
                records.add(ledger.listedRight(attributes.get(1), kv.getValue()));
            }
            next = page.getMetadata() == null ? "" : page.getMetadata().getBookmark();
        } catch (Exception e) {
            throw Ledger.asRuntime(e);
        }
        return new Json().raw("records", Json.array(records)).num("fetched", records.size()).str("bookmark", next)
                .toString();
    }

    /** Every version of an asset: transaction id, timestamp, act, actor and the record. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getAssetHistory(Context ctx, String assetId) {
        Ledger ledger = new Ledger(ctx.getStub());
        return history(ctx.getStub(), ledger.key(Ledger.ASSET, Input.id("asset id", assetId)));
    }

    /** Every version of a right: transaction id, timestamp, act, actor and the record. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getRightHistory(Context ctx, String rightId) {
        Ledger ledger = new Ledger(ctx.getStub());
        return history(ctx.getStub(), ledger.rightKey(rightId));
    }

    private static String history(ChaincodeStub stub, String key) {
        List<String> versions = new ArrayList<>();
        try (QueryResultsIterator<KeyModification> results = stub.getHistoryForKey(key)) {
            for (KeyModification m : results) {
                Json version = new Json().str("txId", m.getTxId()).str("timestamp", m.getTimestamp().toString());
                if (m.isDeleted()) {
                    version.bool("deleted", true);
                } else {
                    JSONObject record = Json.stored(key, m.getValue());
                    JSONObject stamp = record.getJSONObject("lastAct");
                    version.str("act", stamp.getString("act")).str("actor", stamp.getString("actor"))
                            .raw("record", m.getStringValue());
                }
                versions.add(version.toString());
            }
        } catch (Exception e) {
            throw Ledger.asRuntime(e);
        }
        return Json.array(versions);
    }

    // ---- shared steps ----

    private static Caller caller(Context ctx) {
        return Caller.of(ctx.getClientIdentity());
    }

    private static Instant now(Context ctx) {
        return ctx.getStub().getTxTimestamp();
    }

    /**
     * The stamp of the act the caller is making, taken by every act just before it writes; here, once, the
     * caller's directory entry is checked. A suspended participant is refused; so is a key that is not a
     * current key of the participant ({@code KEY_NOT_BOUND}, {@code KEY_REVOKED}). An entry with no key yet
     * (entered before keys were pinned) binds the key of its first act, in that act ({@code FIRST_USE}). A
     * caller the directory does not hold acted before it existed and is accepted, so existing ledgers keep working.
     */
    private static Stamp stamp(Context ctx, Act act, Caller caller) {
        Ledger ledger = new Ledger(ctx.getStub());
        Participant self = ledger.participantOrNull(caller.party());
        Stamp stamp = new Stamp(act, caller.party(), now(ctx), ctx.getStub().getTxId());
        if (self == null) {
            return stamp;
        }
        if (self.status != Participant.Status.ACTIVE) {
            throw ErrorCode.PARTICIPANT_SUSPENDED.reject("you (%s) are suspended from the registry and may not act",
                    self.handle);
        }
        if (self.keys.isEmpty()) {
            ledger.put(self.withKey(caller.key(), BoundKey.How.FIRST_USE, null, null, null, stamp), self.handle);
        } else {
            self.mustHoldCurrentKey(caller.key());
        }
        return stamp;
    }

    /** Ids come from the transaction id, so every endorser derives the same one. */
    private static String shortTx(Context ctx) {
        return ctx.getStub().getTxId().substring(0, 16);
    }

    /** A party named in an argument: {@code <MSP id>::<certificate subject>}. */
    private static String party(String field, String value) {
        return Participant.partyId(field, value);
    }

    private static boolean isRightId(String target) {
        return target != null && target.indexOf('/') > 0;
    }

    /** Opens review and publicity when the registry is configured for them; null when the act is immediate. */
    private static PendingAct applyFor(Ledger ledger, PendingAct.Kind kind, String assetId, String rightId,
            Stamp stamp) {
        RegistryConfig config = ledger.config();
        if (config.immediate()) {
            return null;
        }
        PendingAct act = PendingAct.apply("P-" + stamp.txId.substring(0, 16), kind, assetId, rightId, config, stamp);
        ledger.put(act);
        return act;
    }

    /**
     * The act's one event: named after the act, with the ids involved and, last, {@code recordKey}: the
     * state key of the record the act states (null: none), so that no client rebuilds the chaincode's keys.
     */
    private static void emit(Context ctx, Act act, Json ids, String recordKey) {
        Json payload = recordKey == null ? ids : ids.str("recordKey", recordKey);
        ctx.getStub().setEvent(act.name(), payload.toString().getBytes(StandardCharsets.UTF_8));
    }
}
