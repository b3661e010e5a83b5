package org.dataright.cli.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dataright.cli.CliException;
import org.dataright.cli.Output;
import org.dataright.cli.identity.StoredIdentity;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The typed adapter to the {@code rights} contract: domain calls in, contract calls out, records back.
 * The one place that catches fabric-gateway's exceptions: a chaincode rejection becomes its error code
 * (exit 3), an unreachable endpoint exit 4, and an MVCC read conflict is retried with a fresh proposal.
 * One gRPC channel and one gateway, closed in that order.
 */
public final class RightsLedger implements AutoCloseable {
    /** Attempts of a submit that loses an MVCC race, each with a new proposal (new transaction id). */
    static final int MAX_ATTEMPTS = 3;
    static final long EVALUATE_SECONDS = 30;
    static final long ENDORSE_SECONDS = 60;
    static final long SUBMIT_SECONDS = 30;
    static final long COMMIT_STATUS_SECONDS = 120;
    private static final Pattern CHAINCODE_ERROR =
            Pattern.compile("\\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+): (.+)", Pattern.DOTALL);

    private final LedgerEndpoint endpoint;
    private final ManagedChannel channel;
    private final Gateway gateway;
    private final Network network;
    private final Contract contract;

    public RightsLedger(LedgerEndpoint endpoint, StoredIdentity identity) {
        this.endpoint = endpoint;
        PrivateKey key = identity.privateKey();
        this.channel = openChannel(endpoint);
        try {
            this.gateway = connect(channel, identity, key);
        } catch (RuntimeException e) {
            channel.shutdownNow();
            throw e;
        }
        this.network = gateway.getNetwork(endpoint.channel());
        this.contract = network.getContract(endpoint.chaincode());
    }

    private static Gateway connect(ManagedChannel channel, StoredIdentity identity, PrivateKey key) {
        return Gateway.newInstance()
                .identity(new X509Identity(identity.mspId(), identity.certificate()))
                // The whole message goes to the signer, which hashes with SHA-256 and signs low-S, as Fabric requires.
                .hash(Hash.NONE)
                .signer(message -> LowSEcdsa.sign(key, message))
                .connection(channel)
                .evaluateOptions(o -> o.withDeadlineAfter(EVALUATE_SECONDS, TimeUnit.SECONDS))
                .endorseOptions(o -> o.withDeadlineAfter(ENDORSE_SECONDS, TimeUnit.SECONDS))
                .submitOptions(o -> o.withDeadlineAfter(SUBMIT_SECONDS, TimeUnit.SECONDS))
                .commitStatusOptions(o -> o.withDeadlineAfter(COMMIT_STATUS_SECONDS, TimeUnit.SECONDS))
                .connect();
    }

    private static ManagedChannel openChannel(LedgerEndpoint endpoint) {
        ChannelCredentials credentials;
        if (endpoint.tlsRootPem() == null) {
            credentials = InsecureChannelCredentials.create();
        } else {
            try {
                credentials = TlsChannelCredentials.newBuilder()
                        .trustManager(new ByteArrayInputStream(endpoint.tlsRootPem().getBytes(StandardCharsets.US_ASCII)))
                        .build();
            } catch (IOException | IllegalArgumentException e) {
                throw CliException.usage("TLS_ROOT_INVALID", "the TLS root certificate for " + endpoint.target()
                        + " cannot be used: " + e.getMessage(), "check the connection profile's tlsCACerts");
            }
        }
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(endpoint.target(), credentials);
        if (endpoint.authorityOverride() != null) {
            builder.overrideAuthority(endpoint.authorityOverride());
        }
        return builder.build();
    }

    // ---- acts ----

    public Committed registerAsset(String descriptionJson) {
        return submit("registerAsset", descriptionJson);
    }

    public Committed registerRight(String assetId, String rightType, String claim) {
        return submit("registerRight", assetId, rightType, claim == null ? "" : claim);
    }

    public Committed offerTransfer(String rightId, String receiver, String contractDigest, String expiresAt) {
        return submit("offerTransfer", rightId, receiver, contractDigest, expiresAt);
    }

    public Committed acceptTransfer(String rightId) {
        return submit("acceptTransfer", rightId);
    }

    public Committed rejectTransfer(String rightId) {
        return submit("rejectTransfer", rightId);
    }

    public Committed cancelTransfer(String rightId) {
        return submit("cancelTransfer", rightId);
    }

    public Committed grantLicence(String assetId, String rightType, String licensee, String termsJson, String parent) {
        return submit("grantLicence", assetId, rightType, licensee, termsJson, parent == null ? "" : parent);
    }

    public Committed revokeLicence(String licenceId, String reason) {
        return submit("revokeLicence", licenceId, reason);
    }

    public Committed pledge(String rightId, String pledgee, String contractDigest) {
        return submit("pledge", rightId, pledgee, contractDigest);
    }

