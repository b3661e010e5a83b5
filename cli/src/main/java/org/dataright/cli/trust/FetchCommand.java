package org.dataright.cli.trust;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.GlobalOptions;
import org.dataright.cli.base.Output;
import org.dataright.cli.service.RegistryService;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.evidence.trust.TrustBundleFingerprint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dpr trust fetch}: the trust bundle a registry service publishes ({@code GET /api/trust-bundle}),
 * read strictly and written in its stable form, with the fingerprint a court compares with the one the
 * operator publishes out of band. Fetching proves nothing by itself: the comparison does.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Get the trust bundle a registry service publishes and print its SHA-256 fingerprint.",
            "Compare the fingerprint with the one the network operator publishes elsewhere (a notice, a letter, a "
                + "web site you trust) before you rely on the bundle: the service alone cannot vouch for itself."},
        footerHeading = "%nExamples:%n",
        footer = {"  dpr trust fetch --service https://registry.example.org --out trust-bundle.json",
            "  dpr verify certificate.pdf --trust trust-bundle.json"})
final class FetchCommand implements Callable<Integer> {
    @ParentCommand
    TrustCommand parent;

    @Option(names = "--service", required = true, paramLabel = "URL", description = "The registry service's address.")
    URI service;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the bundle (replaced whole); default: standard output, the fingerprint on standard error.")
    Path out;

    @Override
    public Integer call() throws IOException {
        String served = new RegistryService(service).trustBundle();
        TrustBundle bundle;
        try {
            bundle = TrustBundle.from(served);
        } catch (IllegalArgumentException e) {
            throw CliException.rejected("TRUST_BUNDLE_INVALID", "the service at " + service + " served a trust bundle that "
                    + "cannot be used: " + e.getMessage(), "check that --service is the registry's address");
        }
        String fingerprint = TrustBundleFingerprint.grouped(bundle);
        GlobalOptions global = (GlobalOptions) parent.spec.root().userObject();
        Output output = new Output(parent.spec.commandLine().getOut(), global.json());
        if (out == null) {
            output.writer().print(bundle.toJson());
            output.writer().flush();
            parent.spec.commandLine().getErr().println("fingerprint (SHA-256): " + fingerprint);
            parent.spec.commandLine().getErr().flush();
            return ExitCodes.OK;
        }
        // The stable form as it is (it ends in a newline), so that sha256sum of the file gives the same digits.
        TrustCommand.write(out, bundle.toJson());
        ObjectNode summary = ShowCommand.summary(bundle);
        summary.put("bundle", out.toString());
        summary.put("service", service.toString());
        if (output.isJson()) {
            output.printJson(summary);
        } else {
            output.say("wrote " + out + " from " + service);
            ShowCommand.describe(output, bundle);
            output.say("compare the fingerprint with the one your network operator publishes before you rely on it");
        }
        return ExitCodes.OK;
    }
}
