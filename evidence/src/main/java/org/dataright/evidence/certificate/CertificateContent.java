package org.dataright.evidence.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.dataright.evidence.canonical.Jcs;
import org.dataright.evidence.canonical.StrictJson;
import org.dataright.evidence.digest.FileDigests;
import org.dataright.fabric.block.BlockHashes;

/**
 * Everything the issuer signs: the certificate without its {@code signature} and {@code timestampToken}.
 * Its RFC 8785 canonical JSON is the signed message.
 *
 * @param version         format version: {@link #VERSION_1} (the proof carries every envelope of the block) or
 *                        {@link #VERSION_2} (the act's own envelope and a transparency-log proof)
 * @param id              {@link #deriveId}: one certificate per transaction and issuer; for a data asset of a
 *                        batch (an event listing several assets, see {@link ActEvents}), one per asset as well
 * @param act             the act, as the chaincode names its event (e.g. {@code REGISTER_ASSET})
 * @param assetId         the asset acted on
 * @param rightId         the right acted on, or null when the act concerns the asset as a whole
 * @param parties         the submitter first, then any other party the issuer names
 * @param digests         the content digests the record holds, or null for acts without content
 * @param record          the state the act wrote
 * @param transactionTime the transaction's timestamp (its channel header)
 * @param issuedAt        when the issuer signed
 * @param proof           the Fabric proof
 * @param issuer          the issuer's algorithm and certificates
 * @param status          the act's legal status at issue (effective, pending review, in publicity until T,
 *                        rejected), or null when the certificate states none (older certificates)
 * @param logProof        version 2: the c2sp.org/tlog-proof@v1 text proving the act's leaf in the registry's
 *                        transparency log (index, inclusion path, signed checkpoint); null in version 1. Kept as
 *                        text and read by the verifier, so that each way it can be wrong fails the check it concerns
 */