    public Committed releasePledge(String rightId) {
        return submit("releasePledge", rightId);
    }

    public Committed freeze(String target, String caseNumber, String orderDigest) {
        return submit("freeze", target, caseNumber, orderDigest);
    }

    public Committed unfreeze(String target, String caseNumber) {
        return submit("unfreeze", target, caseNumber);
    }

    public Committed fileObjection(String actId, String grounds, String evidenceDigest) {
        return submit("fileObjection", actId, grounds, evidenceDigest == null ? "" : evidenceDigest);
    }

    public Committed resolveObjection(String objectionId, boolean upheld, String reason) {
        return submit("resolveObjection", objectionId, Boolean.toString(upheld), reason);
    }

    public Committed configureRegistry(boolean reviewRequired, int publicityDays) {
        return submit("configureRegistry", Boolean.toString(reviewRequired), Integer.toString(publicityDays));
    }

    public Committed reviewAct(String actId, boolean approve, String reason) {
        return submit("reviewAct", actId, Boolean.toString(approve), reason == null ? "" : reason);
    }

    public Committed takeEffect(String actId) {
        return submit("takeEffect", actId);
    }

    public Committed anchorEvidence(String assetId, String kind, String sha256, String sm3, String description) {
        return submit("anchorEvidence", assetId, kind, sha256 == null ? "" : sha256, sm3 == null ? "" : sm3,
                description == null ? "" : description);
    }

    // ---- queries ----

    public JsonNode asset(String assetId) {
        return evaluate("getAsset", assetId);
    }

    public JsonNode rightsOfAsset(String assetId) {
        return evaluate("getRightsOfAsset", assetId);
    }

    public JsonNode licencesOfAsset(String assetId) {
        return evaluate("getLicencesOfAsset", assetId);
    }

    public JsonNode evidenceOfAsset(String assetId) {
        return evaluate("getEvidenceOfAsset", assetId);
    }

    /** The asset registered with a content digest ({@code sha256} or {@code sm3}). */
    public JsonNode assetByDigest(String algorithm, String digest) {
        return evaluate("findAssetByDigest", algorithm, digest);
    }

    public JsonNode right(String rightId) {
        return evaluate("getRight", rightId);
    }

    public JsonNode assetHistory(String assetId) {
        return evaluate("getAssetHistory", assetId);
    }

    public JsonNode rightHistory(String rightId) {
        return evaluate("getRightHistory", rightId);
    }

    public JsonNode rightsByHolder(String holder, int pageSize, String bookmark) {
        return evaluate("getRightsByHolder", holder, Integer.toString(pageSize), bookmark == null ? "" : bookmark);
    }

    /** qscc {@code GetChainInfo}: height and the current and previous block hashes. */
    public BlockchainInfo chainInfo() {
        byte[] bytes = evaluateRaw(network.getContract("qscc"), "GetChainInfo", endpoint.channel());
        try {
            return BlockchainInfo.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw CliException.rejected("LEDGER_ERROR", "the peer's chain info is not a BlockchainInfo: " + e.getMessage(), null);
        }
    }

    /** qscc {@code GetBlockByNumber}. */
    public Block block(long number) {
        byte[] bytes = evaluateRaw(network.getContract("qscc"), "GetBlockByNumber", endpoint.channel(),
                Long.toUnsignedString(number));
        try {
            return Block.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw CliException.rejected("LEDGER_ERROR", "the peer's block " + number + " is not a Block: " + e.getMessage(), null);
        }
    }

    // ---- the gateway calls ----

    private Committed submit(String function, String... args) {
        for (int attempt = 1;; attempt++) {
            String txId = null;
            try {
                var transaction = contract.newProposal(function).addArguments(args).build().endorse();
                txId = transaction.getTransactionId();
                SubmittedTransaction submitted = transaction.submitAsync();
                Status status = submitted.getStatus();
                if (status.isSuccessful()) {
                    return new Committed(status.getTransactionId(), status.getBlockNumber(), parse(submitted.getResult()));
                }
                if (status.getCode() == TxValidationCode.MVCC_READ_CONFLICT && attempt < MAX_ATTEMPTS) {
                    continue;
                }
                throw notCommitted(function, status.getTransactionId(), status.getCode(), attempt);
            } catch (EndorseException | SubmitException e) {
                throw rejection(e, function);
            } catch (CommitStatusException e) {
                throw CliException.cannotConnect("COMMIT_STATUS_UNKNOWN", "transaction " + txId
                        + " was sent to the orderer but its commit status could not be read: " + describe(e),
                        "check with 'dpr asset history' whether it was committed before trying again", e);
            }
        }
    }

    private static CliException notCommitted(String function, String txId, TxValidationCode code, int attempts) {
        if (code == TxValidationCode.MVCC_READ_CONFLICT) {
            return CliException.rejected(code.name(), function + " lost a race with another transaction "
                    + attempts + " times (last " + txId + ")", "try again in a moment");
        }
        return CliException.rejected(code.name(), "transaction " + txId + " (" + function
                + ") was ordered but not committed: validation code " + code, "ask the network operator");
    }

