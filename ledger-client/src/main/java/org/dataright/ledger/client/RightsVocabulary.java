package org.dataright.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rights contract's names as the chaincode publishes them ({@code chaincode/src/main/resources/
 * rights-contract.json}, kept true to the chaincode's enums by its own test): transactions, acts
 * (event names), roles, right types, evidence kinds, asset classifications, error codes. Clients take
 * these names from here instead of copying them.
 */
public record RightsVocabulary(List<String> submitTransactions, List<String> evaluateTransactions, List<String> acts,
        List<String> roles, List<String> rightTypes, List<String> evidenceKinds, List<String> classifications,
        List<String> errorCodes) {
    private static final String RESOURCE = "rights-contract.json";
    private static final RightsVocabulary CONTRACT = load();

    public RightsVocabulary {
        submitTransactions = List.copyOf(submitTransactions);
        evaluateTransactions = List.copyOf(evaluateTransactions);
        acts = List.copyOf(acts);
        roles = List.copyOf(roles);
        rightTypes = List.copyOf(rightTypes);
        evidenceKinds = List.copyOf(evidenceKinds);
        classifications = List.copyOf(classifications);
        errorCodes = List.copyOf(errorCodes);
    }

    /** The vocabulary of the rights contract this client was built with. */
    public static RightsVocabulary contract() {
        return CONTRACT;
    }

    private static RightsVocabulary load() {
        try (InputStream in = RightsVocabulary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the ledger client's jar");
            }
            JsonNode root = Json.MAPPER.readTree(in);
            return new RightsVocabulary(names(root, "submitTransactions"), names(root, "evaluateTransactions"),
                    names(root, "acts"), names(root, "roles"), names(root, "rightTypes"), names(root, "evidenceKinds"),
                    names(root, "classifications"), names(root, "errorCodes"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    private static List<String> names(JsonNode root, String field) {
        JsonNode list = root.path(field);
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " has no " + field);
        }
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.asText()));
        return names;
    }
}
