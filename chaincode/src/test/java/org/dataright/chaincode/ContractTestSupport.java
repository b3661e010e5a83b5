package org.dataright.chaincode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * A fresh simulated peer and contract per test, request builders, and the common steps of the
 * rights lifecycle (each one a committed, successful transaction).
 */
abstract class ContractTestSupport {
    static final Identity ALICE = Identity.ALICE;
    static final Identity BOB = Identity.BOB;
    static final Identity CAROL = Identity.CAROL;
    static final Identity DAVE = Identity.DAVE;
    static final Identity BANK = Identity.BANK;
    static final Identity OTHER_BANK = Identity.OTHER_BANK;
    static final Identity COURT = Identity.COURT;
    static final Identity REGISTRAR = Identity.REGISTRAR;
    static final Identity NOTARY = Identity.NOTARY;
    static final Identity EXCHANGE = Identity.EXCHANGE;
    static final Identity REGULATOR = Identity.REGULATOR;
    static final Identity NOBODY = Identity.NOBODY;

    static final String RH = "RESOURCE_HOLDING";
    static final String PU = "PROCESSING_USE";
    static final String PO = "PRODUCT_OPERATION";
    static final String IP = "INTELLECTUAL_PROPERTY";

    /** The participants the directory holds from the start: every identity with a role but the registrar's. */
    static final List<Identity> PARTICIPANTS = List.of(ALICE, BOB, CAROL, DAVE, BANK, OTHER_BANK, COURT, NOTARY, EXCHANGE,
            REGULATOR);

    final FakeFabric fabric = new FakeFabric();
    final RightsContract contract = new RightsContract();

    ContractTestSupport() {
        for (Identity p : PARTICIPANTS) {
            enterInDirectory(p);
        }
        fabric.seed(FakeFabric.key(Ledger.NAME_INDEX_RULE), Text.SKELETON_RULE);
    }

    /**
     * Seeds the directory entry the registrar would have written at enrolment: handle = common name, the
     * certificate's role, its key bound.
     */
    final void enterInDirectory(Identity who) {
        Stamp enrolment = new Stamp(Act.REGISTER_PARTICIPANT, REGISTRAR.party(), FakeFabric.GENESIS, "0".repeat(64));
        Participant entry = keylessEntry(who).withKey(who.fingerprint(), BoundKey.How.ENROLMENT, null, null, null,
                enrolment);
        fabric.seed(participantKey(who), entry.toJson());
        fabric.seed(FakeFabric.key("handle~participant", who.commonName), who.party());
        fabric.seed(FakeFabric.key(Ledger.NAME_INDEX, Text.skeleton(entry.name)), who.party());
    }

    /** The entry as the registrar wrote it before keys were pinned: no {@code keys} at all. */
    static Participant keylessEntry(Identity who) {
        return new Participant(who.party(), "The " + who.commonName, who.commonName,
                java.util.EnumSet.of(Role.parse(who.role)), Participant.Status.ACTIVE,
                new Stamp(Act.REGISTER_PARTICIPANT, REGISTRAR.party(), FakeFabric.GENESIS, "0".repeat(64)));
    }

    static String participantKey(Identity who) {
        return FakeFabric.key("participant", who.party());
    }

    // ---- requests ----

    /** A registration request; every field valid, digests derived from the content label. */
    static final class AssetRequest {
        final JSONObject o = new JSONObject();

        AssetRequest(String content) {
            o.put("title", "Traffic sensor readings 2025");
            o.put("description", "Hourly counts from 400 road sensors");
            o.put("industry", "transport");
            o.put("classification", "IMPORTANT");
            o.put("format", "parquet");
            o.put("sizeBytes", 1048576L);
            o.put("recordCount", 20000L);
            o.put("sha256", digest(content));
            o.put("region", "CN-SH");
        }

        AssetRequest with(String field, Object value) {
            o.put(field, value == null ? JSONObject.NULL : value);
            return this;
        }

        AssetRequest without(String field) {
            o.remove(field);
            return this;
        }

        AssetRequest lineage(String... assetIds) {
            o.put("lineage", new JSONArray(assetIds));
            return this;
        }

        String json() {
            return o.toString();
        }
    }

    /** Licence terms; by default non-exclusive, not sublicensable, CN, for a year from genesis. */
    static final class Terms {
        final JSONObject o = new JSONObject();

        Terms() {
            o.put("purpose", "model training");
            o.put("scope", "internal analytics");
            o.put("territory", "CN");
            o.put("start", "2026-03-01T00:00:00Z");
            o.put("end", "2027-03-01T00:00:00Z");
            o.put("exclusive", false);
            o.put("sublicensable", false);
        }

        Terms with(String field, Object value) {
            o.put(field, value == null ? JSONObject.NULL : value);
            return this;
        }

        Terms exclusive() {
            return with("exclusive", true);
        }

