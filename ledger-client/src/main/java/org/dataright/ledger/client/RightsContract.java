package org.dataright.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rights contract, typed: one method per transaction of the chaincode, arguments as it takes
 * them, the record it answers as JSON. Acts are endorsed, ordered and committed before they return;
 * queries are evaluated on one peer. Every failure is a {@link LedgerException}; a contract's refusal
 * keeps its error code. {@link LedgerConnection#rights()} gives the one over fabric-gateway; tests
 * that cannot run a ledger fake this interface.
 */
public interface RightsContract {

    // ---- acts ----

    Committed registerAsset(String descriptionJson);

    /** The most data assets the chaincode registers in one {@link #registerAssets} transaction. */
    int MAX_BATCH = 500;

    /**
     * Registers a batch of data assets in one transaction: a JSON array of descriptions, each as
     * {@link #registerAsset} takes one; the result is the array of asset records, in order. One refused item
     * refuses the batch with that item's code and the message {@code <CODE>: item <index>: …}.
     */
    Committed registerAssets(String descriptionsJson);

    /** {@code claim} may be null (no claim). */
    Committed registerRight(String assetId, String rightType, String claim);

    Committed offerTransfer(String rightId, String receiver, String contractDigest, String expiresAt);

    Committed acceptTransfer(String rightId);

    Committed rejectTransfer(String rightId);

    Committed cancelTransfer(String rightId);

    /** {@code parentLicenceId} is null for a licence that is no sublicence. */
    Committed grantLicence(String assetId, String rightType, String licensee, String termsJson, String parentLicenceId);

    Committed revokeLicence(String licenceId, String reason);

    Committed pledge(String rightId, String pledgee, String contractDigest);

    Committed releasePledge(String rightId);

    /** {@code target} is an asset id or a right id. */
    Committed freeze(String target, String caseNumber, String orderDigest);

    Committed unfreeze(String target, String caseNumber);

    /** {@code evidenceDigest} may be null. */
    Committed fileObjection(String actId, String grounds, String evidenceDigest);

    Committed resolveObjection(String objectionId, boolean upheld, String reason);

    /** {@code publicity}: days as the law sets them, or shorter in whole seconds (a registry under test); zero for none. */
    Committed configureRegistry(boolean reviewRequired, java.time.Duration publicity);

    /** {@code reason} may be null. */
    Committed reviewAct(String actId, boolean approve, String reason);

    Committed takeEffect(String actId);

    /** Either digest may be null, not both; {@code description} may be null. */
    Committed anchorEvidence(String assetId, String kind, String sha256, String sm3, String description);

    /**
     * {@code roles} is a comma-separated list of role labels ({@code enterprise,bank}); {@code certificatePem}
     * is the certificate the participant enrolled with, whose key the directory pins (null: none yet, so its
     * first act binds the key it signs with).
     */
    Committed registerParticipant(String partyId, String name, String handle, String roles, String certificatePem);

    /** Null or empty keeps a field; {@code status} is {@code ACTIVE} or {@code SUSPENDED}. */
    Committed changeParticipant(String partyId, String name, String handle, String roles, String status);

    /** The caller, signing with its current key, binds the key of its new certificate (same subject). */
    Committed renewKey(String certificatePem);

    /** The registrar binds a participant's new key without the old one; every current key stops. */
    Committed rebindKey(String partyId, String certificatePem, String reason);

    /** The registrar revokes a participant's current key ({@code fingerprint}: hex SHA-256 of its SubjectPublicKeyInfo). */
    Committed revokeKey(String partyId, String fingerprint, String reason);

    // ---- queries ----

    JsonNode asset(String assetId);

    JsonNode right(String rightId);

    JsonNode rightsOfAsset(String assetId);

    JsonNode licence(String licenceId);

    JsonNode licencesOfAsset(String assetId);

    JsonNode evidenceOfAsset(String assetId);

    /** A pending act ({@code P-…}). */
    JsonNode act(String actId);

    JsonNode objection(String objectionId);

    /** The acts under review or in publicity. */
    JsonNode openActs();

    /** A participant by party id or handle. */
    JsonNode participant(String partyOrHandle);

    /** The whole participant directory. */
    JsonNode participants();

    /**
     * A display name as the directory would store it ({@code {"name":"…"}}); refused with
     * {@code NAME_CONFUSABLE} when it looks like another participant's, or a {@code TEXT_…} code.
     */
    JsonNode checkParticipantName(String name);

    JsonNode registryConfig();

    /** The asset registered with a content digest; {@code algorithm} is {@code sha256} or {@code sm3}. */
    JsonNode assetByDigest(String algorithm, String digest);

    /** {@code {"records":[…],"fetched":n,"bookmark":"…"}}; {@code bookmark} null for the first page. */
    JsonNode rightsByHolder(String holder, int pageSize, String bookmark);

    /** Every version of the asset's record, oldest first. */
    JsonNode assetHistory(String assetId);

    /** Every version of the right's record, oldest first. */
    JsonNode rightHistory(String rightId);
}
