package org.dataright.evidence.certificate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a chaincode event's payload says a transaction did. An act's payload names its ids
 * ({@code assetId}, {@code rightId}, {@code actId}, {@code recordKey}); a batch's (the chaincode's
 * {@code REGISTER_ASSETS}) lists one such entry per data asset under {@code assets}, and each of those
 * assets gets its own certificate, whose id names the asset as well as the transaction.
 */
public final class ActEvents {
    /** The payload field of a batch: one entry per data asset, each as one act's payload. */
    public static final String ASSETS = "assets";

    private ActEvents() {
    }

    /** Whether the payload is a batch's, listing several data assets. */
    public static boolean isBatch(JsonNode payload) {
        return payload != null && payload.has(ASSETS);
    }

    /**
     * The entry that states {@code assetId}: the payload itself for an act on one asset, the asset's
     * entry in a batch; null when a batch lists no such asset (or lists it twice).
     */
    public static JsonNode entryFor(JsonNode payload, String assetId) {
        if (!isBatch(payload)) {
            return payload;
        }
        JsonNode found = null;
        for (JsonNode entry : payload.path(ASSETS)) {
            if (assetId != null && assetId.equals(entry.path("assetId").asText(null))) {
                if (found != null) {
                    return null;
                }
                found = entry;
            }
        }
        return found;
    }
}