public record CertificateContent(int version, String id, String act, String assetId, String rightId, List<Party> parties,
        FileDigests digests, LedgerRecord record, Instant transactionTime, Instant issuedAt, FabricProof proof,
        IssuerInfo issuer, ActStatus status, String logProof) {
    /** The first format: the proof carries every envelope of the act's block. */
    public static final int VERSION_1 = 1;
    /** The compact format: the act's own envelope, the block header and a transparency-log proof. */
    public static final int VERSION_2 = 2;
    /** A tlog proof of a 64-level path with a checkpoint cosigned by many witnesses stays far below this. */
    static final int MAX_LOG_PROOF = 64 * 1024;
    private static final Pattern ACT = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final byte[] ID_DOMAIN = "dpr-certificate-id/1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ITEM_ID_DOMAIN = "dpr-certificate-id/asset-of-batch/1\0".getBytes(StandardCharsets.US_ASCII);

    public CertificateContent {
        if (version != VERSION_1 && version != VERSION_2) {
            throw new IllegalArgumentException("certificate version " + version + " is not supported (only "
                    + VERSION_1 + " and " + VERSION_2 + ")");
        }
        if (act == null || !ACT.matcher(act).matches()) {
            throw new IllegalArgumentException("act must be an event name like REGISTER_ASSET, not '" + act + "'");
        }
        if (assetId != null && assetId.isEmpty()) {
            throw new IllegalArgumentException("assetId must be omitted rather than empty (it is omitted only for acts "
                    + "on the registry itself, such as CONFIGURE_REGISTRY)");
        }
        if (rightId != null && rightId.isEmpty()) {
            throw new IllegalArgumentException("rightId must be omitted rather than empty");
        }
        parties = List.copyOf(parties);
        if (parties.isEmpty() || !parties.get(0).role().equals(Party.SUBMITTER)
                || parties.stream().filter(p -> p.role().equals(Party.SUBMITTER)).count() != 1) {
            throw new IllegalArgumentException("parties must start with the one submitter");
        }
        if (record == null || transactionTime == null || issuedAt == null || proof == null || issuer == null) {
            throw new IllegalArgumentException("record, transactionTime, issuedAt, proof and issuer are required");
        }
        if (version == VERSION_1 && (logProof != null || !proof.fullBlock())) {
            throw new IllegalArgumentException("a version 1 certificate carries every envelope of its block and no logProof");
        }
        if (version == VERSION_2 && (logProof == null || logProof.isEmpty())) {
            throw new IllegalArgumentException("a version 2 certificate needs its logProof");
        }
        if (logProof != null && logProof.length() > MAX_LOG_PROOF) {
            throw new IllegalArgumentException("logProof has more than " + MAX_LOG_PROOF + " characters");
        }
        String derived = deriveId(proof.transactionId(), issuer.certificate());
        // Which of the two forms applies is the event's to say; the verifier's act check holds it to that.
        if (!derived.equals(id) && (assetId == null || !deriveId(proof.transactionId(), assetId, issuer.certificate())
                .equals(id))) {
            throw new IllegalArgumentException("id " + id + " is not derived from the transaction id and the issuer certificate ("
                    + derived + ")");
        }
    }

    /** A version 1 content (no log proof). */
    public CertificateContent(int version, String id, String act, String assetId, String rightId, List<Party> parties,
            FileDigests digests, LedgerRecord record, Instant transactionTime, Instant issuedAt, FabricProof proof,
            IssuerInfo issuer, ActStatus status) {
        this(version, id, act, assetId, rightId, parties, digests, record, transactionTime, issuedAt, proof, issuer, status,
                null);
    }

    /** A content that states no status, as certificates issued before the field existed. */
    public CertificateContent(int version, String id, String act, String assetId, String rightId, List<Party> parties,
            FileDigests digests, LedgerRecord record, Instant transactionTime, Instant issuedAt, FabricProof proof,
            IssuerInfo issuer) {
        this(version, id, act, assetId, rightId, parties, digests, record, transactionTime, issuedAt, proof, issuer, null);
    }

    /** hex(SHA-256("dpr-certificate-id/1" ‖ 0x00 ‖ transaction id ‖ 0x00 ‖ DER of the issuer certificate)). */
    public static String deriveId(String transactionId, X509Certificate issuerCertificate) {
        try {
            MessageDigest sha256 = BlockHashes.newSha256();
            sha256.update(ID_DOMAIN);
            sha256.update(transactionId.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(issuerCertificate.getEncoded());
            return HexFormat.of().formatHex(sha256.digest());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("issuer certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /**
     * The id of the certificate of one data asset registered in a batch transaction:
     * hex(SHA-256("dpr-certificate-id/asset-of-batch/1" ‖ 0x00 ‖ transaction id ‖ 0x00 ‖ asset id ‖ 0x00 ‖ DER of
     * the issuer certificate)).
     */
    public static String deriveId(String transactionId, String assetId, X509Certificate issuerCertificate) {
        try {
            MessageDigest sha256 = BlockHashes.newSha256();
            sha256.update(ITEM_ID_DOMAIN);
            sha256.update(transactionId.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(assetId.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(issuerCertificate.getEncoded());
            return HexFormat.of().formatHex(sha256.digest());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("issuer certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** The signed message: RFC 8785 canonical JSON of this content. */
    public byte[] canonicalBytes() {
        ObjectNode o = StrictJson.MAPPER.createObjectNode();
        toJson(o);
        return Jcs.canonicalize(o);
    }

    /** The submitter, i.e. the client identity that signed the transaction. */
    public Party submitter() {
        return parties.get(0);
    }

    static final String[] FIELDS = {"version", "id", "act", "assetId", "rightId", "parties", "digests", "record",
        "transactionTime", "issuedAt", "proof", "issuer", "status", "logProof"};

    static CertificateContent fromJson(ObjectNode o) {
        List<Party> parties = new ArrayList<>();
        List<JsonNode> items = StrictJson.array(o, "", "parties");
        for (int i = 0; i < items.size(); i++) {
            String path = "parties[" + i + "]";
            parties.add(Party.fromJson(StrictJson.element(items.get(i), path), path));
        }
        return new CertificateContent(
                (int) StrictJson.integer(o, "", "version", 0, Integer.MAX_VALUE),
                StrictJson.text(o, "", "id"),
                StrictJson.text(o, "", "act"),
                StrictJson.optionalText(o, "", "assetId"),
                StrictJson.optionalText(o, "", "rightId"),
                parties,
                o.has("digests") ? digests(StrictJson.object(o, "", "digests")) : null,
                LedgerRecord.fromJson(StrictJson.object(o, "", "record"), "record"),
                StrictJson.instant(o, "", "transactionTime"),
                StrictJson.instant(o, "", "issuedAt"),
                FabricProof.fromJson(StrictJson.object(o, "", "proof"), "proof"),
                IssuerInfo.fromJson(StrictJson.object(o, "", "issuer"), "issuer"),
                o.has("status") ? ActStatus.fromJson(StrictJson.object(o, "", "status"), "status") : null,
                StrictJson.optionalText(o, "", "logProof"));
    }

    void toJson(ObjectNode o) {
        o.put("version", version);
        o.put("id", id);
        o.put("act", act);
        if (assetId != null) {
            o.put("assetId", assetId);
        }
        if (rightId != null) {
            o.put("rightId", rightId);
        }
        ArrayNode array = o.putArray("parties");
        parties.forEach(p -> p.toJson(array.addObject()));
        if (digests != null) {
            ObjectNode d = o.putObject("digests");
            putIfPresent(d, "sha256", digests.sha256());
            putIfPresent(d, "sm3", digests.sm3());
            putIfPresent(d, "manifestRoot", digests.manifestRoot());
        }
        record.toJson(o.putObject("record"));
        o.put("transactionTime", transactionTime.toString());
        o.put("issuedAt", issuedAt.toString());
        proof.toJson(o.putObject("proof"));
        issuer.toJson(o.putObject("issuer"));
        if (status != null) {
            status.toJson(o.putObject("status"));
        }
        if (logProof != null) {
            o.put("logProof", logProof);
        }
    }

    private static FileDigests digests(ObjectNode d) {
        StrictJson.onlyFields(d, "digests", "sha256", "sm3", "manifestRoot");
        try {
            return new FileDigests(StrictJson.optionalText(d, "digests", "sha256"),
                    StrictJson.optionalText(d, "digests", "sm3"), StrictJson.optionalText(d, "digests", "manifestRoot"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("digests: " + e.getMessage(), e);
        }
    }

    private static void putIfPresent(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
