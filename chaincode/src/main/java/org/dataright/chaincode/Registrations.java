package org.dataright.chaincode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * The one rule of registering a data asset, used by {@code registerAsset} (one asset) and
 * {@code registerAssets} (a batch in one transaction): every description is checked against the ledger
 * before anything is written, so a refused registration, or a batch with one refused item, writes nothing.
 * Each asset of a batch is its own record, with its own right, digest index and (under review) pending act.
 */
final class Registrations {
    /** Most assets one {@code registerAssets} transaction registers (each writes five keys). */
    static final int MAX_BATCH = 500;
    /** Most bytes of a batch's JSON argument, so one proposal stays far below Fabric's message limits. */
    static final int MAX_BATCH_BYTES = 1024 * 1024;

    /** A checked description and the ids it will be registered under. */
    private static final class Planned {
        final Asset.Description about;
        final String assetId;
        final String actId;

        Planned(Asset.Description about, String assetId, String actId) {
            this.about = about;
            this.assetId = assetId;
            this.actId = actId;
        }
    }

    private final Ledger ledger;
    private final Caller caller;
    private final List<Planned> planned = new ArrayList<>();
    /** {@code <algorithm>:<digest>} → index of the batch item that claims it. */
    private final Map<String, Integer> claimed = new HashMap<>();

    Registrations(Ledger ledger, Caller caller) {
        this.ledger = ledger;
        this.caller = caller;
    }

