package org.dataright.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.dataright.ledger.client.LedgerException.Reason;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * {@link RightsContract} over fabric-gateway. The one place that catches fabric-gateway's
 * {@code EndorseException}, {@code SubmitException} and {@code CommitStatusException} (a transaction
 * that commits invalid comes back as a status, so there is no {@code CommitException} to catch); an
 * MVCC read conflict is retried with a new proposal, so a new transaction id, nothing else is.
 */
final class GatewayRightsContract implements RightsContract {
    private final Contract contract;
    private final LedgerEndpoint endpoint;
    private final int attempts;

    GatewayRightsContract(Contract contract, LedgerEndpoint endpoint, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt, not " + attempts);
        }
        this.contract = contract;
        this.endpoint = endpoint;
        this.attempts = attempts;
    }

    // ---- acts ----

    @Override
    public Committed registerAsset(String descriptionJson) {
        return submit("registerAsset", descriptionJson);
    }

    @Override
    public Committed registerAssets(String descriptionsJson) {
        return submit("registerAssets", descriptionsJson);
    }

    @Override
    public Committed registerRight(String assetId, String rightType, String claim) {
        return submit("registerRight", assetId, rightType, orEmpty(claim));
    }

    @Override
    public Committed offerTransfer(String rightId, String receiver, String contractDigest, String expiresAt) {
        return submit("offerTransfer", rightId, receiver, contractDigest, expiresAt);
    }

    @Override
    public Committed acceptTransfer(String rightId) {
        return submit("acceptTransfer", rightId);
    }

    @Override
    public Committed rejectTransfer(String rightId) {
        return submit("rejectTransfer", rightId);
    }

    @Override
    public Committed cancelTransfer(String rightId) {
        return submit("cancelTransfer", rightId);
    }

    @Override
    public Committed grantLicence(String assetId, String rightType, String licensee, String termsJson, String parentLicenceId) {
        return submit("grantLicence", assetId, rightType, licensee, termsJson, orEmpty(parentLicenceId));
    }

    @Override
    public Committed revokeLicence(String licenceId, String reason) {
        return submit("revokeLicence", licenceId, reason);
    }

    @Override
    public Committed pledge(String rightId, String pledgee, String contractDigest) {
        return submit("pledge", rightId, pledgee, contractDigest);
    }

    @Override
    public Committed releasePledge(String rightId) {
        return submit("releasePledge", rightId);
    }

    @Override
    public Committed freeze(String target, String caseNumber, String orderDigest) {
        return submit("freeze", target, caseNumber, orderDigest);
    }

    @Override
    public Committed unfreeze(String target, String caseNumber) {
        return submit("unfreeze", target, caseNumber);
    }

    @Override
    public Committed fileObjection(String actId, String grounds, String evidenceDigest) {
        return submit("fileObjection", actId, grounds, orEmpty(evidenceDigest));
    }

    @Override
    public Committed resolveObjection(String objectionId, boolean upheld, String reason) {
        return submit("resolveObjection", objectionId, Boolean.toString(upheld), reason);
    }

    @Override
    public Committed configureRegistry(boolean reviewRequired, java.time.Duration publicity) {
        // Whole days as P<n>D, so that the contract's answers name the period as it was given.
        long seconds = publicity.getSeconds();
        String period = publicity.getNano() == 0 && seconds % 86_400 == 0 ? "P" + seconds / 86_400 + "D" : publicity.toString();
        return submit("configureRegistry", Boolean.toString(reviewRequired), period);
    }

    @Override
    public Committed reviewAct(String actId, boolean approve, String reason) {
        return submit("reviewAct", actId, Boolean.toString(approve), orEmpty(reason));
    }

    @Override
    public Committed takeEffect(String actId) {
        return submit("takeEffect", actId);
    }

    @Override
    public Committed anchorEvidence(String assetId, String kind, String sha256, String sm3, String description) {
        return submit("anchorEvidence", assetId, kind, orEmpty(sha256), orEmpty(sm3), orEmpty(description));
    }

    @Override
    public Committed registerParticipant(String partyId, String name, String handle, String roles, String certificatePem) {
        return submit("registerParticipant", partyId, name, handle, roles, orEmpty(certificatePem));
    }

    @Override
    public Committed changeParticipant(String partyId, String name, String handle, String roles, String status) {
        return submit("changeParticipant", partyId, orEmpty(name), orEmpty(handle), orEmpty(roles), orEmpty(status));
    }

    @Override
    public Committed renewKey(String certificatePem) {
        return submit("renewKey", certificatePem);
    }

    @Override
    public Committed rebindKey(String partyId, String certificatePem, String reason) {
        return submit("rebindKey", partyId, certificatePem, reason);
    }

    @Override
    public Committed revokeKey(String partyId, String fingerprint, String reason) {
        return submit("revokeKey", partyId, fingerprint, reason);
    }

    // ---- queries ----

    @Override
    public JsonNode asset(String assetId) {
        return evaluate("getAsset", assetId);
    }

    @Override
    public JsonNode right(String rightId) {
        return evaluate("getRight", rightId);
    }

    @Override
    public JsonNode rightsOfAsset(String assetId) {
        return evaluate("getRightsOfAsset", assetId);
    }

    @Override
    public JsonNode licence(String licenceId) {
        return evaluate("getLicence", licenceId);
    }

    @Override
    public JsonNode licencesOfAsset(String assetId) {
        return evaluate("getLicencesOfAsset", assetId);
    }

    @Override
    public JsonNode evidenceOfAsset(String assetId) {
        return evaluate("getEvidenceOfAsset", assetId);
    }

    @Override
    public JsonNode act(String actId) {
        return evaluate("getAct", actId);
    }

    @Override
    public JsonNode objection(String objectionId) {
        return evaluate("getObjection", objectionId);
    }

    @Override
    public JsonNode openActs() {
        return evaluate("getOpenActs");
    }

    @Override
    public JsonNode participant(String partyOrHandle) {
        return evaluate("getParticipant", partyOrHandle);
    }

    @Override
    public JsonNode participants() {
        return evaluate("getParticipants");
    }

    @Override
    public JsonNode checkParticipantName(String name) {
        return evaluate("checkParticipantName", name);
    }

    @Override
    public JsonNode registryConfig() {
        return evaluate("getRegistryConfig");
    }

    @Override
    public JsonNode assetByDigest(String algorithm, String digest) {
        return evaluate("findAssetByDigest", algorithm, digest);
    }

    @Override
    public JsonNode rightsByHolder(String holder, int pageSize, String bookmark) {
        return evaluate("getRightsByHolder", holder, Integer.toString(pageSize), orEmpty(bookmark));
    }

    @Override
    public JsonNode assetHistory(String assetId) {
        return evaluate("getAssetHistory", assetId);
    }

    @Override
    public JsonNode rightHistory(String rightId) {
        return evaluate("getRightHistory", rightId);
    }

    // ---- the gateway calls ----

    private Committed submit(String function, String... args) {
        for (int attempt = 1;; attempt++) {
            Status status;
            SubmittedTransaction submitted;
            try {
                Transaction endorsed = contract.newProposal(function).addArguments(args).build().endorse();
                submitted = endorsed.submitAsync();
                status = submitted.getStatus();
            } catch (EndorseException | SubmitException | CommitStatusException e) {
                throw GatewayFailures.classify(e, function, endpoint);
            }
            if (status.isSuccessful()) {
                return new Committed(status.getTransactionId(), status.getBlockNumber(), Json.answer(submitted.getResult()));
            }
            if (status.getCode() != TxValidationCode.MVCC_READ_CONFLICT || attempt == attempts) {
                throw notCommitted(function, status, attempt);
            }
            // Another transaction changed what this one read: a new proposal reads the new state.
        }
    }

    private static LedgerException notCommitted(String function, Status status, int attempts) {
        String sentence = status.getCode() == TxValidationCode.MVCC_READ_CONFLICT
                ? function + " lost a race with another transaction " + (attempts == 1 ? "" : attempts + " times ")
                        + "(last " + status.getTransactionId() + ", block " + status.getBlockNumber() + ")"
                : "transaction " + status.getTransactionId() + " (" + function + ") was ordered into block "
                        + status.getBlockNumber() + " but not committed: validation code " + status.getCode();
        return LedgerException.notCommitted(status.getCode(), sentence, status.getTransactionId(), status.getBlockNumber());
    }

    private JsonNode evaluate(String function, String... args) {
        byte[] answer;
        try {
            answer = contract.evaluateTransaction(function, args);
        } catch (GatewayException e) {
            throw GatewayFailures.classify(e, function, endpoint);
        }
        try {
            return Json.MAPPER.readTree(answer);
        } catch (IOException e) {
            throw new LedgerException(Reason.UNREADABLE_ANSWER, "the chaincode's " + function + " did not answer JSON", null, e);
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
