package org.dataright.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.cli.base.Progress;
import org.dataright.cli.base.Table;
import org.dataright.cli.certificate.Standings;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.identity.StoredIdentity;
import org.dataright.cli.ledger.ProfileLedger;
import org.dataright.cli.profile.Profile;
import org.dataright.evidence.certificate.ActStatus;
import org.dataright.evidence.certificate.CertificateContent;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.certificate.FabricProof;
import org.dataright.evidence.digest.FileDigests;
import org.dataright.evidence.pdf.CertificatePdf;
import org.dataright.evidence.pdf.PdfCertificate;
import org.dataright.evidence.pdf.PdfLimitExceededException;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.evidence.trust.TrustBundleFingerprint;
import org.dataright.evidence.verify.Check;
import org.dataright.evidence.verify.SeenCheckpoints;
import org.dataright.evidence.verify.TrustedRoot;
import org.dataright.evidence.verify.VerificationResult;
import org.dataright.evidence.verify.Verifier;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.ledger.client.KeyFingerprint;
import org.dataright.ledger.client.LedgerEndpoint;
import org.dataright.ledger.client.LedgerException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dpr verify}: the evidence module's offline verifier, every check listed; exit 0 on PASS, 1 on
 * FAIL. The act's status at issue is printed first, and the verdict line says when the act was not in
 * effect ({@code PASS (act not in effect: pending review)}). {@code --online} adds three checks, the stated
 * block's header hash against the live ledger's block, the transaction's validation code against the one the
 * ledger records (qscc GetTransactionByID) and the signing key against the participant directory, and the status
 * the ledger shows now. The trusted time and the time the
 * client claims are printed, then the trust bundle (file and fingerprint) and the roots each chain check used.
 *
 * <p>The checkpoints of version 2 certificates are remembered in {@code <config dir>/seen-checkpoints}
 * ({@link SeenCheckpoints}): a later checkpoint of the same log with the same size and another root is a
 * split view; one of another size is checked with a consistency proof from the log's tiles with {@code --online}.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Verify an evidence certificate offline, with nothing but the certificate (JSON, or the PDF that embeds "
                + "it), the network's trust bundle and, optionally, the original file. Every check is listed with "
                + "its reason. Exit 0 when it passes, 1 when any check fails.",
            "The act's status at issue (effective, pending review, in publicity until a time, rejected) is printed "
                + "first; a PASS for an act not in effect says so.",
            "--online also asks the ledger for the certificate's block and compares its header hash, for the "
                + "transaction's validation code (a transaction the ledger marks invalid fails), for the key that "
                + "signed the act in the participant directory (one never bound, or revoked before the act, fails; "
                + "one revoked since is reported) and for the act's current status (e.g. now: REJECTED since <time>).",
            "The trusted time (a time-stamp authority's or a witness's) is printed beside the time the client claims; "
                + "a claim more than 60 s after the trusted time fails trusted-time. The trust bundle used (file, "
                + "SHA-256 fingerprint) and the roots each chain check ended at are printed last.",
            "A version 2 certificate's checkpoint is checked against the trust bundle's tlog policy and remembered in "
                + "<config dir>/seen-checkpoints: another checkpoint of the same log and size with a different root is "
                + "reported as a split view; with --online, one of another size is checked by a consistency proof "
                + "computed from the log's tiles.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  dpr verify sales-2024.csv.certificate.json --file sales-2024.csv",
            "  dpr verify certificate.pdf --trust trust-bundle.json --json",
            "  dpr verify sales-2024.csv.certificate.json --online",
        })
public final class VerifyCommand extends DprCommand {
    /** The name of the check {@code --online} adds for the block. */
    public static final String ONLINE_CHECK = "online-block";
    /** The name of the check {@code --online} adds for the transaction's validation code. */
    public static final String ONLINE_VALIDATION_CHECK = "online-validation-code";
    /** The name of the check {@code --online} adds for the key that signed the act, in the participant directory. */
    public static final String ONLINE_KEY_CHECK = "online-signing-key";
    /** The file, in the user's config directory, of the transparency-log checkpoints seen before. */
    public static final String SEEN_CHECKPOINTS = "seen-checkpoints";
    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    @Parameters(paramLabel = "CERT", description = "The certificate: JSON, or its PDF.")
    Path certificate;

    @Option(names = "--file", paramLabel = "FILE", description = "The original file, hashed here and compared with the certificate's digests.")
    Path file;

    @Option(names = "--trust", paramLabel = "BUNDLE", description = "The network's trust bundle (default: the profile's).")
    Path trust;