    /** A batch argument: a JSON array of 1 to {@link #MAX_BATCH} descriptions, at most {@link #MAX_BATCH_BYTES}. */
    static List<JSONObject> parseBatch(String descriptionsJson) {
        if (descriptionsJson == null || descriptionsJson.isBlank()) {
            throw ErrorCode.INVALID_ARGUMENT.reject("the batch is missing; send a JSON array of asset descriptions");
        }
        int bytes = descriptionsJson.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BATCH_BYTES) {
            throw ErrorCode.BATCH_TOO_LARGE.reject("the batch has %d bytes; at most %d are registered in one transaction",
                    bytes, MAX_BATCH_BYTES);
        }
        JSONArray array;
        try {
            array = new JSONArray(descriptionsJson);
        } catch (JSONException e) {
            throw ErrorCode.INVALID_ARGUMENT.reject("the batch is not a JSON array: %s", e.getMessage());
        }
        if (array.isEmpty()) {
            throw ErrorCode.INVALID_ARGUMENT.reject("the batch is empty; send at least one asset description");
        }
        if (array.length() > MAX_BATCH) {
            throw ErrorCode.BATCH_TOO_LARGE.reject("the batch has %d assets; at most %d are registered in one transaction",
                    array.length(), MAX_BATCH);
        }
        List<JSONObject> items = new ArrayList<>();
        for (int i = 0; i < array.length(); i++) {
            if (!(array.get(i) instanceof JSONObject)) {
                throw ErrorCode.INVALID_ARGUMENT.reject("item %d: an asset description is a JSON object", i);
            }
            items.add(array.getJSONObject(i));
        }
        return items;
    }

    /**
     * Checks item {@code index} (of a batch, or the one registration) and plans it under {@code assetId};
     * a refusal names the item when it is part of a batch.
     */
    void plan(JSONObject description, String assetId, String actId, Integer index) {
        try {
            Asset.Description about = Asset.Description.parse(description);
            if (index != null) {
                claim(index, "sha256", about.sha256);
                claim(index, "sm3", about.sm3);
            }
            checkNewContent("sha256", about.sha256);
            checkNewContent("sm3", about.sm3);
            for (String parent : about.lineage) {
                if (!exists(parent)) {
                    throw ErrorCode.LINEAGE_NOT_FOUND.reject("lineage names asset %s, which is not registered", parent);
                }
            }
            planned.add(new Planned(about, assetId, actId));
        } catch (ChaincodeException e) {
            throw index == null ? e : ofItem(index, e);
        }
    }

    /** One registration's stated ids, as its event names them. */
    static final class Registered {
        final Asset asset;
        final String rightId;
        final String actId;
        final String assetKey;

        Registered(Asset asset, String rightId, String actId, String assetKey) {
            this.asset = asset;
            this.rightId = rightId;
            this.actId = actId;
            this.assetKey = assetKey;
        }

        Json ids() {
            return new Json().str("assetId", asset.id).str("rightId", rightId).str("actId", actId);
        }
    }

    /** Writes every planned asset, in order: its pending act (under review), asset, right and digest index. */
    List<Registered> write(Stamp stamp) {
        RegistryConfig config = ledger.config();
        List<Registered> written = new ArrayList<>();
        for (Planned p : planned) {
            String rightId = Right.idOf(p.assetId, RightType.RESOURCE_HOLDING);
            PendingAct pending = null;
            if (!config.immediate()) {
                pending = PendingAct.apply(p.actId, PendingAct.Kind.REGISTRATION, p.assetId, rightId, config, stamp);
                ledger.put(pending);
            }
            String pendingId = pending == null ? null : pending.id;
            Asset asset = new Asset(p.assetId, p.about, caller.party(),
                    pending == null ? Asset.Status.EFFECTIVE : Asset.Status.PENDING, pendingId, null, stamp);
            Right right = new Right(rightId, p.assetId, RightType.RESOURCE_HOLDING, caller.party(),
                    pending == null ? Right.Status.ACTIVE : Right.Status.PENDING, null, null, null, null, pendingId, stamp);
            String assetKey = ledger.put(asset);
            ledger.put(right);
            if (p.about.sha256 != null) {
                ledger.indexDigest("sha256", p.about.sha256, p.assetId);
            }
            if (p.about.sm3 != null) {
                ledger.indexDigest("sm3", p.about.sm3, p.assetId);
            }
            written.add(new Registered(asset, rightId, pendingId, assetKey));
        }
        return written;
    }

    /** Two items of one batch with the same content would both pass the ledger's check (it sees committed state only). */
    private void claim(int index, String algorithm, String digest) {
        if (digest == null) {
            return;
        }
        Integer earlier = claimed.putIfAbsent(algorithm + ":" + digest, index);
        if (earlier != null) {
            throw ErrorCode.BATCH_DUPLICATE.reject("item %d: its %s digest %s is also item %d's; a batch registers "
                    + "each content once", index, algorithm, digest, earlier);
        }
    }

    private void checkNewContent(String algorithm, String digest) {
        if (digest == null) {
            return;
        }
        String existing = ledger.assetWithDigest(algorithm, digest);
        if (existing == null) {
            return;
        }
        Asset asset = ledger.asset(existing);
        if (caller.is(asset.registrant)) {
            throw ErrorCode.ALREADY_REGISTERED.reject("you registered this content already, as asset %s", existing);
        }
        throw ErrorCode.DUPLICATE_CONTENT.reject("content with %s digest %s is already registered as asset %s by another party",
                algorithm, digest, existing);
    }

    private boolean exists(String assetId) {
        try {
            return ledger.asset(assetId).status != Asset.Status.REJECTED;
        } catch (ChaincodeException e) {
            if (e.getMessage().startsWith(ErrorCode.ASSET_NOT_FOUND.name())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * An item's refusal, {@code <CODE>: item <index>: <sentence>}, with the item's own code as payload, so a
     * client can tell which item to fix (or leave out) and why. A duplicate already names both of its items.
     */
    private static ChaincodeException ofItem(int index, ChaincodeException e) {
        String message = e.getMessage();
        if (message.startsWith(ErrorCode.BATCH_DUPLICATE.name() + ":")) {
            return e;
        }
        int colon = message.indexOf(": ");
        String code = colon < 0 ? ErrorCode.INVALID_ARGUMENT.name() : message.substring(0, colon);
        String sentence = colon < 0 ? message : message.substring(colon + 2);
        return new ChaincodeException(code + ": item " + index + ": " + sentence, code.getBytes(StandardCharsets.UTF_8));
    }
}
