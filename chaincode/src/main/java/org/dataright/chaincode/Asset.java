package org.dataright.chaincode;

import java.util.Collections;
import java.util.List;
import org.json.JSONObject;

/** A registered data asset: its metadata and digests, never the data itself. */
final class Asset {
    enum Status { PENDING, EFFECTIVE, REJECTED }

    enum Classification { GENERAL, IMPORTANT, CORE }

    /** Descriptive fields, as the registrant supplied them (validated). */
    static final class Description {
        final String title;
        final String description;
        final String industry;
        final Classification classification;
        final String format;
        final long sizeBytes;
        final long recordCount;
        final String sha256;
        final String sm3;
        final String manifestRoot;
        final List<String> lineage;
        final String region;

        Description(String title, String description, String industry, Classification classification, String format,
                long sizeBytes, long recordCount, String sha256, String sm3, String manifestRoot, List<String> lineage,
                String region) {
            this.title = title;
            this.description = description;
            this.industry = industry;
            this.classification = classification;
            this.format = format;
            this.sizeBytes = sizeBytes;
            this.recordCount = recordCount;
            this.sha256 = sha256;
            this.sm3 = sm3;
            this.manifestRoot = manifestRoot;
            this.lineage = Collections.unmodifiableList(lineage);
            this.region = region;
        }

        /** Validates a registration request; every failure names its field. */
        static Description parse(JSONObject o) {
            String sha256 = Input.optionalDigest("sha256", Input.string(o, "sha256"));
            String sm3 = Input.optionalDigest("sm3", Input.string(o, "sm3"));
            if (sha256 == null && sm3 == null) {
                throw ErrorCode.INVALID_DIGEST.reject("at least one content digest is required: sha256 or sm3");
            }
            List<String> lineage = new java.util.ArrayList<>();
            if (!o.isNull("lineage")) {
                if (!(o.get("lineage") instanceof org.json.JSONArray)) {
                    throw ErrorCode.INVALID_ARGUMENT.reject("lineage must be an array of asset ids");
                }
                for (String id : Json.stringList(o, "lineage")) {
                    String checked = Input.id("lineage asset id", id);
                    if (!lineage.contains(checked)) {
                        lineage.add(checked);
                    }
                }
            }
            return new Description(
                    Input.text("title", Input.string(o, "title"), Input.SHORT_TEXT),
                    Input.optionalText("description", Input.string(o, "description"), Input.LONG_TEXT),
                    Input.text("industry", Input.string(o, "industry"), Input.SHORT_TEXT),
                    Input.choice("classification", Input.string(o, "classification"), Classification.class),
                    Input.text("format", Input.string(o, "format"), Input.SHORT_TEXT),
                    Input.nonNegative("sizeBytes", o),
                    Input.nonNegative("recordCount", o),
                    sha256, sm3,
                    Input.optionalDigest("manifestRoot", Input.string(o, "manifestRoot")),
                    lineage,
                    Input.text("region", Input.string(o, "region"), Input.SHORT_TEXT));
        }
    }

    final String id;
    final Description about;
    final String registrant;
    final Status status;
    final String pendingAct;
    final Freeze freeze;
    final Stamp lastAct;

    Asset(String id, Description about, String registrant, Status status, String pendingAct, Freeze freeze,
            Stamp lastAct) {
        this.id = id;
        this.about = about;
        this.registrant = registrant;
        this.status = status;
        this.pendingAct = pendingAct;
        this.freeze = freeze;
        this.lastAct = lastAct;
    }

    /** Refuses any act that needs an effective, unfrozen asset. */
    Asset mustBeUsable(String act) {
        if (status != Status.EFFECTIVE) {
            throw ErrorCode.ASSET_NOT_EFFECTIVE.reject("asset %s is %s, so it cannot be used to %s",
                    id, status.name().toLowerCase(java.util.Locale.ROOT), act);
        }
        if (freeze != null) {
            throw ErrorCode.ASSET_FROZEN.reject("asset %s is frozen by case %s, so it cannot be used to %s",
                    id, freeze.caseNumber, act);
        }
        return this;
    }

    Asset frozen(Freeze f, Stamp stamp) {
        if (freeze != null) {
            throw ErrorCode.ALREADY_FROZEN.reject("asset %s is already frozen by case %s", id, freeze.caseNumber);
        }
        return new Asset(id, about, registrant, status, pendingAct, f, stamp);
    }

    Asset unfrozen(String caseNumber, Stamp stamp) {
        checkUnfreeze("asset " + id, freeze, caseNumber);
        return new Asset(id, about, registrant, status, pendingAct, null, stamp);
    }

    static void checkUnfreeze(String what, Freeze freeze, String caseNumber) {
        if (freeze == null) {
            throw ErrorCode.NOT_FROZEN.reject("%s is not frozen", what);
        }
        if (!freeze.caseNumber.equals(caseNumber)) {
            throw ErrorCode.CASE_MISMATCH.reject("%s is frozen by case %s, not by case %s", what, freeze.caseNumber,
                    caseNumber);
        }
    }

    Asset settled(boolean effective, Stamp stamp) {
        return new Asset(id, about, registrant, effective ? Status.EFFECTIVE : Status.REJECTED, null, freeze, stamp);
    }

    String toJson() {
        return new Json().str("id", id).str("title", about.title).str("description", about.description)
                .str("industry", about.industry).str("classification", about.classification.name())
                .str("format", about.format).num("sizeBytes", about.sizeBytes).num("recordCount", about.recordCount)
                .str("sha256", about.sha256).str("sm3", about.sm3).str("manifestRoot", about.manifestRoot)
                .strings("lineage", about.lineage).str("region", about.region).str("registrant", registrant)
                .str("status", status.name()).str("pendingAct", pendingAct).obj("freeze", Freeze.toJson(freeze))
                .obj("lastAct", lastAct.toJson()).toString();
    }

    static Asset from(JSONObject o) {
        Description about = new Description(o.getString("title"), Json.optString(o, "description"),
                o.getString("industry"), Classification.valueOf(o.getString("classification")), o.getString("format"),
                o.getLong("sizeBytes"), o.getLong("recordCount"), Json.optString(o, "sha256"), Json.optString(o, "sm3"),
                Json.optString(o, "manifestRoot"), Json.stringList(o, "lineage"), o.getString("region"));
        return new Asset(o.getString("id"), about, o.getString("registrant"), Status.valueOf(o.getString("status")),
                Json.optString(o, "pendingAct"), Freeze.from(o.optJSONObject("freeze")),
                Stamp.from(o.getJSONObject("lastAct")));
    }
}
