package org.dataright.cli.certificate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.cli.base.Table;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.service.RegistryService;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dpr certificate get}: a transaction's evidence certificate, saved as JSON and PDF. */
@Command(name = "certificate", mixinStandardHelpOptions = true,
        description = "Evidence certificates issued by the registry.",
        subcommands = CertificateCommand.Get.class,
        footerHeading = "%nExamples:%n",
        footer = {"  dpr certificate get --tx 3f9c…e1 --out evidence/"})
public final class CertificateCommand {
    private CertificateCommand() {
    }

    /** {@code dpr certificate get}. */
    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Get the certificate of a transaction (issued on first request) or by its id, and save "
                + "<name>.certificate.json and .pdf in --out.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr certificate get --tx 3f9c…e1", "  dpr certificate get --id C-3f9c… --out evidence/",
                "  dpr certificate get --tx 3f9c…e1 --full-block"})
    public static final class Get extends DprCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--tx", paramLabel = "TXID", description = "Transaction id (64 hex).")
            String transactionId;

            @Option(names = "--id", paramLabel = "ID", description = "Certificate id.")
            String id;
        }

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
                certificate = service.issueCertificate(which.transactionId, fullBlock);
                base = which.transactionId;
            } else {
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
}
