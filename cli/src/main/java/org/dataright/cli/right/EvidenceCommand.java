package org.dataright.cli.right;

import java.nio.file.Path;
import org.dataright.evidence.digest.ContentDigests;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.RightsContract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dpr evidence anchor FILE}: binds a document's digests to an asset and saves the certificate beside it. */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = "Anchor documents (contracts, processing logs, audit reports) to an asset.",
        subcommands = EvidenceCommand.Anchor.class,
        footerHeading = "%nExamples:%n",
        footer = {"  dpr evidence anchor processing-log-2025-03.txt --asset A-3f9c0d1e2a4b5c6d --kind PROCESSING_LOG"})
public final class EvidenceCommand {
    private EvidenceCommand() {
    }

    /** Kinds of evidence the contract records. */
    public enum Kind { CONTRACT, PROCESSING_LOG, AUDIT_REPORT, OTHER }

    @Command(name = "anchor", mixinStandardHelpOptions = true,
            description = "Hash FILE here (SHA-256 and SM3), anchor the digests to an asset, and save the evidence "
                + "certificate next to FILE (or in --out).",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr evidence anchor contract.pdf --asset A-3f9c0d1e2a4b5c6d --kind CONTRACT --description \"sale to Beta\""})
    public static final class Anchor extends ActCommand {
        @Parameters(paramLabel = "FILE", description = "The document; it never leaves this machine.")
        Path file;

        @Option(names = "--asset", required = true, paramLabel = "ASSET", description = "Asset id.")
        String assetId;

        @Option(names = "--kind", paramLabel = "KIND", defaultValue = "OTHER",
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Kind kind;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--no-certificate", description = "Do not fetch the evidence certificate.")
        boolean noCertificate;

        private ContentDigests digests;

        @Override
        protected void prepare() {
            digests = Digests.of("FILE", file);
        }

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.anchorEvidence(assetId, kind.name(), digests.sha256(), digests.sm3(), description);
        }

        @Override
        protected boolean certificateByDefault() {
            return !noCertificate;
        }

        @Override
        protected Path certificateDir() {
            if (spec.commandLine().getParseResult().hasMatchedOption("--out")) {
                return super.certificateDir();
            }
            Path parent = file.toAbsolutePath().getParent();
            return parent == null ? super.certificateDir() : parent;
        }

        @Override
        protected String certificateBase(Committed committed) {
            return file.getFileName().toString();
        }
    }
}
