package org.dataright.chaincode;

import java.time.Duration;
import org.json.JSONObject;

/** Whether registrations and transfers need the registrar's review, and how long publicity lasts. */
final class RegistryConfig {
    static final int MAX_PUBLICITY_DAYS = 365;
    /** Until the registrar configures it, acts take effect at once. */
    static final RegistryConfig DEFAULT = new RegistryConfig(false, Duration.ZERO, null);

    final boolean reviewRequired;
    /** How long publicity lasts: days as the law sets them, or shorter where the registrar decides (a test registry). */
    final Duration publicity;
    final Stamp lastAct;

    RegistryConfig(boolean reviewRequired, Duration publicity, Stamp lastAct) {
        if (publicity.isNegative() || publicity.compareTo(Duration.ofDays(MAX_PUBLICITY_DAYS)) > 0) {
            throw ErrorCode.INVALID_ARGUMENT.reject("publicity lasts 0 to %d days, not %s", MAX_PUBLICITY_DAYS,
                    Input.iso(publicity));
        }
        this.reviewRequired = reviewRequired;
        this.publicity = publicity;
        this.lastAct = lastAct;
    }

    /** With review and publicity both off, an act takes effect at once. */
    boolean immediate() {
        return !reviewRequired && publicity.isZero();
    }

    String toJson() {
        return new Json().bool("reviewRequired", reviewRequired).str("publicity", Input.iso(publicity))
                .obj("lastAct", lastAct == null ? null : lastAct.toJson()).toString();
    }

    static RegistryConfig from(JSONObject o) {
        JSONObject stamp = o.optJSONObject("lastAct");
        return new RegistryConfig(o.getBoolean("reviewRequired"), storedPublicity(o),
                stamp == null ? null : Stamp.from(stamp));
    }

    /** {@code publicity} (ISO-8601), or {@code publicityDays} as records written before periods had other units say it. */
    static Duration storedPublicity(JSONObject o) {
        return o.has("publicity") ? Duration.parse(o.getString("publicity")) : Duration.ofDays(o.getInt("publicityDays"));
    }
}
