package org.dataright.cli.trust;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.GlobalOptions;
import org.dataright.cli.base.Output;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.evidence.trust.TrustBundleFingerprint;
import org.dataright.fabric.msp.CertificateChains;
import org.dataright.fabric.msp.Organization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dpr trust show}: what a trust bundle file trusts, and its fingerprint. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print what a trust bundle trusts (channel, chaincode, endorsement policy, organisations, issuer and "
            + "time-stamp authority roots) and its SHA-256 fingerprint.",
        footerHeading = "%nExamples:%n",
        footer = "  dpr trust show trust-bundle.json")
final class ShowCommand implements Callable<Integer> {
    @ParentCommand
    TrustCommand parent;

    @Parameters(paramLabel = "FILE", description = "The trust bundle.")
    Path file;

    @Override
    public Integer call() {
        TrustBundle bundle = read(file);
        GlobalOptions global = (GlobalOptions) parent.spec.root().userObject();
        Output output = new Output(parent.spec.commandLine().getOut(), global.json());
        if (output.isJson()) {
            output.printJson(summary(bundle).put("bundle", file.toString()));
        } else {
            output.say("trust bundle " + file);
            describe(output, bundle);
        }
        return ExitCodes.OK;
    }

    /** A trust bundle file, read strictly; bad input is exit 2 with the reader's reason. */
    static TrustBundle read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw CliException.usage("FILE_NOT_FOUND", "the trust bundle " + file + " is not a readable file",
                    "get it with 'dpr trust fetch --service URL --out " + file + "'");
        }
        try (Reader in = Files.newBufferedReader(file)) {
            return TrustBundle.from(in);
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.usage("TRUST_BUNDLE_INVALID", "the trust bundle " + file + " cannot be used: " + e.getMessage(),
                    "use the trust bundle your network operator publishes ('dpr trust fetch --service URL')");
        }
    }

    static ObjectNode summary(TrustBundle bundle) {
        ObjectNode o = Output.object();
        o.put("fingerprint", TrustBundleFingerprint.hex(bundle));
        o.put("channel", bundle.channel());
        o.put("chaincode", bundle.chaincode());
        o.put("endorsementPolicy", bundle.endorsementPolicy().toString());
        ArrayNode orgs = o.putArray("organizations");
        for (Organization org : bundle.organizations()) {
            orgs.addObject().put("mspId", org.mspId()).put("orderer", bundle.membership().isOrdererOrg(org.mspId()));
        }
        subjects(o.putArray("issuers"), bundle.issuers());
        subjects(o.putArray("timestampAuthorities"), bundle.timestampAuthorities());
        return o;
    }

    static void describe(Output output, TrustBundle bundle) {
        output.say("  channel              " + bundle.channel() + ", chaincode " + bundle.chaincode());
        output.say("  endorsement policy   " + bundle.endorsementPolicy());
        output.say("  organisations        " + String.join(", ", bundle.organizations().stream()
                .map(org -> org.mspId() + (bundle.membership().isOrdererOrg(org.mspId()) ? " (orderer)" : "")).toList()));
        output.say("  issuer roots         " + names(bundle.issuers()));
        output.say("  time-stamp roots     " + names(bundle.timestampAuthorities()));
        output.say("  fingerprint SHA-256  " + TrustBundleFingerprint.grouped(bundle));
    }

    private static String names(List<X509Certificate> certs) {
        return certs.isEmpty() ? "none" : String.join("; ", certs.stream().map(CertificateChains::subject).toList());
    }

    private static void subjects(ArrayNode array, List<X509Certificate> certs) {
        certs.forEach(c -> array.add(CertificateChains.subject(c)));
    }
}
