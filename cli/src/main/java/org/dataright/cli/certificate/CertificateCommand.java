package org.dataright.cli.certificate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.cli.base.Table;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.service.RegistryService;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.map.Standing;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dpr certificate get}: a transaction's evidence certificate, saved as JSON and PDF. */
@Command(name = "certificate", mixinStandardHelpOptions = true,
        description = "Evidence certificates issued by the registry.",
        subcommands = {CertificateCommand.Get.class, CertificateCommand.StandingOf.class},
        footerHeading = "%nExamples:%n",
        footer = {"  dpr certificate get --tx 3f9c…e1 --out evidence/", "  dpr certificate standing A-7Q2…/RESOURCE_HOLDING"})
public final class CertificateCommand {
    private CertificateCommand() {
    }

    /** {@code dpr certificate get}. */
    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Get the certificate of a transaction (issued on first request) or by its id, and save "
                + "<name>.certificate.json and .pdf in --out.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr certificate get --tx 3f9c…e1", "  dpr certificate get --id C-3f9c… --out evidence/",
                "  dpr certificate get --tx 3f9c…e1 --full-block",
                "  dpr certificate get --tx 3f9c…e1 --asset A-3f9c…-7   # one data asset of a batch registration"})
    public static final class Get extends DprCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--tx", paramLabel = "TXID", description = "Transaction id (64 hex).")
            String transactionId;

            @Option(names = "--id", paramLabel = "ID", description = "Certificate id.")
            String id;
        }

        @Option(names = "--asset", paramLabel = "ASSET", description = "With --tx: the data asset, when the transaction "
                + "registered a batch of them (each has its own certificate).")
        String asset;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "Directory to save into (default: .).")
        Path out;

        @Option(names = "--full-block", description = "Also embed every envelope of the act's block (Fabric's own block "
                + "proof, other acts' transactions included; megabytes under load). Default: the compact certificate, "
                + "the act's own envelope and its transparency-log proof.")
        boolean fullBlock;

        @Override
        public Integer call() {
            RegistryService service = new RegistryService(profile().requireService());
            String certificate;
            String base;
            if (which.transactionId != null) {
                certificate = service.issueCertificate(which.transactionId, asset, fullBlock);
                base = asset == null ? which.transactionId : asset;
            } else {
                if (asset != null) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--asset goes with --tx");
                }
                certificate = service.certificate(which.id, fullBlock);
                base = which.id;
            }
            Certificates.Saved saved = Certificates.save(service, certificate, out, base);
            ObjectNode node = Output.object();
            node.put("id", saved.id());
            node.put("json", saved.json().toString());
            node.put("pdf", saved.pdf().toString());
            output().print(node, Table.fieldsOf(node));
            return ExitCodes.OK;
        }
    }

    /** {@code dpr certificate standing}. */
    @Command(name = "standing", mixinStandardHelpOptions = true,
            description = {"Get a data asset's standing as of the registry's latest checkpoint — every current record: "
                + "holder, status, open offer, pledge and freeze of each right, licences — with the state-map proof that "
                + "these are all of them, verify it against the trust bundle and save <asset>.standing-<size>.json in --out.",
                "A standing proves absence too: 'pledge: none' means no pledge as of that checkpoint. "
                    + "'dpr verify' checks a saved one offline."},
            footerHeading = "%nExamples:%n",
            footer = {"  dpr certificate standing A-7Q2…/RESOURCE_HOLDING", "  dpr certificate standing A-7Q2… --out evidence/"})
    public static final class StandingOf extends DprCommand {
        @Parameters(paramLabel = "ASSET|RIGHT", description = "A data asset id, or a right id (<asset id>/<right type>).")
        String which;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "Directory to save into (default: .).")
        Path out;

        @Option(names = "--trust", paramLabel = "BUNDLE", description = "The network's trust bundle (default: the profile's).")
        Path trust;

        @Override
        public Integer call() throws IOException {
            int slash = which.indexOf('/');
            String assetId = slash < 0 ? which : which.substring(0, slash);
            if (assetId.isBlank()) {
                throw CliException.usage("USAGE", "'" + which + "' names no data asset", "give A-… or A-…/RESOURCE_HOLDING");
            }
            TrustedBundle trusted = trustBundle(trust);
            String json = new RegistryService(profile().requireService()).standing(assetId);
            Standing standing;
            try {
                standing = Standing.fromJson(json);
            } catch (IllegalArgumentException e) {
                throw CliException.failed("STANDING_INVALID", "the registry's standing of " + assetId + " cannot be read: "
                        + e.getMessage(), "report this to the registry's operator", e);
            }
            long size = Checkpoint.parse(standing.checkpoint().text()).size();
            Files.createDirectories(out);
            Path file = out.resolve(assetId + ".standing-" + size + ".json");
            Files.writeString(file, json, StandardCharsets.UTF_8);
            int exit = Standings.verifyAndPrint(json, trusted.bundle(), output());
            if (!root().json()) {
                output().say("saved " + file);
            }
            out().flush();
            return exit;
        }
    }
}
