package org.dataright.evidence.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.dataright.evidence.canonical.StrictJson;

/**
 * The act's legal status when the certificate was issued, as the issuer read it from the record the act
 * wrote: in effect, awaiting the registrar's review, in publicity (anyone may object) until a time, or
 * rejected. A certificate without a status (issued before the field existed) states none: "not stated".
 *
 * @param state         the status
 * @param publicityEnds when publicity ends, only for {@link State#IN_PUBLICITY}
 * @param actId         the pending act ({@code P-…}) whose review and publicity decide the status, or null
 *                      when none governs it (the act took effect when it was made)
 */
public record ActStatus(State state, Instant publicityEnds, String actId) {
    /** The legal status of an act. */
    public enum State {
        EFFECTIVE("EFFECTIVE", true),
        PENDING_REVIEW("PENDING REVIEW", false),
        IN_PUBLICITY("IN PUBLICITY", false),
        REJECTED("REJECTED", false);

        private final String words;
        private final boolean inEffect;

        State(String words, boolean inEffect) {
            this.words = words;
            this.inEffect = inEffect;
        }

        /** E.g. {@code PENDING REVIEW}. */
        public String words() {
            return words;
        }

        public boolean inEffect() {
            return inEffect;
        }
    }

    public ActStatus {
        if (state == null) {
            throw new IllegalArgumentException("a status needs its state");
        }
        if ((state == State.IN_PUBLICITY) != (publicityEnds != null)) {
            throw new IllegalArgumentException("publicityEnds is stated exactly when the act is IN_PUBLICITY");
        }
        if (actId != null && actId.isEmpty()) {
            throw new IllegalArgumentException("actId must be omitted rather than empty");
        }
    }

    public static ActStatus effective() {
        return new ActStatus(State.EFFECTIVE, null, null);
    }

    /** Whether the act had taken effect. */
    public boolean inEffect() {
        return state.inEffect();
    }

    /** E.g. {@code IN PUBLICITY until 2026-01-02T00:00:00Z}. */
    public String label() {
        return state == State.IN_PUBLICITY ? state.words() + " until " + publicityEnds : state.words();
    }

    /** E.g. {@code PENDING REVIEW — this act has not taken effect}. */
    public String describe() {
        return switch (state) {
            case EFFECTIVE -> label() + " — this act has taken effect";
            case PENDING_REVIEW -> label() + " — this act has not taken effect: it awaits the registrar's review";
            case IN_PUBLICITY -> label() + " — this act has not taken effect: objections may be filed until then";
            case REJECTED -> label() + " — this act did not take effect";
        };
    }

    /** For a verdict line: {@code act not in effect: pending review}, or null when the act is in effect. */
    public String notInEffect() {
        return inEffect() ? null : "act not in effect: " + state.words().toLowerCase(java.util.Locale.ROOT)
                + (publicityEnds == null ? "" : " until " + publicityEnds);
    }

    /**
     * The status a record of the chaincode shows: a pending act's record ({@code kind}, {@code stage}) by
     * its stage; an asset or right by its {@code status} ({@code REJECTED}) or, when a pending act
     * ({@code pendingAct}) governs it, by that act's stage ({@code actById} gives the act's record JSON,
     * or null when it cannot); anything else (licence, objection, evidence, configuration) is in effect.
     *
     * @throws IllegalArgumentException when the record is not JSON, or names a pending act that cannot be found
     */
    public static ActStatus derive(String recordJson, java.util.function.Function<String, String> actById) {
        JsonNode record = read(recordJson);
        if (record.hasNonNull("kind") && record.hasNonNull("stage")) {
            return ofAct(record);
        }
        if ("REJECTED".equals(record.path("status").asText(null))) {
            return new ActStatus(State.REJECTED, null, null);
        }
        String pending = record.path("pendingAct").asText(null);
        if (pending != null && !pending.isEmpty()) {
            String act = actById.apply(pending);
            if (act == null) {
                throw new IllegalArgumentException("the record names pending act " + pending + ", which cannot be read");
            }
            return ofAct(read(act));
        }
        return effective();
    }

    /** The status of a pending act's record ({@code {"id","stage","publicityEnds",…}}, as the chaincode writes it). */
    public static ActStatus ofAct(JsonNode act) {
        String id = act.path("id").asText(null);
        String stage = act.path("stage").asText("");
        return switch (stage) {
            case "REVIEW" -> new ActStatus(State.PENDING_REVIEW, null, id);
            case "PUBLICITY" -> new ActStatus(State.IN_PUBLICITY, Instant.parse(act.path("publicityEnds").asText()), id);
            case "EFFECTIVE" -> new ActStatus(State.EFFECTIVE, null, id);
            case "REJECTED" -> new ActStatus(State.REJECTED, null, id);
            default -> throw new IllegalArgumentException("act " + id + " has no known stage ('" + stage + "')");
        };
    }

    /** When a pending act's record last changed ({@code lastAct.at}), or null. */
    public static Instant lastChanged(JsonNode act) {
        String at = act.path("lastAct").path("at").asText(null);
        return at == null ? null : Instant.parse(at);
    }

    private static JsonNode read(String json) {
        try {
            JsonNode node = StrictJson.MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the record is not a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the record is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static ActStatus fromJson(ObjectNode o, String path) {
        StrictJson.onlyFields(o, path, "state", "publicityEnds", "actId");
        String name = StrictJson.text(o, path, "state");
        State state;
        try {
            state = State.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ".state: '" + name + "' is not a status", e);
        }
        try {
            return new ActStatus(state, o.has("publicityEnds") ? StrictJson.instant(o, path, "publicityEnds") : null,
                    StrictJson.optionalText(o, path, "actId"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /** {@code {"state":…, "publicityEnds":…, "actId":…}}, the absent ones left out. */
    public void toJson(ObjectNode o) {
        o.put("state", state.name());
        if (publicityEnds != null) {
            o.put("publicityEnds", publicityEnds.toString());
        }
        if (actId != null) {
            o.put("actId", actId);
        }
    }
}
