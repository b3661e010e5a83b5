package org.dataright.service.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.dataright.service.config.ApiException;
import org.dataright.service.ledger.Ledgers;
import org.hyperledger.fabric.client.GatewayException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The typed adapter to the rights contract's queries: evaluate calls in, JSON out, chaincode codes kept. */
@Component
public class RightsQueries {
    private final Ledgers ledgers;
    private final ObjectMapper json;

    public RightsQueries(Ledgers ledgers, ObjectMapper json) {
        this.ledgers = ledgers;
        this.json = json;
    }

    public JsonNode asset(String assetId) {
        return evaluate("getAsset", assetId);
    }

    public JsonNode right(String rightId) {
        return evaluate("getRight", rightId);
    }

    public JsonNode rightsOfAsset(String assetId) {
        return evaluate("getRightsOfAsset", assetId);
    }

    public JsonNode assetHistory(String assetId) {
        return evaluate("getAssetHistory", assetId);
    }

    public JsonNode rightHistory(String rightId) {
        return evaluate("getRightHistory", rightId);
    }

    /** {@code {"records":[…],"fetched":n,"bookmark":"…"}}. */
    public JsonNode rightsByHolder(String holder, int pageSize, String bookmark) {
        return evaluate("getRightsByHolder", holder, Integer.toString(pageSize), bookmark == null ? "" : bookmark);
    }

    private JsonNode evaluate(String function, String... args) {
        byte[] result;
        try {
            result = ledgers.connection().contract().evaluateTransaction(function, args);
        } catch (GatewayException e) {
            throw Ledgers.translate(e);
        }
        try {
            return json.readTree(result);
        } catch (IOException e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "LEDGER_ERROR", "the chaincode's " + function + " did not answer JSON", e);
        }
    }
}