        Terms sublicensable() {
            return with("sublicensable", true);
        }

        Terms territory(String t) {
            return with("territory", t);
        }

        Terms between(String start, String end) {
            return with("start", start).with("end", end);
        }

        String json() {
            return o.toString();
        }
    }

    static AssetRequest asset(String content) {
        return new AssetRequest(content);
    }

    static Terms terms() {
        return new Terms();
    }

    static String digest(String label) {
        return FakeFabric.sha256Hex(label);
    }

    static JSONObject json(String s) {
        return new JSONObject(s);
    }

    static String rh(String assetId) {
        return assetId + "/" + RH;
    }

    static String po(String assetId) {
        return assetId + "/" + PO;
    }

    static String ip(String assetId) {
        return assetId + "/" + IP;
    }

    static String holderKey(Identity holder, String rightId) {
        return FakeFabric.key("holder~right", holder.party(), rightId);
    }

    static String digestKey(String algorithm, String digest) {
        return FakeFabric.key("digest~asset", algorithm, digest);
    }

    static String actKey(String actId) {
        return FakeFabric.key("act", actId);
    }

    static String objectionKey(String objectionId) {
        return FakeFabric.key("objection", objectionId);
    }

    static String licenceKey(String licenceId) {
        return FakeFabric.key("licence", licenceId.substring(0, licenceId.lastIndexOf('/')), licenceId);
    }

    /** An event's last property: the key of the record the act states, escaped as the chaincode's JSON writes it. */
    static String recordKey(String key) {
        return ",\"recordKey\":\"" + key.replace("\u0000", "\\u0000") + "\"";
    }

    // ---- committed steps ----

    String register(Identity who, String content) {
        return register(who, asset(content));
    }

    String register(Identity who, AssetRequest request) {
        return json(fabric.submit(who, c -> contract.registerAsset(c, request.json())).response).getString("id");
    }

    void registerRight(Identity who, String assetId, String type, String claim) {
        fabric.submit(who, c -> contract.registerRight(c, assetId, type, claim));
    }

    String expiresIn(Duration d) {
        return fabric.now().plus(d).toString();
    }

    void offer(Identity holder, String rightId, Identity receiver) {
        fabric.submit(holder, c -> contract.offerTransfer(c, rightId, receiver.party(), digest("contract"),
                expiresIn(Duration.ofDays(30))));
    }

    void transfer(Identity holder, String rightId, Identity receiver) {
        offer(holder, rightId, receiver);
        fabric.submit(receiver, c -> contract.acceptTransfer(c, rightId));
    }

    String licence(Identity licensor, String assetId, String type, Identity licensee, Terms t) {
        return licence(licensor, assetId, type, licensee, t, "");
    }

    String licence(Identity licensor, String assetId, String type, Identity licensee, Terms t, String parent) {
        return json(fabric.submit(licensor, c -> contract.grantLicence(c, assetId, type, licensee.party(), t.json(),
                parent)).response).getString("id");
    }

    void configure(boolean review, int days) {
        configure(review, String.valueOf(days));
    }

    /** Publicity as the contract takes it: days ("30") or an ISO-8601 duration ("PT10S"). */
    void configure(boolean review, String publicity) {
        fabric.submit(REGISTRAR, c -> contract.configureRegistry(c, review, publicity));
    }

    void freeze(String target, String caseNumber) {
        fabric.submit(COURT, c -> contract.freeze(c, target, caseNumber, digest("order " + caseNumber)));
    }

    JSONObject asset(Identity reader, String assetId) {
        return json(fabric.evaluate(reader, c -> contract.getAsset(c, assetId)));
    }

    JSONObject right(String rightId) {
        return json(fabric.evaluate(NOBODY, c -> contract.getRight(c, rightId)));
    }

    JSONObject act(String actId) {
        return json(fabric.evaluate(NOBODY, c -> contract.getAct(c, actId)));
    }

    String holderOf(String rightId) {
        return right(rightId).getString("holder");
    }

    /** The right ids a party holds, read through the paged holder index. */
    String rightsHeldBy(Identity holder) {
        JSONObject page = json(fabric.evaluate(NOBODY, c -> contract.getRightsByHolder(c, holder.party(), 200, "")));
        StringBuilder ids = new StringBuilder();
        JSONArray records = page.getJSONArray("records");
        for (int i = 0; i < records.length(); i++) {
            ids.append(i == 0 ? "" : ",").append(records.getJSONObject(i).getString("id"));
        }
        return ids.toString();
    }

    /** The stamp every record carries, for exact JSON. */
    static String stamp(String act, Identity actor, Instant at, String txId) {
        return "{\"act\":\"" + act + "\",\"actor\":\"" + actor.party() + "\",\"at\":\"" + at + "\",\"txId\":\"" + txId
                + "\"}";
    }
}
