package org.dataright.evidence.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.StringReader;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.dataright.evidence.canonical.StrictJson;
import org.dataright.evidence.certificate.ActEvents;
import org.dataright.evidence.certificate.ActStatus;
import org.dataright.evidence.certificate.CertificateContent;
import org.dataright.evidence.certificate.CertificateIssuer;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.certificate.FabricProof;
import org.dataright.evidence.certificate.Party;
import org.dataright.evidence.digest.FileDigests;
import org.dataright.evidence.fabric.EndorserTransaction;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.ConsistencyProof;
import org.dataright.evidence.log.CosignatureVerifier;
import org.dataright.evidence.log.LeafEntry;
import org.dataright.evidence.log.TlogPolicy;
import org.dataright.evidence.log.TlogProof;
import org.dataright.evidence.log.TreeHash;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.CertificateChains;
import org.dataright.fabric.msp.FabricIdentity;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.fabric.msp.ValidIdentity;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Checks a certificate against a trust bundle, offline. One private method per check (see
 * {@link CheckName}); each returns its passing reason or throws {@link Failure} with the failing one.
 * Any other exception raised by malformed input is caught by {@link #run} and reported as that
 * check's failure, so {@link #verify} never throws on bad input.
 */
public final class Verifier {
    /** Entries each cache below holds at most; past that it starts afresh, so a long-lived verifier stays small. */
    private static final int MAX_REMEMBERED = 10_000;
    /** How far a client's claimed time may lie after the trusted time (clocks differ): {@link #withTimeWindow}. */
    public static final Duration DEFAULT_TIME_WINDOW = CertificateIssuer.CLOCK_WINDOW;

    private final TrustBundle bundle;
    /** The checkpoints seen before, or null when this verifier keeps none. */
    private final SeenCheckpoints seen;
    /** Where consistency proofs come from (online), or null when the verifier is offline. */
    private final ConsistencyProofs consistency;
    private final Duration window;
    /** Chains found valid, with the window of time in which that result holds; see {@link #chainProblem}. */
    private final Map<ChainKey, ValidWindow> validChains = new ConcurrentHashMap<>();
    /** Serialized identities already parsed, by their exact bytes. */
    private final Map<ByteString, FabricIdentity> identities = new ConcurrentHashMap<>();

    private Verifier(TrustBundle bundle, SeenCheckpoints seen, ConsistencyProofs consistency, Duration window) {
        if (bundle == null) {
            throw new IllegalArgumentException("a verifier needs a trust bundle");
        }
        if (window.isNegative()) {
            throw new IllegalArgumentException("the trusted-time window cannot be negative: " + window);
        }
        this.bundle = bundle;
        this.seen = seen;
        this.consistency = consistency;
        this.window = window;
    }

    public static Verifier forBundle(TrustBundle bundle) {
        return new Verifier(bundle, null, null, DEFAULT_TIME_WINDOW);
    }

    /** This verifier allowing a client's claimed time to lie up to {@code window} after the trusted time. */
    public Verifier withTimeWindow(Duration window) {
        return new Verifier(bundle, seen, consistency, window);
    }

    /**
     * This verifier remembering the checkpoints of version 2 certificates in {@code seen} and comparing each
     * new one with them ({@link CheckName#LOG_CONSISTENCY}); {@code consistency}, when not null, supplies
     * consistency proofs between checkpoints of different sizes (offline only same sizes are compared).
     */
    public Verifier remembering(SeenCheckpoints seen, ConsistencyProofs consistency) {
        if (seen == null) {
            throw new IllegalArgumentException("a remembering verifier needs somewhere to keep checkpoints");
        }
        return new Verifier(bundle, seen, consistency, window);
    }

    public VerificationResult verify(String certificateJson) {
        return verify(certificateJson, null);
    }

    /** Parses and checks certificate JSON; {@code file} (null when none) is compared with the stated digests. */
    public VerificationResult verify(String certificateJson, FileDigests file) {
        EvidenceCertificate cert;
        try {
            cert = EvidenceCertificate.from(new StringReader(certificateJson == null ? "" : certificateJson));
        } catch (RuntimeException e) {
            return new VerificationResult(null, List.of(new Check(CheckName.FORMAT.id(), Check.Status.FAILED,
                    "not a valid certificate: " + e.getMessage())));
        }
        return verify(cert, file);
    }

    public VerificationResult verify(EvidenceCertificate certificate, FileDigests file) {
        Evidence e = new Evidence(certificate, file);
        List<Check> checks = new ArrayList<>();
        checks.add(new Check(CheckName.FORMAT.id(), Check.Status.PASSED,
                "certificate " + certificate.id() + " is well-formed (version " + e.content.version() + ")"));
        checks.add(run(CheckName.ISSUER_SIGNATURE, this::issuerSignature, e));
        checks.add(run(CheckName.ISSUER_CHAIN, this::issuerChain, e));
        checks.add(run(CheckName.CHANNEL_AND_CHAINCODE, this::channelAndChaincode, e));
        checks.add(run(CheckName.BLOCK_HEADER, this::blockHeader, e));
        checks.add(run(CheckName.BLOCK_DATA_HASH, this::blockDataHash, e));
        checks.add(run(CheckName.ORDERER_SIGNATURE, this::ordererSignature, e));
        checks.add(run(CheckName.TRANSACTION_IN_BLOCK, this::transactionInBlock, e));
        checks.add(run(CheckName.VALIDATION_CODE, this::validationCode, e));
        checks.add(run(CheckName.TRANSACTION_ID, this::transactionId, e));
        checks.add(run(CheckName.TRANSACTION_TIME, this::transactionTime, e));
        checks.add(run(CheckName.CREATOR_SIGNATURE, this::creatorSignature, e));
        checks.add(run(CheckName.CREATOR_CHAIN, this::creatorChain, e));
        checks.add(run(CheckName.PROPOSAL_HASH, this::proposalHash, e));
        checks.add(run(CheckName.ENDORSEMENTS, this::endorsements, e));
        checks.add(run(CheckName.ENDORSEMENT_POLICY, this::endorsementPolicy, e));
        checks.add(run(CheckName.WRITTEN_STATE, this::writtenState, e));
        checks.add(run(CheckName.ACT, this::act, e));
        checks.add(run(CheckName.PARTIES, this::parties, e));
        checks.add(run(CheckName.RECORDED_DIGESTS, this::recordedDigests, e));
        checks.add(run(CheckName.FILE_DIGESTS, this::fileDigests, e));
        checks.add(run(CheckName.STATED_STATUS, this::statedStatus, e));
        checks.add(run(CheckName.TIMESTAMP_TOKEN, this::timestampToken, e));
        if (e.content.version() >= CertificateContent.VERSION_2) {
            checks.add(run(CheckName.LOG_CHECKPOINT, this::logCheckpoint, e));
            checks.add(run(CheckName.LOG_LEAF, this::logLeaf, e));
            checks.add(run(CheckName.LOG_INCLUSION, this::logInclusion, e));
            checks.add(run(CheckName.LOG_CONSISTENCY, this::logConsistency, e));
        }
        checks.add(run(CheckName.TRUSTED_TIME, this::trustedTime, e));
        return new VerificationResult(certificate.id(), checks, certificate.content().status(), null, e.actTime());
    }

    // ---- the checks ----

    private Outcome issuerSignature(Evidence e) {
        X509Certificate issuer = e.content.issuer().certificate();
        String problem = e.content.issuer().algorithm().verifyProblem(issuer.getPublicKey(), e.cert.signedBytes(),
                e.cert.signature());
        if (problem != null) {
            throw new Failure(problem);
        }
        return Outcome.pass(e.content.issuer().algorithm() + " signature by '" + CertificateChains.subject(issuer) + "' verifies");
    }

    private Outcome issuerChain(Evidence e) {
        if (bundle.issuers().isEmpty()) {
            throw new Failure("the trust bundle lists no certificate issuers");
        }
        X509Certificate issuer = e.content.issuer().certificate();
        List<X509Certificate> intermediates = e.content.issuer().intermediates();
        String problem = chainProblem("issuers", issuer, intermediates, bundle.issuers(), e.content.issuedAt(),
                () -> CertificateChains.problem(issuer, intermediates, bundle.issuers(), e.content.issuedAt()));
        if (problem != null) {
            throw new Failure("the issuer is not trusted: " + problem);
        }
        return Outcome.pass("'" + CertificateChains.subject(issuer) + "' chains to an issuer root of the trust bundle")
                .anchoredBy(List.of(rootOf(issuer, intermediates, bundle.issuers())));
    }

    private Outcome channelAndChaincode(Evidence e) {
        EndorserTransaction tx = e.tx();
        String channel = e.proof.channel();
        String chaincode = e.proof.chaincode();
        same("the trust bundle's channel", bundle.channel(), "the certificate's", channel);
        same("the transaction's channel header", tx.channelHeader().getChannelId(), "the certificate's channel", channel);
        same("the trust bundle's chaincode", bundle.chaincode(), "the certificate's", chaincode);
        same("the proposal's chaincode", tx.headerChaincode(), "the certificate's chaincode", chaincode);
        same("the endorsed action's chaincode", tx.actionChaincode(), "the certificate's chaincode", chaincode);
        return Outcome.pass("channel " + channel + ", chaincode " + chaincode);
    }

    private Outcome blockHeader(Evidence e) {
        BlockHeader header = e.proof.blockHeader();
        if (header.getNumber() != e.proof.blockNumber()) {
            throw new Failure("the header is of block " + header.getNumber() + ", not of block " + e.proof.blockNumber());
        }
        return Outcome.pass("block " + header.getNumber() + ", header hash " + hex(BlockHashes.headerHash(header))
                + ", previous hash " + hex(header.getPreviousHash().toByteArray()));
    }

    private Outcome blockDataHash(Evidence e) {
        if (!e.proof.fullBlock()) {
            return Outcome.skip("a compact certificate carries no other act's envelope, so data_hash is not recomputed; "
                    + "the transparency log places the envelope in the block (log-leaf, log-inclusion)");
        }
        byte[] computed = BlockHashes.dataHash(BlockData.newBuilder().addAllData(e.proof.blockEnvelopes()).build());
        byte[] stated = e.proof.blockHeader().getDataHash().toByteArray();
        if (!Arrays.equals(computed, stated)) {
            throw new Failure("SHA-256 over the " + e.proof.blockEnvelopes().size() + " envelopes is " + hex(computed)
                    + "; the header's data_hash is " + hex(stated));
        }
        return Outcome.pass("data_hash " + hex(stated) + " covers all " + e.proof.blockEnvelopes().size() + " envelopes");
    }

    private Outcome ordererSignature(Evidence e) {
        Metadata metadata = parse("the SIGNATURES metadata", () -> Metadata.parseFrom(e.proof.ordererSignatures()));
        if (metadata.getSignaturesCount() == 0) {
            throw new Failure("the block carries no orderer signature");
        }
        byte[] header = BlockHashes.headerBytes(e.proof.blockHeader());
        List<String> signers = new ArrayList<>();
        List<X509Certificate> roots = new ArrayList<>();
        for (int i = 0; i < metadata.getSignaturesCount(); i++) {
            MetadataSignature signature = metadata.getSignatures(i);
            String which = "orderer signature " + i;
            if (signature.getSignatureHeader().isEmpty()) {
                throw new Failure(which + " has no signature header (BFT identifier headers are not supported)");
            }
            SignatureHeader sh = parse(which + "'s header", () -> SignatureHeader.parseFrom(signature.getSignatureHeader()));
            FabricIdentity orderer = identity(which, sh.getCreator());
            if (bundle.membership().organization(orderer.mspId()).isEmpty()) {
                throw new Failure(which + " is by " + orderer.mspId() + ", which is not in the trust bundle");
            }
            if (!bundle.membership().isOrdererOrg(orderer.mspId())) {
                throw new Failure(which + " is by " + orderer.mspId() + ", which is not an orderer organisation");
            }
            validIdentity(which, orderer, e.time());
            byte[] signed = concat(metadata.getValue(), signature.getSignatureHeader(), ByteString.copyFrom(header));
            if (!LowSEcdsa.verify(orderer.certificate().getPublicKey(), signed, signature.getSignature().toByteArray())) {
                throw new Failure(which + " by " + describe(orderer) + " does not verify over the block header and metadata");
            }
            signers.add(describe(orderer));
            roots.add(mspRootOf(orderer));
        }
        return Outcome.pass("block " + e.proof.blockHeader().getNumber() + " signed by " + String.join(", ", signers))
                .anchoredBy(roots);
    }

    private Outcome transactionInBlock(Evidence e) {
        int index = e.proof.transactionIndex();
        if (!e.proof.fullBlock()) {
            same("the envelope's transaction id", e.tx().transactionId(), "the certificate's", e.proof.transactionId());
            return Outcome.pass("transaction " + e.proof.transactionId() + " is envelope " + index + " of block "
                    + e.proof.blockNumber() + " as the log's leaf states it (log-leaf, log-inclusion)");
        }
        List<ByteString> envelopes = e.proof.blockEnvelopes();
        if (index >= envelopes.size()) {
            throw new Failure("the block has " + envelopes.size() + " envelopes; there is no index " + index);
        }
        if (!envelopes.get(index).equals(e.proof.envelope())) {
            throw new Failure("the block's envelope at index " + index + " is not the certificate's envelope");
        }
        same("the envelope's transaction id", e.tx().transactionId(), "the certificate's", e.proof.transactionId());
        return Outcome.pass("transaction " + e.proof.transactionId() + " is envelope " + index + " of block "
                + e.proof.blockNumber());
    }

    private Outcome validationCode(Evidence e) {
        if (!e.proof.validationCode().equals(TxValidationCode.VALID.name())) {
            throw new Failure("the peer reported " + e.proof.validationCode() + ", not VALID");
        }
        if (!e.proof.fullBlock()) {
            return Outcome.pass("VALID as reported by the peer; the log holds only VALID acts and its leaf states VALID "
                    + "(log-leaf, log-inclusion)");
        }
        ByteString filter = e.proof.transactionsFilter();
        int index = e.proof.transactionIndex();
        if (filter.size() != e.proof.blockEnvelopes().size()) {
            throw new Failure("TRANSACTIONS_FILTER has " + filter.size() + " codes for " + e.proof.blockEnvelopes().size()
                    + " envelopes");
        }
        if (index >= filter.size() || filter.byteAt(index) != TxValidationCode.VALID_VALUE) {
            int code = index < filter.size() ? filter.byteAt(index) & 0xff : -1;
            TxValidationCode named = TxValidationCode.forNumber(code);
            throw new Failure("TRANSACTIONS_FILTER records " + (named == null ? "code " + code : named) + " for index " + index);
        }
        return Outcome.pass("VALID as reported by the peer and recorded in TRANSACTIONS_FILTER");
    }

    private Outcome transactionId(Evidence e) {
        String computed = e.tx().computedTransactionId();
        if (!computed.equals(e.tx().transactionId())) {
            throw new Failure("hex(SHA-256(nonce ‖ creator)) is " + computed + ", not " + e.tx().transactionId());
        }
        return Outcome.pass("transaction id = hex(SHA-256(nonce ‖ creator))");
    }

    private Outcome transactionTime(Evidence e) {
        Instant header = e.tx().timestamp();
        if (!header.equals(e.content.transactionTime())) {
            throw new Failure("the channel header's timestamp is " + header + ", not " + e.content.transactionTime());
        }
        if (e.content.issuedAt().plus(window).isBefore(header)) {
            throw new Failure("issued at " + e.content.issuedAt() + ", " + seconds(Duration.between(e.content.issuedAt(), header))
                    + " before the time the client claims for the transaction, " + header + ": the claimed time is "
                    + "forward-dated beyond the " + seconds(window) + " window");
        }
        return Outcome.pass("transaction at " + header + ", certificate issued at " + e.content.issuedAt());
    }

    private Outcome creatorSignature(Evidence e) {
        FabricIdentity creator = e.creator();
        if (!LowSEcdsa.verify(creator.certificate().getPublicKey(), e.tx().envelope().getPayload().toByteArray(),
                e.tx().envelope().getSignature().toByteArray())) {
            throw new Failure("the envelope's signature does not verify with the creator " + describe(creator)
                    + " (or its S is high, which Fabric refuses)");
        }
        return Outcome.pass("envelope signed by " + describe(creator));
    }

    private Outcome creatorChain(Evidence e) {
        FabricIdentity creator = e.creator();
        validIdentity("the creator", creator, e.time());
        return Outcome.pass(describe(creator) + " is a valid identity of " + creator.mspId())
                .anchoredBy(List.of(mspRootOf(creator)));
    }

    private Outcome proposalHash(Evidence e) {
        byte[] computed = e.tx().computedProposalHash();
        byte[] endorsed = e.tx().proposalResponsePayload().getProposalHash().toByteArray();
        if (!Arrays.equals(computed, endorsed)) {
            throw new Failure("the endorsements are for proposal hash " + hex(endorsed) + ", but this transaction's is "
                    + hex(computed));
        }
        return Outcome.pass("the endorsed response is for this transaction's proposal");
    }

    private Outcome endorsements(Evidence e) {
        Endorsements endorsements = e.endorsements();
        if (endorsements.total == 0) {
            throw new Failure("the transaction has no endorsement");
        }
        if (!endorsements.problems.isEmpty()) {
            throw new Failure(String.join("; ", endorsements.problems));
        }
        return Outcome.pass(endorsements.total + " endorsement(s), by " + names(endorsements.valid))
                .anchoredBy(endorsements.valid.stream().map(v -> mspRootOf(v.identity())).toList());
    }

    private Outcome endorsementPolicy(Evidence e) {
        List<ValidIdentity> valid = e.endorsements().valid;
        if (!bundle.endorsementPolicy().isSatisfiedBy(valid)) {
            throw new Failure("valid endorsements by " + (valid.isEmpty() ? "no one" : names(valid))
                    + " do not satisfy " + bundle.endorsementPolicy());
        }
        return Outcome.pass(bundle.endorsementPolicy() + " is satisfied by " + names(valid));
    }

    private Outcome writtenState(Evidence e) {
        String key = e.content.record().key();
        KVWrite write = e.tx().write(e.proof.chaincode(), key)
                .orElseThrow(() -> new Failure("the transaction wrote no key " + printable(key) + " in " + e.proof.chaincode()));
        if (write.getIsDelete()) {
            throw new Failure("the transaction deleted key " + printable(key) + " rather than writing it");
        }
        if (!write.getValue().equals(ByteString.copyFromUtf8(e.content.record().value()))) {
            throw new Failure("key " + printable(key) + " was written with a value other than the stated record");
        }
        return Outcome.pass("key " + printable(key) + " was written with the stated value (" + write.getValue().size() + " bytes)");
    }

    private Outcome act(Evidence e) {
        ChaincodeEvent event = e.tx().event();
        same("the chaincode event", event.getEventName(), "the certificate's act", e.content.act());
        ObjectNode payload = StrictJson.parseObject("the event payload",
                new StringReader(event.getPayload().toStringUtf8()));
        // A batch's event lists its data assets: the certificate states one of them, under an id naming it.
        boolean batch = ActEvents.isBatch(payload);
        JsonNode entry = ActEvents.entryFor(payload, e.content.assetId());
        if (entry == null) {
            throw new Failure("the batch's event lists no asset " + e.content.assetId() + " (or lists it twice)");
        }
        String expectedId = batch ? CertificateContent.deriveId(e.proof.transactionId(), e.content.assetId(),
                e.content.issuer().certificate()) : CertificateContent.deriveId(e.proof.transactionId(),
                e.content.issuer().certificate());
        same("the certificate's id", e.content.id(), batch ? "the id of this asset of the batch" : "the transaction's",
                expectedId);
        if (e.content.assetId() == null) {
            if (entry.hasNonNull("assetId")) {
                throw new Failure("the event names asset '" + entry.path("assetId").asText() + "', the certificate none");
            }
        } else {
            same("the event's assetId", entry.path("assetId").asText(null), "the certificate's", e.content.assetId());
        }
        if (e.content.rightId() != null) {
            same("the event's rightId", entry.path("rightId").asText(null), "the certificate's", e.content.rightId());
        }
        if (entry.hasNonNull("recordKey")) {
            // The stated record is the one the event names: in a batch, this asset's, not another asset's of it.
            same("the event's recordKey", printable(entry.path("recordKey").asText()), "the certificate's record key",
                    printable(e.content.record().key()));
        }
        return Outcome.pass(e.content.act() + (e.content.assetId() == null ? " on the registry" : " on " + e.content.assetId())
                + (e.content.rightId() == null ? "" : ", right " + e.content.rightId()));
    }

    private Outcome parties(Evidence e) {
        FabricIdentity creator = e.creator();
        Party submitter = e.content.submitter();
        if (!submitter.mspId().equals(creator.mspId()) || !submitter.certificate().equals(creator.certificate())) {
            throw new Failure("the submitter " + submitter.mspId() + " '" + CertificateChains.subject(submitter.certificate())
                    + "' is not the transaction's creator " + describe(creator));
        }
        List<Party> others = e.content.parties().subList(1, e.content.parties().size());
        List<String> named = new ArrayList<>();
        List<X509Certificate> roots = new ArrayList<>();
        for (Party p : others) {
            FabricIdentity id = new FabricIdentity(p.mspId(), p.certificate());
            validIdentity("the " + p.role(), id, e.time());
            named.add(p.role() + " named by " + namingRecord(e, p));
            roots.add(mspRootOf(id));
        }
        return Outcome.pass(e.content.parties().size() + " part" + (e.content.parties().size() == 1 ? "y" : "ies")
                + "; the submitter is the creator" + (named.isEmpty() ? "" : "; " + String.join("; ", named)))
                .anchoredBy(roots);
    }

    /**
     * The key of a record this transaction wrote that names {@code party} in its role: a JSON field named after
     * the role ({@code receiver}, {@code licensee}, {@code pledgee}, {@code court}; {@code anchored-by} is
     * {@code anchoredBy}), at any depth, holding the party id {@code <MSP id>::<subject>} the chaincode writes.
     * An issuer can name a party only where the chaincode's own records do.
     */
    private static String namingRecord(Evidence e, Party party) {
        String field = recordField(party.role());
        String id = party.mspId() + "::" + CertificateChains.subject(party.certificate());
        List<String> others = new ArrayList<>();
        for (KVWrite w : e.tx().writes(e.proof.chaincode())) {
            JsonNode record = w.getIsDelete() ? null : jsonRecord(w.getValue().toStringUtf8());
            if (record == null) {
                continue;
            }
            List<String> values = record.findValuesAsText(field);
            if (values.contains(id)) {
                return printable(w.getKey());
            }
            values.forEach(v -> others.add(printable(w.getKey()) + " names " + field + " '" + v + "'"));
        }
        throw new Failure("the " + party.role() + " '" + id + "' is named by no record this transaction wrote"
                + (others.isEmpty() ? " (none of its records has a '" + field + "' field)" : ": " + String.join(", ", others)));
    }

    /** The record field that names a party in {@code role}: the role in camel case. */
    private static String recordField(String role) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : role.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static JsonNode jsonRecord(String json) {
        try {
            JsonNode node = StrictJson.MAPPER.readTree(json);
            return node != null && node.isContainerNode() ? node : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            return null; // an index entry or other non-JSON value names no party
        }
    }

    private Outcome recordedDigests(Evidence e) {
        FileDigests stated = e.content.digests();
        if (stated == null) {
            return Outcome.skip("the certificate states no content digests");
        }
        ObjectNode record = StrictJson.parseObject("the written record", new StringReader(e.content.record().value()));
        List<String> matched = new ArrayList<>();
        for (Map.Entry<String, String> d : digestMap(stated).entrySet()) {
            JsonNode held = record.get(d.getKey());
            if (held == null || !held.isTextual()) {
                throw new Failure("the record holds no " + d.getKey() + " digest");
            }
            if (!held.textValue().equalsIgnoreCase(d.getValue())) {
                throw new Failure("the record's " + d.getKey() + " is " + held.textValue() + ", not " + d.getValue());
            }
            matched.add(d.getKey());
        }
        return Outcome.pass("the record holds the stated " + String.join(", ", matched));
    }

    private Outcome fileDigests(Evidence e) {
        if (e.file == null) {
            return Outcome.skip("no file given");
        }
        if (e.content.digests() == null) {
            throw new Failure("the certificate states no content digests to compare the file with");
        }
        Map<String, String> stated = digestMap(e.content.digests());
        List<String> matched = new ArrayList<>();
        for (Map.Entry<String, String> given : digestMap(e.file).entrySet()) {
            String expected = stated.get(given.getKey());
            if (expected == null) {
                continue;
            }
            if (!expected.equals(given.getValue())) {
                throw new Failure("the file's " + given.getKey() + " is " + given.getValue() + ", the certificate states "
                        + expected);
            }
            matched.add(given.getKey());
        }
        if (matched.isEmpty()) {
            throw new Failure("the file's digests and the certificate's share no algorithm");
        }
        return Outcome.pass("the file matches " + String.join(", ", matched));
    }

    private Outcome statedStatus(Evidence e) {
        ActStatus stated = e.content.status();
        if (stated == null) {
            return Outcome.skip("the certificate states no status (it predates stated status)");
        }
        String chaincode = e.proof.chaincode();
        java.util.function.Function<String, String> writtenAct = id -> e.tx().writes(chaincode).stream()
                .filter(w -> !w.getIsDelete()).map(w -> w.getValue().toStringUtf8())
                .filter(v -> isActRecord(v, id)).findFirst().orElse(null);
        ActStatus derived;
        try {
            derived = ActStatus.derive(e.content.record().value(), writtenAct);
        } catch (IllegalArgumentException ex) {
            return Outcome.skip("the stated status " + stated.label() + " rests on a pending act this transaction did "
                    + "not write, so it cannot be checked offline (" + ex.getMessage() + "); --online asks the ledger");
        }
        if (!derived.equals(stated)) {
            throw new Failure("the certificate states " + stated.label() + (stated.actId() == null ? "" : " (act "
                    + stated.actId() + ")") + ", the written record shows " + derived.label()
                    + (derived.actId() == null ? "" : " (act " + derived.actId() + ")"));
        }
        return Outcome.pass("the written record shows " + derived.label());
    }

    private static boolean isActRecord(String json, String id) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = StrictJson.MAPPER.readTree(json);
            return node != null && node.isObject() && id.equals(node.path("id").asText(null)) && node.hasNonNull("stage");
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            return false;
        }
    }

    private Outcome timestampToken(Evidence e) {
        byte[] bytes = e.cert.timestampToken();
        if (bytes == null) {
            return Outcome.skip("no time-stamp token");
        }
        StampedTime stamped = stampedTime(bytes, e.cert.timestampImprint(), "the issuer's signature");
        e.trusted.add(new TrustedTime(stamped.time, "RFC 3161 time-stamp by '" + stamped.authority + "'"));
        return Outcome.pass("stamped at " + stamped.time + " by '" + stamped.authority + "'").anchoredBy(List.of(stamped.root));
    }

    /**
     * The {@code pdf-signature-timestamp} check of a certificate PDF (PAdES B-T): {@code token}, the RFC 3161
     * signature time-stamp token of the PDF's CMS SignerInfo, stamps SHA-256 of {@code signatureValue} (that
     * SignerInfo's signature) and is signed by a time-stamp authority of the trust bundle, as the
     * {@code timestamp-token} check verifies the certificate's own token. Without a token (PAdES B-B) it is
     * skipped: the PDF's signing time is then only as the signer claims it.
     */
    public Check signatureTimestamp(byte[] token, byte[] signatureValue) {
        String name = CheckName.PDF_SIGNATURE_TIMESTAMP.id();
        if (token == null) {
            return new Check(name, Check.Status.SKIPPED, "the PDF signature's time is not time-stamped (PAdES B-B): the "
                    + "signing time in the PDF is as the issuer claims it");
        }
        try {
            StampedTime stamped = stampedTime(token, org.dataright.fabric.block.BlockHashes.sha256(signatureValue), "the PDF signature's value");
            return new Check(name, Check.Status.PASSED, "the PDF signature (PAdES B-T) existed at " + stamped.time
                    + ", time-stamped by '" + stamped.authority + "'", List.of(TrustedRoot.of(stamped.root)));
        } catch (Failure f) {
            return new Check(name, Check.Status.FAILED, f.getMessage());
        } catch (RuntimeException malformed) {
            return new Check(name, Check.Status.FAILED, "malformed signature time-stamp token: " + malformed.getMessage());
        }
    }

    /** A verified RFC 3161 token: the time it proves, its authority's subject and the bundle root it chains to. */
    private record StampedTime(Instant time, String authority, X509Certificate root) {
    }

    /**
     * The one verification of an RFC 3161 token: a SHA-256 imprint equal to {@code imprint} (SHA-256 of
     * {@code stamped}), a valid signature by the certificate it carries, chaining to the bundle's time-stamp
     * authorities at the time it states.
     */
    private StampedTime stampedTime(byte[] bytes, byte[] imprint, String stamped) {
        try {
            TimeStampToken token = new TimeStampToken(new CMSSignedData(bytes));
            TimeStampTokenInfo info = token.getTimeStampInfo();
            if (!info.getMessageImprintAlgOID().equals(NISTObjectIdentifiers.id_sha256)) {
                throw new Failure("the token's imprint uses " + info.getMessageImprintAlgOID() + ", not SHA-256");
            }
            if (!Arrays.equals(info.getMessageImprintDigest(), imprint)) {
                throw new Failure("the token stamps " + hex(info.getMessageImprintDigest())
                        + ", not SHA-256 of " + stamped + " " + hex(imprint));
            }
            List<X509Certificate> carried = new ArrayList<>();
            X509Certificate tsa = null;
            for (X509CertificateHolder holder : token.getCertificates().getMatches(null)) {
                X509Certificate cert = new JcaX509CertificateConverter().setProvider(Pem.BC).getCertificate(holder);
                carried.add(cert);
                if (token.getSID().match(holder)) {
                    tsa = cert;
                }
            }
            if (tsa == null) {
                throw new Failure("the token does not carry its time-stamp authority's certificate");
            }
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Pem.BC).build(tsa));
            if (bundle.timestampAuthorities().isEmpty()) {
                throw new Failure("the trust bundle lists no time-stamp authorities");
            }
            Instant time = info.getGenTime().toInstant();
            X509Certificate authority = tsa;
            String problem = chainProblem("time-stamp authorities", authority, carried, bundle.timestampAuthorities(), time,
                    () -> CertificateChains.problem(authority, carried, bundle.timestampAuthorities(), time));
            if (problem != null) {
                throw new Failure("the time-stamp authority is not trusted: " + problem);
            }
            return new StampedTime(time, CertificateChains.subject(tsa), rootOf(tsa, carried, bundle.timestampAuthorities()));
        } catch (TSPException | CMSException | OperatorCreationException | java.io.IOException
                | java.security.cert.CertificateException e2) {
            throw new Failure("the time-stamp token is invalid: " + e2.getMessage());
        }
    }

    /**
     * The client's claimed time against the trusted time: the earliest time at which a time-stamp authority or a
     * witness shows the act recorded. Claimed later than that plus the window: forward-dated, fails. Claimed
     * earlier by more than the window: reported (a token obtained late is honest; the trusted time bounds the act
     * from above only), not failed.
     */
    private Outcome trustedTime(Evidence e) {
        Instant claimed = e.content.transactionTime();
        TrustedTime trusted = e.earliestTrusted();
        if (trusted == null) {
            boolean unverified = e.cert.timestampToken() != null || e.checkpoint == null && e.content.logProof() != null;
            return Outcome.skip(unverified ? "no trusted time verified (see timestamp-token and log-checkpoint); the act's "
                    + "time " + claimed + " is as claimed by the client"
                    : "the certificate carries no trusted time (no time-stamp token, no witness cosignature); the act's "
                    + "time " + claimed + " is as claimed by the client");
        }
        Duration ahead = Duration.between(trusted.at(), claimed);
        if (ahead.compareTo(window) > 0) {
            throw new Failure("the client claims " + claimed + ", " + seconds(ahead) + " after the trusted time "
                    + trusted.at() + " (" + trusted.source() + ") by which the act was recorded: the claimed time is "
                    + "forward-dated beyond the " + seconds(window) + " window");
        }
        Duration behind = ahead.negated();
        String base = "trusted time " + trusted.at() + " (" + trusted.source() + "); claimed by the client " + claimed;
        if (behind.compareTo(window) > 0) {
            return Outcome.pass(base + ", " + seconds(behind) + " earlier: the trusted time was obtained late (or the "
                    + "act is backdated); it proves only that the act was recorded by " + trusted.at());
        }
        return Outcome.pass(base + ", within the " + seconds(window) + " window");
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    /** The checkpoint passes the trust bundle's tlog policy: signed by the log it names, with the quorum's cosignatures. */
    private Outcome logCheckpoint(Evidence e) {
        TlogPolicy policy = bundle.tlogPolicy();
        if (policy == null) {
            throw new Failure("the trust bundle has no tlog policy, so no transparency log is trusted (fetch the "
                    + "network's current trust bundle)");
        }
        TlogProof proof = e.logProof();
        TlogPolicy.Verified verified;
        try {
            verified = policy.verify(proof.signedCheckpoint());
        } catch (IllegalArgumentException ex) {
            throw new Failure(ex.getMessage());
        }
        e.checkpoint = verified.checkpoint();
        Checkpoint c = verified.checkpoint();
        for (TlogPolicy.Witness w : policy.witnesses()) {
            if (!verified.cosigners().contains(w.name())) {
                continue;
            }
            for (org.dataright.evidence.log.NoteSignature sig : proof.signedCheckpoint().signatures()) {
                if (sig.keyName().equals(w.key().name()) && sig.keyId() == w.key().keyId()) {
                    e.trusted.add(new TrustedTime(Instant.ofEpochSecond(CosignatureVerifier.timestamp(sig)),
                            "cosignature of witness " + w.name()));
                }
            }
        }
        return Outcome.pass("checkpoint of " + c.origin() + " at size " + c.size() + ", root " + b64(c.rootHash())
                + ", signed by the log's key " + verified.log().key().vkey().split("\\+")[1]
                + (verified.cosigners().isEmpty() ? "" : ", cosigned by " + String.join(", ", verified.cosigners()))
                + " (quorum " + policy.quorum() + ")");
    }

    /** The leaf recomputed from the certificate's envelope, block number and index: what the log must hold. */
    private Outcome logLeaf(Evidence e) {
        byte[] entry = e.leafEntry();
        String txId = LeafEntry.txId(entry);
        same("the leaf's transaction id", txId, "the certificate's", e.proof.transactionId());
        return Outcome.pass("leaf " + hex(TreeHash.leaf(entry)) + " of transaction " + txId + ", envelope "
                + e.proof.transactionIndex() + " of block " + e.proof.blockNumber() + ", VALID");
    }

    /** The inclusion path recomputes the checkpoint's root from the recomputed leaf at the stated index. */
    private Outcome logInclusion(Evidence e) {
        TlogProof proof = e.logProof();
        Checkpoint c = proof.checkpoint();
        try {
            proof.inclusionProof().verify(TreeHash.leaf(e.leafEntry()), c.rootHash());
        } catch (IllegalArgumentException ex) {
            throw new Failure(ex.getMessage());
        }
        return Outcome.pass("leaf " + proof.index() + " of " + c.size() + ": " + proof.path().size()
                + " path hashes recompute the checkpoint's root");
    }

    /**
     * The checkpoint agrees with those this verifier saw before: one of the same size has the same root,
     * and (online) one of another size is consistent with it. Two that disagree are a split view.
     */
    private Outcome logConsistency(Evidence e) {
        if (seen == null) {
            return Outcome.skip("this verifier keeps no checkpoints seen before, so there is nothing to compare");
        }
        Checkpoint c = e.checkpoint;
        if (c == null) {
            throw new Failure("the checkpoint did not verify (log-checkpoint), so it is not compared or remembered");
        }
        TlogPolicy.Log log = bundle.tlogPolicy().log(c.origin());
        String vkey = log.key().vkey();
        int compared = 0;
        int notChecked = 0;
        for (Checkpoint earlier : seen.of(vkey)) {
            if (earlier.size() == c.size()) {
                if (!Arrays.equals(earlier.rootHash(), c.rootHash())) {
                    throw splitView(c, earlier, "two checkpoints of " + c.size() + " leaves");
                }
                compared++;
            } else if (consistency == null) {
                notChecked++;
            } else {
                Checkpoint small = earlier.size() < c.size() ? earlier : c;
                Checkpoint large = small == earlier ? c : earlier;
                ConsistencyProof proof;
                try {
                    proof = consistency.between(log, small.size(), large.size());
                } catch (RuntimeException ex) {
                    throw new Failure("no consistency proof from size " + small.size() + " to " + large.size() + " of "
                            + c.origin() + " could be had: " + ex.getMessage());
                }
                if (proof.size1() != small.size() || proof.size2() != large.size()) {
                    throw new Failure("the consistency proof is from size " + proof.size1() + " to " + proof.size2()
                            + ", not from " + small.size() + " to " + large.size());
                }
                try {
                    proof.verify(small.rootHash(), large.rootHash());
                } catch (IllegalArgumentException ex) {
                    throw splitView(c, earlier, "the log's consistency proof does not join them (" + ex.getMessage() + ")");
                }
                compared++;
            }
        }
        seen.remember(vkey, c);
        String kept = seen.file() == null ? "" : " (kept in " + seen.file() + ")";
        if (compared == 0 && notChecked == 0) {
            return Outcome.skip("the first checkpoint of " + c.origin() + " seen here; remembered" + kept);
        }
        if (compared == 0) {
            return Outcome.skip(notChecked + " checkpoint(s) of " + c.origin() + " seen before are of other sizes; "
                    + "consistency is checked with --online" + kept);
        }
        return Outcome.pass("consistent with " + compared + " checkpoint(s) of " + c.origin() + " seen before"
                + (notChecked == 0 ? "" : "; " + notChecked + " of other sizes not checked offline") + kept);
    }

    private static Failure splitView(Checkpoint now, Checkpoint earlier, String why) {
        return new Failure("split view of " + now.origin() + ": " + why + " — this certificate's checkpoint has size "
                + now.size() + " and root " + b64(now.rootHash()) + ", one seen before has size " + earlier.size()
                + " and root " + b64(earlier.rootHash()));
    }

    // ---- helpers ----

    private Check run(CheckName name, Function<Evidence, Outcome> check, Evidence e) {
        try {
            Outcome outcome = check.apply(e);
            return new Check(name.id(), outcome.status, outcome.reason, outcome.roots);
        } catch (Failure f) {
            return new Check(name.id(), Check.Status.FAILED, f.getMessage());
        } catch (RuntimeException malformed) {
            // Malformed input surfaces as an exception from a parser; it fails this check, with the parser's reason.
            return new Check(name.id(), Check.Status.FAILED, "malformed evidence: " + malformed.getMessage());
        }
    }

    /** The identity as the trust bundle's MSPs accept it at {@code at} (chain, validity, exactly one node OU), with its role. */
    private ValidIdentity validIdentity(String who, FabricIdentity id, Instant at) {
        if (bundle.membership().organization(id.mspId()).isEmpty()) {
            throw new Failure(who + " belongs to " + id.mspId() + ", which is not in the trust bundle");
        }
        try {
            return bundle.membership().validate(id.serialize(), at);
        } catch (IdentityException ex) {
            throw new Failure(who + " is not a valid identity of " + id.mspId() + ": " + ex.getMessage());
        }
    }

    /**
     * {@code check} (a chain check of {@code leaf} through {@code intermediates} to {@code roots}),
     * unless the same chain was already found valid at a time for which the answer cannot differ.
     * Which certificates form the chain does not depend on the time (each link is a CA's signature);
     * only each one's validity period does. So once a chain is valid at one time, it is valid at any
     * time within the validity of the leaf and of every certificate it may go through, and the
     * signatures along it need no second check. Failures are not remembered: each is checked again
     * and reported with its reason. The certificate signatures of the act itself are checked every time.
     */
    private String chainProblem(String anchors, X509Certificate leaf, List<X509Certificate> intermediates,
            List<X509Certificate> roots, Instant at, Supplier<String> check) {
        ChainKey key = new ChainKey(anchors, leaf, List.copyOf(intermediates));
        ValidWindow known = validChains.get(key);
        if (known != null && known.contains(at)) {
            return null;
        }
        String problem = check.get();
        if (problem == null) {
            ValidWindow window = ValidWindow.of(leaf, intermediates, roots);
            if (window.contains(at)) {
                remember(validChains, key, window);
            }
        }
        return problem;
    }

    /** The root of {@code roots} that a chain already found valid ends at. */
    private static X509Certificate rootOf(X509Certificate leaf, List<X509Certificate> intermediates,
            List<X509Certificate> roots) {
        try {
            List<X509Certificate> chain = CertificateChains.chain(leaf, intermediates, roots, "the trust bundle");
            return chain.get(chain.size() - 1);
        } catch (IdentityException ex) {
            throw new IllegalStateException("a chain found valid has a root: " + ex.getMessage(), ex);
        }
    }

    /** The root of its organisation in the bundle that a valid identity's certificate chains to. */
    private X509Certificate mspRootOf(FabricIdentity id) {
        org.dataright.fabric.msp.Organization org = bundle.membership().organization(id.mspId()).orElseThrow();
        return rootOf(id.certificate(), org.intermediateCerts(), org.rootCerts());
    }

    private FabricIdentity identity(String who, ByteString serialized) {
        FabricIdentity known = identities.get(serialized);
        if (known != null) {
            return known;
        }
        try {
            FabricIdentity parsed = FabricIdentity.parse(serialized);
            remember(identities, serialized, parsed);
            return parsed;
        } catch (IllegalArgumentException ex) {
            throw new Failure(who + " has an unreadable identity: " + ex.getMessage());
        }
    }

    private static <K, V> void remember(Map<K, V> cache, K key, V value) {
        if (cache.size() >= MAX_REMEMBERED) {
            cache.clear();
        }
        cache.put(key, value);
    }

    private static void same(String what, String actual, String against, String expected) {
        if (actual == null || !actual.equals(expected)) {
            throw new Failure(what + " is '" + actual + "', " + against + " is '" + expected + "'");
        }
    }

    private static Map<String, String> digestMap(FileDigests d) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        if (d.sha256() != null) {
            map.put("sha256", d.sha256());
        }
        if (d.sm3() != null) {
            map.put("sm3", d.sm3());
        }
        if (d.manifestRoot() != null) {
            map.put("manifestRoot", d.manifestRoot());
        }
        return map;
    }

    private static String describe(FabricIdentity id) {
        return id.mspId() + " '" + CertificateChains.subject(id.certificate()) + "'";
    }

    private static String names(List<ValidIdentity> ids) {
        return String.join(", ", ids.stream().map(id -> describe(id.identity())).toList());
    }

    private static byte[] concat(ByteString... parts) {
        ByteString all = ByteString.EMPTY;
        for (ByteString p : parts) {
            all = all.concat(p);
        }
        return all.toByteArray();
    }

    private static String b64(byte[] bytes) {
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String printable(String key) {
        return "'" + key.replace("\u0000", "\\u0000") + "'";
    }

    @FunctionalInterface
    private interface ProtoParse<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    private static <T> T parse(String what, ProtoParse<T> parse) {
        try {
            return parse.parse();
        } catch (InvalidProtocolBufferException ex) {
            throw new Failure(what + " is malformed: " + ex.getMessage());
        }
    }

    /** A check's failure and its reason. */
    private static final class Failure extends RuntimeException {
        Failure(String reason) {
            super(reason, null, false, false);
        }
    }

    private record Outcome(Check.Status status, String reason, List<TrustedRoot> roots) {
        static Outcome pass(String reason) {
            return new Outcome(Check.Status.PASSED, reason, List.of());
        }

        static Outcome skip(String reason) {
            return new Outcome(Check.Status.SKIPPED, reason, List.of());
        }

        /** This outcome naming the roots its chains ended at (each once, in order). */
        Outcome anchoredBy(List<X509Certificate> used) {
            return new Outcome(status, reason, used.stream().distinct().map(TrustedRoot::of).toList());
        }
    }

    /** A verified time by which the act was recorded, and who vouches for it. */
    private record TrustedTime(Instant at, String source) {
    }

    /** A chain by its exact certificates (X.509 certificates are equal when their DER bytes are) and its anchors. */
    private record ChainKey(String anchors, X509Certificate leaf, List<X509Certificate> intermediates) {
    }

    /**
     * The times at which all the given certificates are valid, compared as {@link CertificateChains}
     * compares them (as {@link Date}s, bounds included). Empty when they have no time in common.
     */
    private record ValidWindow(Date from, Date until) {
        static ValidWindow of(X509Certificate leaf, List<X509Certificate> intermediates, List<X509Certificate> roots) {
            Date from = leaf.getNotBefore();
            Date until = leaf.getNotAfter();
            for (List<X509Certificate> certs : List.of(intermediates, roots)) {
                for (X509Certificate c : certs) {
                    from = c.getNotBefore().after(from) ? c.getNotBefore() : from;
                    until = c.getNotAfter().before(until) ? c.getNotAfter() : until;
                }
            }
            return new ValidWindow(from, until);
        }

        boolean contains(Instant at) {
            Date when = Date.from(at);
            return !when.before(from) && !when.after(until);
        }
    }

    /** Valid endorsers, and why each other endorsement is not valid. */
    private record Endorsements(int total, List<ValidIdentity> valid, List<String> problems) {
    }

    /** One verification's inputs, with the transaction, creator and endorsements parsed once and shared by the checks. */
    private final class Evidence {
        final EvidenceCertificate cert;
        final CertificateContent content;
        final FabricProof proof;
        final FileDigests file;
        private EndorserTransaction tx;
        private FabricIdentity creator;
        private Endorsements endorsements;
        private TlogProof logProof;
        private byte[] leafEntry;
        /** The checkpoint once {@link #logCheckpoint} verified it; null before or when it failed. */
        Checkpoint checkpoint;
        /** Verified times by which the act was recorded: the token's, the witnesses' cosignatures'. */
        final List<TrustedTime> trusted = new ArrayList<>();

        TrustedTime earliestTrusted() {
            return trusted.stream().min(java.util.Comparator.comparing(TrustedTime::at)).orElse(null);
        }

        VerificationResult.ActTime actTime() {
            TrustedTime t = earliestTrusted();
            return new VerificationResult.ActTime(content.transactionTime(), t == null ? null : t.at(),
                    t == null ? null : t.source(), window);
        }

        Evidence(EvidenceCertificate cert, FileDigests file) {
            this.cert = cert;
            this.content = cert.content();
            this.proof = content.proof();
            this.file = file;
        }

        EndorserTransaction tx() {
            if (tx == null) {
                try {
                    tx = EndorserTransaction.parse(proof.envelope());
                } catch (IllegalArgumentException ex) {
                    throw new Failure("the certificate's envelope cannot be read: " + ex.getMessage());
                }
            }
            return tx;
        }

        TlogProof logProof() {
            if (logProof == null) {
                try {
                    logProof = TlogProof.parse(content.logProof());
                } catch (IllegalArgumentException ex) {
                    throw new Failure("the log proof is not a c2sp.org/tlog-proof@v1: " + ex.getMessage());
                }
            }
            return logProof;
        }

        byte[] leafEntry() {
            if (leafEntry == null) {
                leafEntry = LeafEntry.entry(proof.blockNumber(), proof.transactionIndex(), proof.envelope());
            }
            return leafEntry;
        }

        /** Identities are checked at the time of the act: the transaction's timestamp. */
        Instant time() {
            return tx().timestamp();
        }

        FabricIdentity creator() {
            if (creator == null) {
                creator = identity("the creator", tx().creator());
            }
            return creator;
        }

        Endorsements endorsements() {
            if (endorsements == null) {
                endorsements = readEndorsements();
            }
            return endorsements;
        }

        private Endorsements readEndorsements() {
            List<Endorsement> all = tx().actionPayload().getAction().getEndorsementsList();
            ByteString response = tx().actionPayload().getAction().getProposalResponsePayload();
            List<ValidIdentity> valid = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                String which = "endorsement " + i;
                try {
                    FabricIdentity endorser = identity(which, all.get(i).getEndorser());
                    ValidIdentity checked = validIdentity(which, endorser, time());
                    byte[] signed = concat(response, all.get(i).getEndorser());
                    if (!LowSEcdsa.verify(endorser.certificate().getPublicKey(), signed, all.get(i).getSignature().toByteArray())) {
                        throw new Failure(which + " by " + describe(endorser) + " does not verify");
                    }
                    valid.add(checked);
                } catch (Failure f) {
                    problems.add(f.getMessage());
                }
            }
            return new Endorsements(all.size(), valid, problems);
        }
    }
}
