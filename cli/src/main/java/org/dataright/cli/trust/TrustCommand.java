package org.dataright.cli.trust;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.GlobalOptions;
import org.dataright.cli.base.Output;
import org.dataright.evidence.log.TlogPolicy;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.Organization;
import org.dataright.fabric.policy.EndorsementPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dpr trust bundle}: writes a verifier's trust bundle from organisations' MSP folders, through the
 * evidence module's {@link TrustBundle} (the one writer of the format; network-config's export.sh runs this).
 */
@Command(name = "trust", mixinStandardHelpOptions = true,
        description = "Trust bundles for offline verification.",
        subcommands = {TrustCommand.Bundle.class, FetchCommand.class, ShowCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  dpr trust fetch --service https://registry.example.org --out trust-bundle.json",
            "  dpr trust show trust-bundle.json",
            "  dpr trust bundle --channel registry --chaincode rights --endorsement-policy \"OR('Org1MSP.peer')\" \\",
            "      --orderer-org OrdererMSP=orderer/msp --org Org1MSP=org1/msp --out trust-bundle.json"})
public final class TrustCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** Writes beside the target and moves it into place, so a reader never sees half a bundle. */
    static void write(Path target, String text) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path tmp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Command(name = "bundle", mixinStandardHelpOptions = true,
            description = {"Write a trust bundle (version " + TrustBundle.VERSION + ") from MSP folders: each organisation's "
                + "CA roots (cacerts/*.pem) and intermediates (intermediatecerts/*.pem), the channel, the chaincode, "
                + "the endorsement policy, the roots of the registry's certificate issuers and of the time-stamp "
                + "authorities.",
                "Every organisation the policy names must be given, and at least one orderer organisation."},
            footerHeading = "%nExamples:%n",
            footer = {"  dpr trust bundle --channel registry --chaincode rights \\",
                "      --endorsement-policy \"AND('RegistryOrgMSP.peer',OR('ExchangeOrgMSP.peer','JudiciaryOrgMSP.peer'))\" \\",
                "      --orderer-org OrdererOrgMSP=ordererOrganizations/orderer.example.com/msp \\",
                "      --org RegistryOrgMSP=peerOrganizations/registry.example.com/msp … \\",
                "      --issuer-root data/issuer/ECDSA_P256/root.pem --out run/trust-bundle.json"})
    static final class Bundle implements Callable<Integer> {
        @ParentCommand
        TrustCommand parent;

        @Option(names = "--channel", required = true, paramLabel = "NAME", description = "The channel whose transactions count.")
        String channel;

        @Option(names = "--chaincode", required = true, paramLabel = "NAME", description = "The chaincode whose transactions count.")
        String chaincode;

        @Option(names = "--endorsement-policy", required = true, paramLabel = "POLICY",
                description = "The chaincode's signature policy, e.g. AND('A.peer',OR('B.peer','C.peer')).")
        String policy;

        @Option(names = "--org", paramLabel = "MSPID=DIR", description = "An application organisation and its MSP folder (repeatable).")
        List<String> orgs = new ArrayList<>();

        @Option(names = "--orderer-org", paramLabel = "MSPID=DIR", description = "An orderer organisation and its MSP folder (repeatable).")
        List<String> ordererOrgs = new ArrayList<>();

        @Option(names = "--issuer-root", paramLabel = "FILE", description = "One PEM certificate: a root of the registry's certificate issuers (repeatable).")
        List<Path> issuerRoots = new ArrayList<>();

        @Option(names = "--tsa-root", paramLabel = "FILE",
                description = "One PEM certificate: a root of the RFC 3161 time-stamp authorities whose tokens count (repeatable).")
        List<Path> tsaRoots = new ArrayList<>();

        @Option(names = "--tlog-policy", paramLabel = "FILE", description = "The c2sp.org/tlog-policy of the registry's "
                + "transparency log (its key, witnesses and quorum), e.g. saved from GET <service>/tlog/policy; without it "
                + "no version 2 certificate passes log-checkpoint.")
        Path tlogPolicy;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the bundle (replaced whole); default: standard output.")
        Path out;

        @Override
        public Integer call() throws IOException {
            List<Organization> organizations = new ArrayList<>();
            Set<String> ordererIds = new LinkedHashSet<>();
            for (String org : orgs) {
                organizations.add(organization(org));
            }
            for (String org : ordererOrgs) {
                Organization orderer = organization(org);
                organizations.add(orderer);
                ordererIds.add(orderer.mspId());
            }
            List<X509Certificate> issuers = new ArrayList<>();
            for (Path root : issuerRoots) {
                issuers.add(oneCertificate(root, "--issuer-root",
                        "give the issuer's root certificate, e.g. <data dir>/issuer/ECDSA_P256/root.pem"));
            }
            List<X509Certificate> tsas = new ArrayList<>();
            for (Path root : tsaRoots) {
                tsas.add(oneCertificate(root, "--tsa-root", "give the time-stamp authority's root certificate, the one "
                        + "the registry service has in registry.timestamp.root-certificates"));
            }
            TrustBundle bundle;
            try {
                bundle = new TrustBundle(channel, chaincode, new ChannelMembership(organizations, ordererIds),
                        EndorsementPolicy.parse(policy), issuers, tsas, tlogPolicy == null ? null : tlogPolicy(tlogPolicy));
            } catch (IllegalArgumentException e) {
                throw CliException.usage("BAD_TRUST_BUNDLE", e.getMessage(), "see 'dpr trust bundle --help'");
            }
            String json = bundle.toJson();
            GlobalOptions global = (GlobalOptions) parent.spec.root().userObject();
            Output output = new Output(parent.spec.commandLine().getOut(), global.json());
            if (out == null) {
                output.writer().print(json.endsWith("\n") ? json : json + "\n");
                output.writer().flush();
                return ExitCodes.OK;
            }
            write(out, json.endsWith("\n") ? json : json + "\n");
            ObjectNode summary = Output.object();
            summary.put("bundle", out.toString());
            summary.put("organizations", bundle.organizations().size());
            summary.put("issuers", bundle.issuers().size());
            summary.put("timestampAuthorities", bundle.timestampAuthorities().size());
            if (output.isJson()) {
                output.printJson(summary);
            } else {
                output.say("wrote " + out + " (" + bundle.organizations().size() + " organisations, "
                        + bundle.issuers().size() + " issuer root(s), " + bundle.timestampAuthorities().size()
                        + " time-stamp root(s))");
            }
            return ExitCodes.OK;
        }

        private static X509Certificate oneCertificate(Path file, String option, String hint) {
            String pem = read(file, option);
            if (pem.split("-----BEGIN CERTIFICATE-----", -1).length != 2) {
                throw CliException.usage("BAD_CERTIFICATE", option + " " + file + " must hold exactly one PEM certificate", hint);
            }
            return certificate(pem, option + " " + file);
        }

        private static TlogPolicy tlogPolicy(Path file) {
            String text = read(file, "--tlog-policy");
            try {
                return TlogPolicy.parse(text);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("BAD_TLOG_POLICY", "--tlog-policy " + file + ": " + e.getMessage(),
                        "save the registry's policy with 'curl -s <service>/tlog/policy > tlog-policy.txt'");
            }
        }

        /** MSPID=DIR: the CA roots of DIR/cacerts and the intermediates of DIR/intermediatecerts. */
        private static Organization organization(String spec) throws IOException {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw CliException.usage("USAGE", "'" + spec + "' is not MSPID=DIR", "e.g. --org Org1MSP=org1/msp");
            }
            String mspId = spec.substring(0, eq);
            Path dir = Path.of(spec.substring(eq + 1));
            if (!Files.isDirectory(dir)) {
                throw CliException.usage("FILE_NOT_FOUND", "the MSP folder " + dir + " of " + mspId + " is not a folder",
                        "make the crypto material first");
            }
            List<X509Certificate> roots = certificates(dir.resolve("cacerts"));
            if (roots.isEmpty()) {
                throw CliException.usage("BAD_MSP", dir.resolve("cacerts") + " has no certificate (*.pem) for " + mspId,
                        "make the crypto material first");
            }
            try {
                return new Organization(mspId, roots, certificates(dir.resolve("intermediatecerts")));
            } catch (IllegalArgumentException e) {
                throw CliException.usage("BAD_MSP", e.getMessage(), "check the MSP folder " + dir);
            }
        }

        /** The certificates of the *.pem files of a folder, by file name; none when the folder is not there. */
        private static List<X509Certificate> certificates(Path dir) throws IOException {
            List<X509Certificate> certs = new ArrayList<>();
            if (!Files.isDirectory(dir)) {
                return certs;
            }
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.pem")) {
                stream.forEach(files::add);
            }
            files.sort(null);
            for (Path f : files) {
                certs.add(certificate(read(f, f.toString()), f.toString()));
            }
            return certs;
        }

        private static X509Certificate certificate(String pem, String what) {
            try {
                return Pem.certificate(pem);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("BAD_CERTIFICATE", what + ": " + e.getMessage(), "give a PEM certificate");
            }
        }

        private static String read(Path file, String what) {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw CliException.usage("FILE_NOT_FOUND", what + ": cannot read " + file, "give a readable file");
            }
        }
    }
}