    /** The trust bundle file the verifier used. */
    private Path bundlePath;

    /** The PDF given as the certificate, with its own checks; null for a JSON certificate. */
    private PdfCertificate pdf;

    @Option(names = "--online", description = "Also compare the certificate's block with the live ledger's (needs a profile and identity).")
    boolean online;

    @Override
    public Integer call() {
        String json = readCertificate();
        TrustedBundle trusted = trustBundle(trust);
        TrustBundle bundle = trusted.bundle();
        bundlePath = trusted.path();
        if (Standings.isStanding(json)) {
            int exit = Standings.verifyAndPrint(json, bundle, output());
            out().flush();
            return exit;
        }
        FileDigests digests = file == null ? null : hash(file);
        Verifier verifier = Verifier.forBundle(bundle).remembering(seenCheckpoints(), online ? new TileConsistency() : null);
        VerificationResult result = pdf == null ? verifier.verify(json, digests)
                : pdf.verify(verifier, digests).withStatusOf(json);
        if (online) {
            List<Check> checks = new ArrayList<>(result.checks());
            checks.addAll(onlineChecks(json));
            result = result.withChecks(checks).withStatusNow(currentStatus(result.status()));
        }
        String fingerprint = TrustBundleFingerprint.grouped(bundle);
        if (root().json()) {
            out().println(withTrustBundle(result.toJson(), TrustBundleFingerprint.hex(bundle)));
        } else {
            out().println(result.statusLine());
            if (result.statusNowLine() != null) {
                out().println(result.statusNowLine());
            }
            if (result.time() != null) {
                out().println(result.time().trustedLine());
                out().println(result.time().claimedLine());
            }
            out().println();
            Table table = new Table("STATUS", "CHECK", "REASON");
            for (Check c : result.checks()) {
                table.row(c.status(), c.name(), c.reason());
            }
            table.render(out());
            out().println();
            out().println("verdict: " + result.verdictLine()
                    + (result.certificateId() == null ? "" : " (certificate " + result.certificateId() + ")"));
            if (!result.passed()) {
                out().println("failed: " + String.join(", ", result.failures().stream().map(Check::name).toList()));
            }
            printRoots(result);
            out().println("trust bundle: " + bundlePath + " (fingerprint SHA-256 " + fingerprint + ")");
        }
        out().flush();
        return result.passed() ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }

    private String readCertificate() {
        byte[] bytes;
        if (!Files.isRegularFile(certificate)) {
            throw CliException.usage("FILE_NOT_FOUND", "the certificate " + certificate + " is not a readable file",
                    "give the .certificate.json or .certificate.pdf file");
        }
        try {
            bytes = Files.readAllBytes(certificate);
        } catch (IOException e) {
            throw CliException.usage("FILE_NOT_FOUND", "the certificate " + certificate + " cannot be read: "
                    + e.getMessage(), "give the .certificate.json or .certificate.pdf file");
        }
        if (bytes.length >= PDF_MAGIC.length && Arrays.equals(Arrays.copyOf(bytes, PDF_MAGIC.length), PDF_MAGIC)) {
            try {
                pdf = CertificatePdf.read(bytes);
                return pdf.json();
            } catch (PdfLimitExceededException e) {
                throw CliException.usage("CERTIFICATE_TOO_LARGE", "the certificate " + certificate + " is refused: "
                        + e.getMessage(), "give the .certificate.pdf the registry issued, or its .certificate.json");
            } catch (IllegalArgumentException e) {
                // Reported by the verifier as a failed format check, like any other malformed certificate.
                return "";
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The bundle's roots each chain check ended at, by SHA-256 of the root certificate (as {@code openssl x509 -fingerprint}). */
    private void printRoots(VerificationResult result) {
        List<Check> anchored = result.checks().stream().filter(c -> !c.roots().isEmpty()).toList();
        if (anchored.isEmpty()) {
            return;
        }
        out().println("roots used:");
        for (Check c : anchored) {
            for (TrustedRoot r : c.roots()) {
                out().println("  " + String.format("%-19s", c.name()) + " '" + r.subject() + "' SHA-256 " + r.sha256());
            }
        }
    }

    /** The verifier's JSON with the file and fingerprint of the trust bundle it used. */
    private String withTrustBundle(String json, String fingerprint) {
        try {
            ObjectNode root = (ObjectNode) Output.JSON.readTree(json);
            root.putObject("trustBundle").put("file", bundlePath.toString()).put("fingerprint", fingerprint);
            return Output.JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("the verifier's JSON always parses", e);
        }
    }

    /** The checkpoints this user's verifications saw: {@code <config dir>/seen-checkpoints}. */
    private SeenCheckpoints seenCheckpoints() {
        java.nio.file.Path file = profiles().root().resolve(SEEN_CHECKPOINTS);
        try {
            return SeenCheckpoints.inFile(file);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw CliException.usage("SEEN_CHECKPOINTS_UNREADABLE", "the checkpoints seen before cannot be read: "
                    + e.getMessage(), "move " + file + " aside (a new one is started) and verify again");
        }
    }


    private FileDigests hash(Path path) {
        if (!Files.isRegularFile(path)) {
            throw CliException.usage("FILE_NOT_FOUND", "--file " + path + " is not a readable file", "check the path");
        }
        try {
            long size = Files.size(path);
            Progress progress = env().stderrIsTerminal() && size >= Progress.LARGE_FILE_BYTES
                    ? new Progress(err(), path.getFileName().toString(), size) : null;
            try (InputStream in = Files.newInputStream(path)) {
                return FileDigests.of(progress == null ? in : progress.wrap(in));
            } finally {
                if (progress != null) {
                    progress.finish();
                }
            }
        } catch (IOException e) {
            throw CliException.usage("FILE_UNREADABLE", "cannot read " + path + ": " + e.getMessage(), "check the file");
        }
    }

    /**
     * The status the ledger shows now, from the pending act the certificate names; when it names none the
     * act was in effect when made, and review and publicity cannot change that.
     */
    private VerificationResult.CurrentStatus currentStatus(ActStatus atIssue) {
        if (atIssue == null) {
            return new VerificationResult.CurrentStatus(null, null, "the certificate states no status to compare");
        }
        if (atIssue.actId() == null) {
            return new VerificationResult.CurrentStatus(atIssue, null,
                    "no review or publicity governs this act, so its status cannot have changed");
        }
        try {
            JsonNode act = ProfileLedger.call(profile(), ledger -> ledger.rights().act(atIssue.actId()));
            return new VerificationResult.CurrentStatus(ActStatus.ofAct(act), ActStatus.lastChanged(act),
                    "pending act " + atIssue.actId() + " on the ledger");
        } catch (RuntimeException e) {
            return new VerificationResult.CurrentStatus(null, null, "the ledger could not be asked about act "
                    + atIssue.actId() + ": " + e.getMessage());
        }
    }

    /**
     * The live ledger's word on the certificate's block (its header hash) and transaction (its validation code,
     * from qscc GetTransactionByID): TRANSACTIONS_FILTER is not signed, so only the ledger can say a
     * transaction was invalidated.
     */
    private List<Check> onlineChecks(String json) {
        CertificateContent content;
        try {
            content = EvidenceCertificate.from(json).content();
        } catch (IllegalArgumentException e) {
            String why = "the certificate does not parse, so it names no block or transaction";
            return List.of(new Check(ONLINE_CHECK, Check.Status.SKIPPED, why),
                    new Check(ONLINE_VALIDATION_CHECK, Check.Status.SKIPPED, why), new Check(ONLINE_KEY_CHECK, Check.Status.SKIPPED, why));
        }
        FabricProof proof = content.proof();
        Profile profile = profile();
        LedgerEndpoint endpoint = ProfileLedger.endpoint(profile);
        if (!endpoint.channel().equals(proof.channel())) {
            String why = "the profile's ledger is channel " + endpoint.channel() + ", the certificate's is " + proof.channel();
            return List.of(new Check(ONLINE_CHECK, Check.Status.FAILED, why),
                    new Check(ONLINE_VALIDATION_CHECK, Check.Status.FAILED, why), new Check(ONLINE_KEY_CHECK, Check.Status.FAILED, why));
        }
        return List.of(onlineBlock(proof, profile, endpoint), onlineValidationCode(proof, profile, endpoint),
                onlineSigningKey(content, profile, endpoint));
    }

    private static Check onlineBlock(FabricProof proof, Profile profile, LedgerEndpoint endpoint) {
        Block live = ProfileLedger.call(profile, ledger -> ledger.qscc().blockByNumber(proof.blockNumber()));
        HexFormat hex = HexFormat.of();
        String stated = hex.formatHex(BlockHashes.headerHash(proof.blockHeader()));
        String actual = hex.formatHex(BlockHashes.headerHash(live.getHeader()));
        if (!stated.equals(actual)) {
            return new Check(ONLINE_CHECK, Check.Status.FAILED, "block " + proof.blockNumber() + " on the ledger at "
                    + endpoint.target() + " has header hash " + actual + ", the certificate states " + stated);
        }
        return new Check(ONLINE_CHECK, Check.Status.PASSED, "block " + proof.blockNumber() + " on the ledger at "
                + endpoint.target() + " has the stated header hash " + stated);
    }

    private static Check onlineValidationCode(FabricProof proof, Profile profile, LedgerEndpoint endpoint) {
        String txId = proof.transactionId();
        Optional<ProcessedTransaction> recorded = ProfileLedger.call(profile, ledger -> ledger.qscc().transaction(txId));
        if (recorded.isEmpty()) {
            return new Check(ONLINE_VALIDATION_CHECK, Check.Status.FAILED, "the ledger at " + endpoint.target()
                    + " knows no transaction " + txId);
        }
        if (!recorded.get().getTransactionEnvelope().toByteString().equals(proof.envelope())) {
            return new Check(ONLINE_VALIDATION_CHECK, Check.Status.FAILED, "the ledger at " + endpoint.target()
                    + " holds another envelope for transaction " + txId + " than the certificate's");
        }
        TxValidationCode code = TxValidationCode.forNumber(recorded.get().getValidationCode());
        String name = code == null ? "code " + recorded.get().getValidationCode() : code.name();
        if (!name.equals(proof.validationCode())) {
            return new Check(ONLINE_VALIDATION_CHECK, Check.Status.FAILED, "the ledger at " + endpoint.target()
                    + " records transaction " + txId + " as " + name + ", the certificate states " + proof.validationCode()
                    + (code == TxValidationCode.VALID ? "" : ": the act did not take effect"));
        }
        return new Check(ONLINE_VALIDATION_CHECK, Check.Status.PASSED, "the ledger at " + endpoint.target()
                + " records transaction " + txId + " as " + name + ", as the certificate states");
    }

    /**
     * What the live participant directory says of the key that signed the act: a key it never bound, or one
     * revoked before the act's time, fails (the chaincode refuses both, so only a forged ledger or certificate
     * has them); a key renewed, rebound or revoked since is reported, and passes: it was current when used.
     */
    private static Check onlineSigningKey(CertificateContent content, Profile profile, LedgerEndpoint endpoint) {
        X509Certificate signer = content.submitter().certificate();
        String party = StoredIdentity.partyOf(content.submitter().mspId(), signer);
        String fingerprint = KeyFingerprint.of(signer);
        Optional<JsonNode> entry = ProfileLedger.call(profile, ledger -> {
            try {
                return Optional.of(ledger.rights().participant(party));
            } catch (LedgerException e) {
                if ("PARTICIPANT_NOT_FOUND".equals(e.code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
        String where = "the participant directory at " + endpoint.target();
        if (entry.isEmpty() || entry.get().path("keys").isEmpty()) {
            return new Check(ONLINE_KEY_CHECK, Check.Status.SKIPPED, where + (entry.isEmpty() ? " does not hold " : " has no key of ")
                    + party + " (a ledger from before keys were pinned), so it cannot say whether key " + fingerprint
                    + " was current");
        }
        for (JsonNode key : entry.get().path("keys")) {
            if (!fingerprint.equals(key.path("fingerprint").asText())) {
                continue;
            }
            String until = key.path("until").asText(null);
            String end = key.path("end").asText("");
            if (until == null) {
                return new Check(ONLINE_KEY_CHECK, Check.Status.PASSED, where + ": key " + fingerprint + " of " + party
                        + " is current (bound " + key.path("from").asText() + ", " + key.path("how").asText() + ")");
            }
            boolean revokedBefore = "REVOKED".equals(end) && !Instant.parse(until).isAfter(content.transactionTime());
            String since = "key " + fingerprint + " of " + party + " ended " + until + " (" + end
                    + (key.path("endReason").isTextual() ? ": " + key.path("endReason").asText() : "") + ", transaction "
                    + key.path("untilTx").asText() + ")";
            return revokedBefore
                    ? new Check(ONLINE_KEY_CHECK, Check.Status.FAILED, where + ": " + since + ", before the act's time "
                            + content.transactionTime() + ": the certificate's act was signed with a revoked key")
                    : new Check(ONLINE_KEY_CHECK, Check.Status.PASSED, where + ": " + since + ", after the act's time "
                            + content.transactionTime() + "; it was current when the act was signed");
        }
        return new Check(ONLINE_KEY_CHECK, Check.Status.FAILED, where + " never bound key " + fingerprint + " to " + party
                + ": the act was not signed with a key of that participant");
    }
}