    private JsonNode evaluate(String function, String... args) {
        return parse(evaluateRaw(contract, function, args));
    }

    private byte[] evaluateRaw(Contract target, String function, String... args) {
        try {
            return target.evaluateTransaction(function, args);
        } catch (GatewayException e) {
            throw rejection(e, function);
        }
    }

    private CliException rejection(GatewayException e, String function) {
        for (ErrorDetail detail : e.getDetails()) {
            CliException chaincode = chaincodeError(detail.getMessage());
            if (chaincode != null) {
                return chaincode;
            }
        }
        io.grpc.Status.Code code = e.getStatus().getCode();
        if (code == io.grpc.Status.Code.UNAVAILABLE || code == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
            return CliException.cannotConnect("LEDGER_UNREACHABLE", "the ledger endpoint " + endpoint.target()
                    + " cannot be reached (" + describe(e) + ")",
                    "start the registry (embedded) or check the peer in your connection profile", e);
        }
        String description = e.getStatus().getDescription();
        CliException chaincode = description == null ? null : chaincodeError(description);
        if (chaincode != null) {
            return chaincode;
        }
        StringBuilder details = new StringBuilder(describe(e));
        e.getDetails().forEach(d -> details.append("; ").append(d.getMspId()).append(": ").append(d.getMessage()));
        return CliException.rejected("LEDGER_REJECTED", function + " was refused: " + details, NOTHING_RECORDED);
    }

    private static String describe(GatewayException e) {
        String description = e.getStatus().getDescription();
        return e.getStatus().getCode() + (description == null ? "" : ": " + description);
    }

    /** {@code …CODE: sentence} in a peer's message, as the chaincode throws it. */
    static CliException chaincodeError(String message) {
        Matcher m = CHAINCODE_ERROR.matcher(message);
        if (!m.find()) {
            return null;
        }
        String code = m.group(1);
        return CliException.rejected(code, m.group(2).strip(), NEXT_STEPS.getOrDefault(code, NOTHING_RECORDED));
    }

    /** The next step of a refusal that has no more specific one. */
    private static final String NOTHING_RECORDED = "the ledger recorded nothing; correct what the message names and try again";

    private static final Map<String, String> NEXT_STEPS = Map.ofEntries(
            Map.entry("ROLE_NOT_ALLOWED", "check your role with 'dpr identity show'"),
            Map.entry("NOT_HOLDER", "check who holds it with 'dpr asset show ASSET'"),
            Map.entry("NOT_RECEIVER", "only the party named in the offer may answer it; see 'dpr asset show ASSET'"),
            Map.entry("ASSET_FROZEN", "a court must unfreeze it first ('dpr unfreeze', court role)"),
            Map.entry("RIGHT_FROZEN", "a court must unfreeze it first ('dpr unfreeze', court role)"),
            Map.entry("RIGHT_PLEDGED", "the pledgee bank must release it first ('dpr release')"),
            Map.entry("ALREADY_REGISTERED", "this content is registered already; see 'dpr asset show'"),
            Map.entry("DUPLICATE_CONTENT", "another party registered this content; file an objection if it is yours"),
            Map.entry("OFFER_EXPIRED", "ask the holder for a new offer"),
            Map.entry("OFFER_PENDING", "cancel the open offer first ('dpr right cancel')"),
            Map.entry("NO_OFFER", "the holder must offer it first ('dpr right offer')"),
            Map.entry("LICENCE_CONFLICT", "choose terms that do not overlap an exclusive licence; see 'dpr asset show'"),
            Map.entry("ASSET_NOT_FOUND", "check the asset id; 'dpr rights list' shows yours"),
            Map.entry("RIGHT_NOT_FOUND", "check the right id: <asset id>/<TYPE>"),
            Map.entry("ACT_NOT_FOUND", "check the act id (P-…): the pendingAct of the asset or right in 'dpr asset show ASSET --json'"),
            Map.entry("NOT_IN_REVIEW", "only an act at stage REVIEW can be reviewed; the message names its stage"),
            Map.entry("NOT_IN_PUBLICITY", "the act is not in its publicity period (the message names its stage); "
                    + "an act in REVIEW needs the registrar's 'dpr act review' first"),
            Map.entry("PUBLICITY_RUNNING", "wait until the publicity period has ended, then run 'dpr act take-effect' again"),
            Map.entry("OBJECTIONS_OPEN", "the registrar must resolve the open objections first ('dpr objection resolve')"));

    private static JsonNode parse(byte[] result) {
        if (result == null || result.length == 0) {
            return TextNode.valueOf("");
        }
        try {
            return Output.JSON.readTree(result);
        } catch (IOException e) {
            return TextNode.valueOf(new String(result, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        gateway.close();
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
