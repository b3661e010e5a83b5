package org.dataright.cli.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.dataright.cli.base.Output;
import org.dataright.evidence.log.TlogPolicy;
import org.dataright.evidence.map.Standing;

/**
 * A verified standing as a register extract in words: for the data asset and each right, holder,
 * status, open offer, pledge and freeze — "none" stated as plainly as a pledge, since a proven absence is
 * what a bank asks for — then licences and evidence, as of the checkpoint.
 */
final class StandingReport {
    private StandingReport() {
    }

    static List<String> lines(Standing.Extract extract, TlogPolicy.Verified checkpoint) {
        List<String> out = new ArrayList<>();
        String asOf = "checkpoint " + extract.checkpoint().size() + " of " + extract.checkpoint().origin()
                + (checkpoint.cosigners().isEmpty() ? "" : ", witnessed by " + String.join(", ", checkpoint.cosigners()));
        if (!extract.registered()) {
            out.add("Data asset " + extract.assetId() + ": NOT REGISTERED as of " + asOf
                    + " (the state map proves it absent)");
            return out;
        }
        out.add("Standing of data asset " + extract.assetId() + " as of " + asOf);
        for (JsonNode asset : extract.ofType("asset")) {
            out.add("  Data asset: \"" + asset.path("title").asText() + "\", status " + asset.path("status").asText()
                    + ", registrant " + asset.path("registrant").asText());
            out.add("    freeze: " + freeze(asset.path("freeze")));
        }
        for (JsonNode right : extract.ofType("right")) {
            out.add("  Right " + right.path("id").asText() + ": holder " + right.path("holder").asText() + ", status "
                    + right.path("status").asText());
            JsonNode offer = right.path("offer");
            out.add("    open offer: " + (present(offer) ? "to " + offer.path("receiver").asText() + " until "
                    + offer.path("expiresAt").asText() : "none"));
            JsonNode pledge = right.path("pledge");
            out.add("    pledge: " + (present(pledge) ? "to " + pledge.path("pledgee").asText() + " since "
                    + pledge.path("since").asText() : "none"));
            out.add("    freeze: " + freeze(right.path("freeze")));
        }
        List<JsonNode> licences = extract.ofType("licence");
        out.add("  Licences: " + (licences.isEmpty() ? "none" : licences.size()));
        for (JsonNode l : licences) {
            out.add("    " + l.path("id").asText() + " " + l.path("rightType").asText() + " to " + l.path("licensee").asText()
                    + ", " + l.path("status").asText());
        }
        out.add("  Evidence records: " + extract.ofType("evidence").size());
        return out;
    }

    static ObjectNode json(Standing.Extract extract, TlogPolicy.Verified checkpoint) {
        ObjectNode node = Output.object();
        node.put("assetId", extract.assetId());
        node.put("registered", extract.registered());
        node.put("checkpointSize", extract.checkpoint().size());
        node.put("origin", extract.checkpoint().origin());
        ArrayNode witnesses = node.putArray("witnessedBy");
        checkpoint.cosigners().forEach(witnesses::add);
        ArrayNode records = node.putArray("records");
        extract.records().forEach(records::add);
        return node;
    }

    private static String freeze(JsonNode freeze) {
        return present(freeze) ? "case " + freeze.path("caseNumber").asText() + " by " + freeze.path("court").asText()
                + " since " + freeze.path("since").asText() : "none";
    }

    private static boolean present(JsonNode node) {
        return !node.isMissingNode() && !node.isNull();
    }
}
