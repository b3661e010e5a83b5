package org.dataright.service.query;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dataright.ledger.client.Parties;
import org.dataright.ledger.client.RightsContract;
import org.dataright.service.config.ApiException;
import org.dataright.service.config.PlainText;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The exchange's queries. Right ids contain {@code /}: clients encode it as {@code %2F}. Histories and
 * acts are paged with {@code page} (from 0) and {@code size} (1 to {@value #MAX_PAGE_SIZE}); rights by
 * holder are paged by the chaincode's bookmark.
 */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class QueryController {
    static final int MAX_PAGE_SIZE = 200;
    private static final String DEFAULT_SIZE = "50";

    private final RightsContract rights;
    private final Projections projections;

    QueryController(RightsContract rights, Projections projections) {
        this.rights = rights;
        this.projections = projections;
    }

    @GetMapping("/assets/{assetId}")
    JsonNode asset(@PathVariable @Size(min = 1, max = 200) String assetId) {
        return rights.asset(assetId);
    }

    @GetMapping("/assets/{assetId}/rights")
    JsonNode rightsOfAsset(@PathVariable @Size(min = 1, max = 200) String assetId) {
        return rights.rightsOfAsset(assetId);
    }

    @GetMapping("/assets/{assetId}/history")
    Page<JsonNode> assetHistory(@PathVariable @Size(min = 1, max = 200) String assetId,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = DEFAULT_SIZE) @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        return Page.of(known(list(rights.assetHistory(assetId)), "ASSET_NOT_FOUND", "asset", assetId), page, size);
    }

    @GetMapping("/rights/{rightId}")
    JsonNode right(@PathVariable @Size(min = 1, max = 300) String rightId) {
        return rights.right(rightId);
    }

    @GetMapping("/rights/{rightId}/history")
    Page<JsonNode> rightHistory(@PathVariable @Size(min = 1, max = 300) String rightId,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = DEFAULT_SIZE) @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        return Page.of(known(list(rights.rightHistory(rightId)), "RIGHT_NOT_FOUND", "right", rightId), page, size);
    }

    @GetMapping("/rights")
    JsonNode rightsByHolder(@RequestParam @NotBlank @Size(max = 4000) String holder,
            @RequestParam(defaultValue = DEFAULT_SIZE) @Min(1) @Max(MAX_PAGE_SIZE) int size,
            @RequestParam(defaultValue = "") @Size(max = 1000) String bookmark) {
        return rights.rightsByHolder(holder, size, bookmark);
    }

    @GetMapping("/acts")
    Page<Act> acts(@RequestParam @NotBlank @Size(max = 4000) String party,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = DEFAULT_SIZE) @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        checkParty(party);
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badRequest("INVALID_PARAMETER", "from (" + from + ") must be before to (" + to + ")");
        }
        return projections.acts(party, from, to, page, size);
    }

    /** The participant directory; with {@code q}, those whose name, handle or party id contains it (any case). */
    @GetMapping("/participants")
    List<Parties.Participant> participants(@RequestParam(defaultValue = "") @Size(max = 200) String q) {
        Parties parties = new Parties(rights);
        return q.isBlank() ? parties.all() : parties.search(q);
    }

    /** One participant by handle or party id (encode its {@code ,} {@code =} and spaces). */
    @GetMapping("/participants/{partyOrHandle}")
    Parties.Participant participant(@PathVariable @Size(min = 1, max = 4000) String partyOrHandle) {
        return new Parties(rights).show(partyOrHandle);
    }

    /**
     * Every key ever bound to a participant (handle or party id), oldest first: fingerprint, how it was bound,
     * from and until (transaction timestamps), how it ended and the transaction ids.
     */
    @GetMapping("/participants/{partyOrHandle}/keys")
    List<Parties.Key> participantKeys(@PathVariable @Size(min = 1, max = 4000) String partyOrHandle) {
        return new Parties(rights).keys(partyOrHandle);
    }

    /** Acts under review or in publicity: what the registrar reviews and anyone may object to. */
    @GetMapping("/acts/open")
    JsonNode openActs() {
        return rights.openActs();
    }

    /** A key that was never written has no history: 404, as for the record itself, not an empty page. */
    private static List<JsonNode> known(List<JsonNode> history, String code, String what, String id) {
        if (history.isEmpty()) {
            throw ApiException.notFound(code, "no " + what + " " + id + " is registered");
        }
        return history;
    }

    /** A party as the chaincode names one: {@code <MSP id>::<certificate subject>}, in plain text. */
    private static void checkParty(String party) {
        int separator = party.indexOf("::");
        String forbidden = PlainText.forbiddenCharacter(party);
        if (separator <= 0 || separator + 2 >= party.length() || forbidden != null) {
            String shown = forbidden != null ? "it holds an invisible or control character (" + forbidden + ")"
                    : "not '" + (party.length() > 100 ? party.substring(0, 100) + "…" : party) + "'";
            throw ApiException.badRequest("INVALID_PARAMETER", "party must be a party id, <MSP id>::<certificate subject>; "
                    + shown);
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
