package org.dataright.service.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dataright.evidence.certificate.ActEvents;
import org.dataright.evidence.certificate.ActRecord;
import org.dataright.evidence.certificate.ActStatus;
import org.dataright.evidence.certificate.CertificateContent;
import org.dataright.evidence.certificate.CertificateIssuer;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.digest.FileDigests;
import org.dataright.evidence.digest.HexDigest;
import org.dataright.evidence.fabric.EndorserTransaction;
import org.dataright.evidence.log.TlogProof;
import org.dataright.evidence.pdf.CertificatePdf;
import org.dataright.evidence.pdf.CertificateSummary;
import org.dataright.evidence.pdf.PdfCertificate;
import org.dataright.evidence.pdf.PdfLimitExceededException;
import org.dataright.evidence.pdf.SignatureTimestamper;
import org.dataright.evidence.verify.Check;
import org.dataright.evidence.verify.CheckName;
import org.dataright.evidence.verify.VerificationResult;
import org.dataright.evidence.verify.Verifier;
import org.dataright.ledger.client.Qscc;
import org.dataright.ledger.client.RightsContract;
import org.dataright.service.config.ApiException;
import org.dataright.service.config.DataFiles;
import org.dataright.service.config.RegistryProperties;
import org.dataright.service.log.TransparencyLog;
import org.dataright.service.log.TransparencyLogs;
import org.dataright.service.observability.DomainMetrics;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Issues, keeps and verifies evidence certificates. A certificate is issued from the ledger's own
 * block and transaction ({@code qscc} through the gateway), signed with the {@link Issuer}'s key and
 * kept in {@code <data dir>/certificates/<id>.json}; its id is derived from the transaction id and the
 * issuer's certificate, so asking twice for the same transaction returns the same certificate.
 *
 * <p>While the transparency log runs, certificates are version 2: the act's own envelope and its
 * tlog proof, waiting (at most {@code registry.tlog.certificate-wait}) for a checkpoint that covers the
 * act. Asked for with {@link Proof#FULL_BLOCK}, the block's every envelope is embedded too, and that form
 * is kept beside the compact one in {@code <id>.full-block.json}. Without the log they are version 1.
 */
@Service
public class CertificateService {
    private static final Logger log = LoggerFactory.getLogger(CertificateService.class);
    private static final Pattern TX_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ASSET_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,120}");
    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    /** Acts on the registry itself and its participant directory, whose events (and certificates) name no asset. */
    private static final java.util.Set<String> REGISTRY_ACTS = java.util.Set.of("CONFIGURE_REGISTRY",
            "REGISTER_PARTICIPANT", "CHANGE_PARTICIPANT", "RENEW_KEY", "REBIND_KEY", "REVOKE_KEY");

    private final Qscc qscc;
    private final RightsContract rights;
    private final Issuer issuer;
    private final TrustBundles trustBundles;
    private final TransparencyLogs logs;
    private final RegistryProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final Path directory;
    /** The block of the last certificate issued, indexed (only {@link #issue}, which is synchronized, uses it). */
    private IndexedBlock recentBlock;
    private final ApplicationEventPublisher events;
    private final DomainMetrics metrics;
    /** The PDF signature's time-stamp authority (PAdES B-T); null when none is configured. */
    private final SignatureTimestamper pdfTimestamper;

    /** A certificate, and whether this request made it. */
    public record Issued(EvidenceCertificate certificate, boolean created) {
    }

    /** Which proof a certificate carries: the compact one (default), or Fabric's whole block as well. */
    public enum Proof {
        COMPACT, FULL_BLOCK;

        /** {@code compact} (or absent) and {@code full-block}; a 400 problem {@code PROOF_UNKNOWN} otherwise. */
        public static Proof parse(String value) {
            if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("compact")) {
                return COMPACT;
            }
            if (value.strip().equalsIgnoreCase("full-block")) {
                return FULL_BLOCK;
            }
            throw ApiException.badRequest("PROOF_UNKNOWN", "proof must be compact or full-block, not '" + value + "'");
        }
    }

    CertificateService(Qscc qscc, RightsContract rights, Issuer issuer, TrustBundles trustBundles, TransparencyLogs logs,
            RegistryProperties properties, ObjectMapper json, Clock clock, ApplicationEventPublisher events,
            DomainMetrics metrics, ObjectProvider<SignatureTimestamper> pdfTimestamper) {
        this.metrics = metrics;
        this.pdfTimestamper = pdfTimestamper.getIfAvailable();
        this.qscc = qscc;
        this.rights = rights;
        this.issuer = issuer;
        this.trustBundles = trustBundles;
        this.logs = logs;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.directory = properties.dataDir().resolve("certificates");
        this.events = events;
    }

    /**
     * The certificate of a committed transaction, issued now or earlier.
     *
     * @throws ApiException {@code TRANSACTION_ID_INVALID} 400, {@code TRANSACTION_NOT_FOUND} 404,
     *     {@code TRANSACTION_INVALID} 409 (not VALID), {@code TRANSACTION_NOT_CERTIFIABLE} 409 (no act of the contract)
     */
    public Issued issue(String transactionId) {
        return issue(transactionId, Proof.COMPACT);
    }

    /**
     * The certificate of a committed transaction with the given proof, issued now or earlier.
     *
     * @throws ApiException as {@link #issue(String)}, and {@code CHECKPOINT_PENDING} 503 when the transparency
     *     log has not covered the act within the wait (retry in a few seconds)
     */
    public Issued issue(String transactionId, Proof form) {
        return issue(transactionId, null, form);
    }

    /**
     * The certificate of a committed transaction, or of one data asset of a batch transaction
     * ({@code registerAssets}: one certificate per asset), with the given proof, issued now or earlier.
     * {@code assetId} may be null for a transaction that acts on one asset; if given, it must be that asset.
     *
     * @throws ApiException as {@link #issue(String, Proof)}, {@code ASSET_ID_INVALID} 400, and
     *     {@code TRANSACTION_NOT_CERTIFIABLE} 409 for a batch without {@code assetId} or an asset it does not list
     */
    public synchronized Issued issue(String transactionId, String assetId, Proof form) {
        String txId = checkTransactionId(transactionId);
        String asset = checkAssetId(assetId);
        Optional<EvidenceCertificate> existing = asset == null ? Optional.empty()
                : load(CertificateContent.deriveId(txId, asset, issuer.key().certificate()), form);
        if (existing.isEmpty()) {
            existing = load(CertificateContent.deriveId(txId, issuer.key().certificate()), form);
            if (existing.isPresent() && asset != null && !asset.equals(existing.get().content().assetId())) {
                throw notCertifiable(txId, "it acts on " + existing.get().content().assetId() + ", not on " + asset);
            }
        }
        if (existing.isPresent()) {
            return new Issued(existing.get(), false);
        }
        ProcessedTransaction processed = qscc.transaction(txId).orElseThrow(() -> ApiException.notFound(
                "TRANSACTION_NOT_FOUND", "the ledger has no transaction " + txId));
        TxValidationCode code = TxValidationCode.forNumber(processed.getValidationCode());
        if (code != TxValidationCode.VALID) {
            throw ApiException.conflict("TRANSACTION_INVALID", "transaction " + txId + " was committed with validation code "
                    + (code == null ? processed.getValidationCode() : code) + "; only VALID transactions are certified");
        }
        IndexedBlock found = blockOf(txId);
        Block block = found.block();
        int index = found.index(txId);
        EndorserTransaction tx = EndorserTransaction.parse(block.getData().getData(index));
        ActRecord act = actOf(tx, asset);
        TlogProof logProof = logProof(txId, block.getHeader().getNumber());
        EvidenceCertificate certificate;
        try {
            certificate = logProof == null
                    ? CertificateIssuer.issue(block, index, code, act, issuer.key(), clock.instant())
                    : CertificateIssuer.issueV2(block, index, code, act, issuer.key(), clock.instant(), logProof,
                            form == Proof.FULL_BLOCK);
        } catch (IllegalArgumentException e) {
            throw notCertifiable(txId, e.getMessage());
        }
        boolean full = form == Proof.FULL_BLOCK && logProof != null;
        DataFiles.writeAtomically(full ? fullBlockFile(certificate.id()) : file(certificate.id()),
                certificate.toJson().getBytes(StandardCharsets.UTF_8));
        log.info("issued certificate {} for transaction {} ({} on {})", certificate.id(), txId,
                certificate.content().act(), certificate.content().assetId());
        metrics.certificateIssued(certificate.content().act());
        events.publishEvent(new CertificateIssued(certificate.id()));
        return new Issued(certificate, true);
    }

    /**
     * The act's proof in the transparency log, or null when the log does not run (the certificate is then
     * version 1).
     */
    private TlogProof logProof(String txId, long blockNumber) {
        Optional<TransparencyLog> log = logs.running();
        if (log.isEmpty()) {
            return null;
        }
        try {
            return log.get().proofOf(txId, blockNumber, logs.certificateWait());
        } catch (TransparencyLog.NotYetLogged e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "CHECKPOINT_PENDING", "transaction " + txId
                    + " is committed but the transparency log cannot prove it yet: " + e.getMessage()
                    + "; ask again in a few seconds", e);
        } catch (IllegalArgumentException e) {
            throw notCertifiable(txId, e.getMessage());
        }
    }

    /**
     * Adds a time-stamp token to a stored certificate that has none; the token stamps the issuer's signature,
     * outside the signed content, so the certificate's id and signature stay as they were.
     *
     * @return false when the certificate already carries a token (which is kept)
     */
    public synchronized boolean attachTimestampToken(String id, byte[] token) {
        EvidenceCertificate certificate = get(id);
        if (certificate.timestampToken() != null) {
            return false;
        }
        DataFiles.writeAtomically(file(id), certificate.withTimestampToken(token).toJson().getBytes(StandardCharsets.UTF_8));
        return true;
    }

    /** The ids of the stored certificates that carry no time-stamp token yet, oldest file first. */
    public List<String> withoutTimestampToken() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> files;
        try (java.util.stream.Stream<Path> listing = Files.list(directory)) {
            // A full-block certificate (<id>.full-block.json) is the compact one's companion: only the compact one is stamped.
            files = listing.filter(f -> f.getFileName().toString().endsWith(".json")
                    && !f.getFileName().toString().endsWith(".full-block.json")).sorted(java.util.Comparator.comparing(
                    (Path f) -> f.toFile().lastModified()).thenComparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the certificates in " + directory + ": " + e.getMessage(), e);
        }
        List<String> ids = new java.util.ArrayList<>();
        for (Path f : files) {
            String id = f.getFileName().toString().replaceFirst("\\.json$", "");
            try {
                load(id).filter(c -> c.timestampToken() == null).ifPresent(c -> ids.add(id));
            } catch (UncheckedIOException | IllegalArgumentException e) {
                // One unreadable file must not keep the others from their tokens; it is named for the operator.
                log.error("the certificate file {} cannot be read, so it is not time-stamped: {}", f, e.getMessage());
            }
        }
        return ids;
    }

    /** A stored certificate. @throws ApiException {@code CERTIFICATE_NOT_FOUND} 404 */
    public EvidenceCertificate get(String id) {
        return load(id).orElseThrow(() -> ApiException.notFound("CERTIFICATE_NOT_FOUND", "no certificate " + id
                + " was issued by this registry"));
    }

    /** A stored certificate with the given proof; the full-block form of a compact one is issued on first request. */
    public EvidenceCertificate get(String id, Proof form) {
        if (form == Proof.COMPACT) {
            return get(id);
        }
        Optional<EvidenceCertificate> full = load(id, form);
        CertificateContent compact = get(id).content();
        return full.isPresent() ? full.get() : issue(compact.proof().transactionId(), compact.assetId(), form).certificate();
    }

    /** The stored certificate of a transaction. @throws ApiException {@code CERTIFICATE_NOT_FOUND} 404 */
    public EvidenceCertificate forTransaction(String transactionId) {
        String txId = checkTransactionId(transactionId);
        return load(CertificateContent.deriveId(txId, issuer.key().certificate())).orElseThrow(() -> ApiException.notFound(
                "CERTIFICATE_NOT_FOUND", "no certificate was issued for transaction " + txId
                        + "; ask for one with POST /api/certificates"));
    }

    /**
     * The PDF rendering, with its QR code pointing at this registry's verification page; PAdES B-T when a
     * time-stamp authority is configured and answers, B-B otherwise (rendered on each request, so the next
     * download tries the authority again).
     */
    public byte[] pdf(EvidenceCertificate certificate) {
        return CertificatePdf.render(certificate, properties.publicBaseUrl().toString(), issuer.key(), pdfTimestamper);
    }

    /**
     * A verification and what the certificate states in plain words (its PDF page's statement and
     * particulars); {@code certified} is null when the upload is not a readable certificate, which the
     * result's {@code format} check then says.
     */
    public record Verification(VerificationResult result, CertificateSummary certified) {
    }

    /**
     * Runs the evidence module's verifier on an uploaded certificate (its JSON, or a PDF that embeds it)
     * against this network's trust bundle, with the original file's digests when given; a PDF's own
     * checks (its signature, its page text) follow the certificate's.
     *
     * @throws ApiException {@code CERTIFICATE_MISSING}, {@code INVALID_DIGEST} or {@code CERTIFICATE_TOO_LARGE}
     *     (a PDF beyond the bounds of a certificate PDF) 400
     */
    public Verification verify(byte[] upload, String sha256, String sm3, String manifestRoot) {
        Verification verification = verifyUpload(upload, sha256, sm3, manifestRoot);
        metrics.verified(verification.result().verdict().name(),
                verification.result().failures().stream().map(Check::name).toList());
        return verification;
    }

    private Verification verifyUpload(byte[] upload, String sha256, String sm3, String manifestRoot) {
        if (upload == null || upload.length == 0) {
            throw ApiException.badRequest("CERTIFICATE_MISSING", "the certificate part is empty: upload a certificate "
                    + "(JSON or PDF)");
        }
        FileDigests digests = digests(sha256, sm3, manifestRoot);
        if (startsWith(upload, PDF_MAGIC)) {
            PdfCertificate pdf;
            try {
                pdf = CertificatePdf.read(upload);
            } catch (PdfLimitExceededException e) {
                throw ApiException.badRequest("CERTIFICATE_TOO_LARGE", e.getMessage());
            } catch (IllegalArgumentException e) {
                return new Verification(new VerificationResult(null, List.of(new Check(CheckName.FORMAT.id(),
                        Check.Status.FAILED, "the PDF holds no readable certificate: " + e.getMessage()))), null);
            }
            return new Verification(withStatusNow(pdf.verify(Verifier.forBundle(trustBundles.current()), digests)
                    .withStatusOf(pdf.json())), summaryOf(pdf.json()));
        }
        String json = new String(upload, StandardCharsets.UTF_8);
        return new Verification(withStatusNow(Verifier.forBundle(trustBundles.current()).verify(json, digests)),
                summaryOf(json));
    }

    /** What the certificate states; null when it does not parse (the verifier's format check gives the reason). */
    private static CertificateSummary summaryOf(String json) {
        try {
            return CertificateSummary.of(EvidenceCertificate.from(json));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A passing result of a certificate that names a pending act, with what the ledger shows now. */
    private VerificationResult withStatusNow(VerificationResult result) {
        VerificationResult.CurrentStatus now = result.passed() ? currentStatus(result.status()) : null;
        return now == null ? result : result.withStatusNow(now);
    }

    private static FileDigests digests(String sha256, String sm3, String manifestRoot) {
        String a = blankToNull(sha256);
        String b = blankToNull(sm3);
        String c = blankToNull(manifestRoot);
        if (a == null && b == null && c == null) {
            return null;
        }
        for (String[] d : new String[][] {{"sha256", a}, {"sm3", b}, {"manifestRoot", c}}) {
            if (d[1] != null && !HexDigest.isValid(d[1])) {
                throw ApiException.badRequest("INVALID_DIGEST", d[0] + " must be 64 hexadecimal digits, the digest of "
                        + "the original file");
            }
        }
        return new FileDigests(a, b, c);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip().toLowerCase(Locale.ROOT);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** An asset id as the chaincode makes them, or null when none is given. */
    private static String checkAssetId(String assetId) {
        if (assetId == null || assetId.isBlank()) {
            return null;
        }
        if (!ASSET_ID.matcher(assetId.strip()).matches()) {
            throw ApiException.badRequest("ASSET_ID_INVALID", "an asset id is 1 to 120 letters, digits or _.:-, such as "
                    + "A-0123456789abcdef-7");
        }
        return assetId.strip();
    }

    private static String checkTransactionId(String transactionId) {
        String txId = transactionId == null ? "" : transactionId.strip().toLowerCase(Locale.ROOT);
        if (!TX_ID.matcher(txId).matches()) {
            throw ApiException.badRequest("TRANSACTION_ID_INVALID", "a transaction id is 64 hexadecimal digits");
        }
        return txId;
    }

    /** A committed block and where each of its endorser transactions is. */
    private record IndexedBlock(Block block, Map<String, Integer> indexes) {
        static IndexedBlock of(Block block) {
            Map<String, Integer> indexes = new HashMap<>();
            for (int i = 0; i < block.getData().getDataCount(); i++) {
                try {
                    indexes.putIfAbsent(EndorserTransaction.parse(block.getData().getData(i)).transactionId(), i);
                } catch (IllegalArgumentException e) {
                    // Not an endorser transaction (a config envelope): no act to certify.
                }
            }
            return new IndexedBlock(block, indexes);
        }

        int index(String txId) {
            Integer index = indexes.get(txId);
            if (index == null) {
                throw new ApiException(HttpStatus.BAD_GATEWAY, "LEDGER_ERROR", "block " + block.getHeader().getNumber()
                        + " returned for transaction " + txId + " does not hold it");
            }
            return index;
        }
    }

    /**
     * The block holding {@code txId}: the last one fetched when it holds it (the acts of a block are
     * usually certified together, and a committed block never changes), else the ledger's.
     */
    private IndexedBlock blockOf(String txId) {
        IndexedBlock last = recentBlock;
        if (last != null && last.indexes().containsKey(txId)) {
            return last;
        }
        recentBlock = IndexedBlock.of(qscc.blockByTxId(txId));
        return recentBlock;
    }

    /**
     * What the transaction did, from its chaincode event: the act is the event's name, the asset and
     * right its payload's; the stated record is the one the payload's {@code recordKey} names (the
     * chaincode picks it and makes its key), with the content digests that record holds.
     */
    private ActRecord actOf(EndorserTransaction tx, String requestedAsset) {
        String txId = tx.transactionId();
        String chaincode = tx.actionChaincode();
        if (!properties.chaincodeName().equals(chaincode)) {
            throw notCertifiable(txId, "it is a transaction of " + chaincode + ", not of the " + properties.chaincodeName()
                    + " contract");
        }
        ChaincodeEvent event = tx.event();
        if (event == null || event.getEventName().isEmpty()) {
            throw notCertifiable(txId, "it emitted no event, so it records no act");
        }
        JsonNode payload;
        try {
            payload = json.readTree(event.getPayload().toStringUtf8());
        } catch (IOException e) {
            throw notCertifiable(txId, "its event payload is not JSON");
        }
        if (ActEvents.isBatch(payload)) {
            // One certificate per data asset of a batch: the request names which one.
            if (requestedAsset == null) {
                throw notCertifiable(txId, "it registers " + payload.path(ActEvents.ASSETS).size()
                        + " data assets in one batch; ask for the certificate of one of them with its assetId");
            }
            payload = ActEvents.entryFor(payload, requestedAsset);
            if (payload == null) {
                throw notCertifiable(txId, "its batch does not register asset " + requestedAsset);
            }
        }
        String assetId = text(payload, "assetId");
        if (requestedAsset != null && !requestedAsset.equals(assetId)) {
            throw notCertifiable(txId, "it acts on " + (assetId == null ? "no asset" : assetId) + ", not on " + requestedAsset);
        }
        if (assetId == null && !REGISTRY_ACTS.contains(event.getEventName())) {
            throw notCertifiable(txId, "its event names no asset");
        }
        String key = text(payload, "recordKey");
        if (key == null) {
            throw notCertifiable(txId, "its event names no record");
        }
        KVWrite write = tx.write(chaincode, key).filter(w -> !w.getIsDelete()).orElseThrow(() ->
                notCertifiable(txId, "it did not write the record its event names"));
        String value = write.getValue().toStringUtf8();
        ActStatus status;
        try {
            status = ActStatus.derive(value, actId -> writtenAct(tx, chaincode, actId));
        } catch (IllegalArgumentException e) {
            throw notCertifiable(txId, "its status cannot be read from the record it wrote: " + e.getMessage());
        }
        return new ActRecord(event.getEventName(), assetId, text(payload, "rightId"), key, recordDigests(write), List.of(),
                status);
    }

    /**
     * A pending act's record: the one this transaction wrote (a registration writes its act with the asset),
     * else the ledger's (which the transaction read, as nothing since then has run before it).
     */
    private String writtenAct(EndorserTransaction tx, String chaincode, String actId) {
        for (KVWrite w : tx.writes(chaincode)) {
            if (w.getIsDelete()) {
                continue;
            }
            try {
                JsonNode v = json.readTree(w.getValue().toStringUtf8());
                if (v != null && actId.equals(text(v, "id")) && v.hasNonNull("stage")) {
                    return w.getValue().toStringUtf8();
                }
            } catch (IOException e) {
                // Not JSON (an index entry): not the act.
            }
        }
        try {
            JsonNode act = rights.act(actId);
            return act == null ? null : json.writeValueAsString(act);
        } catch (RuntimeException | IOException e) {
            log.warn("cannot read pending act {} to state the status of transaction {}: {}", actId, tx.transactionId(),
                    e.getMessage());
            return null;
        }
    }

    /**
     * The ledger's current status of what a certificate states, when it names the pending act that decides
     * it; null when it names none (the act was in effect when made, and no review or publicity changes that).
     */
    public VerificationResult.CurrentStatus currentStatus(ActStatus atIssue) {
        if (atIssue == null || atIssue.actId() == null) {
            return null;
        }
        try {
            JsonNode act = rights.act(atIssue.actId());
            return new VerificationResult.CurrentStatus(ActStatus.ofAct(act), ActStatus.lastChanged(act),
                    "pending act " + atIssue.actId() + " on the ledger");
        } catch (RuntimeException e) {
            return new VerificationResult.CurrentStatus(null, null, "the ledger could not be asked about act "
                    + atIssue.actId() + ": " + e.getMessage());
        }
    }

    private FileDigests recordDigests(KVWrite write) {
        try {
            JsonNode record = json.readTree(write.getValue().toStringUtf8());
            String sha256 = text(record, "sha256");
            String sm3 = text(record, "sm3");
            String manifestRoot = text(record, "manifestRoot");
            if (!HexDigest.isValid(sha256)) {
                sha256 = null;
            }
            if (!HexDigest.isValid(sm3)) {
                sm3 = null;
            }
            if (!HexDigest.isValid(manifestRoot)) {
                manifestRoot = null;
            }
            return sha256 == null && sm3 == null && manifestRoot == null ? null : new FileDigests(sha256, sm3, manifestRoot);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    private static ApiException notCertifiable(String txId, String reason) {
        return ApiException.conflict("TRANSACTION_NOT_CERTIFIABLE", "transaction " + txId + " cannot be certified: " + reason);
    }

    /** The stored certificate of the given form: a version 1 certificate already carries the full block. */
    private Optional<EvidenceCertificate> load(String id, Proof form) {
        if (form == Proof.COMPACT || !TX_ID.matcher(id).matches()) {
            return load(id);
        }
        Optional<EvidenceCertificate> full = read(fullBlockFile(id));
        if (full.isPresent()) {
            return full;
        }
        return load(id).filter(c -> c.content().proof().fullBlock());
    }

    private Optional<EvidenceCertificate> load(String id) {
        if (!TX_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return read(file(id));
    }

    private Optional<EvidenceCertificate> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(EvidenceCertificate.from(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the certificate " + file + ": " + e.getMessage(), e);
        }
    }

    private Path file(String id) {
        return directory.resolve(id + ".json");
    }

    private Path fullBlockFile(String id) {
        return directory.resolve(id + ".full-block.json");
    }
}
