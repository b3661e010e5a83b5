package org.dataright.chaincode;

import org.json.JSONObject;

/** Whether registrations and transfers need the registrar's review, and how long publicity lasts. */
final class RegistryConfig {
    static final int MAX_PUBLICITY_DAYS = 365;
    /** Until the registrar configures it, acts take effect at once. */
    static final RegistryConfig DEFAULT = new RegistryConfig(false, 0, null);

    final boolean reviewRequired;
    final int publicityDays;
    final Stamp lastAct;

    RegistryConfig(boolean reviewRequired, int publicityDays, Stamp lastAct) {
        if (publicityDays < 0 || publicityDays > MAX_PUBLICITY_DAYS) {
            throw ErrorCode.INVALID_ARGUMENT.reject("publicity lasts 0 to %d days, not %d", MAX_PUBLICITY_DAYS,
                    publicityDays);
        }
        this.reviewRequired = reviewRequired;
        this.publicityDays = publicityDays;
        this.lastAct = lastAct;
    }

    /** With review and publicity both off, an act takes effect at once. */
    boolean immediate() {
        return !reviewRequired && publicityDays == 0;
    }

    String toJson() {
        return new Json().bool("reviewRequired", reviewRequired).num("publicityDays", publicityDays)
                .obj("lastAct", lastAct == null ? null : lastAct.toJson()).toString();
    }

    static RegistryConfig from(JSONObject o) {
        JSONObject stamp = o.optJSONObject("lastAct");
        return new RegistryConfig(o.getBoolean("reviewRequired"), o.getInt("publicityDays"),
                stamp == null ? null : Stamp.from(stamp));
    }
}
