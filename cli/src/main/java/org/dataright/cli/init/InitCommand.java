package org.dataright.cli.init;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Table;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.profile.Profile;
import org.dataright.cli.profile.ProfileStore;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.ledger.client.ConnectionProfile;
import org.dataright.ledger.client.LedgerEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code dpr init}: writes a profile for the embedded registry or for a Fabric network. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {
            "Create a profile: the registry service to use and, for a Fabric network, its connection profile "
                + "and trust bundle. Profiles live in $DPR_HOME, else $XDG_CONFIG_HOME/dpr, else ~/.config/dpr.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  dpr init --service http://127.0.0.1:8080",
            "  dpr init --profile org1 --fabric --connection-profile connection-org1.yaml \\",
            "           --trust-bundle trust-bundle.json --service https://registry.example.org",
        })
public final class InitCommand extends DprCommand {

    @Option(names = "--service", paramLabel = "URL", description = "Registry service base URL (required for the embedded registry).")
    String service;

    @Option(names = "--fabric", description = "Use a Fabric network: needs --connection-profile and --trust-bundle.")
    boolean fabric;

    @Option(names = "--connection-profile", paramLabel = "FILE", description = "Fabric connection profile (JSON or YAML).")
    Path connectionProfile;

    @Option(names = "--trust-bundle", paramLabel = "FILE", description = "The network's trust bundle, for verifying certificates.")
    Path trustBundle;

    @Option(names = "--channel", paramLabel = "NAME", defaultValue = Profile.DEFAULT_CHANNEL,
            description = "Channel (default: ${DEFAULT-VALUE}).")
    String channel;

    @Option(names = "--chaincode", paramLabel = "NAME", defaultValue = Profile.DEFAULT_CHAINCODE,
            description = "Chaincode name (default: ${DEFAULT-VALUE}).")
    String chaincode;

    @Option(names = "--force", description = "Overwrite an existing profile (its identity is kept).")
    boolean force;

    @Override
    public Integer call() {
        URI serviceUrl = Profile.serviceUrl(spec.commandLine(), service);
        if (fabric) {
            if (connectionProfile == null || trustBundle == null) {
                throw new ParameterException(spec.commandLine(),
                        "--fabric needs --connection-profile FILE and --trust-bundle FILE");
            }
            readable(connectionProfile, "connection profile");
            readable(trustBundle, "trust bundle");
        } else {
            if (serviceUrl == null) {
                throw new ParameterException(spec.commandLine(),
                        "the embedded registry needs --service URL (or use --fabric for a Fabric network)");
            }
            if (connectionProfile != null || trustBundle != null) {
                throw new ParameterException(spec.commandLine(),
                        "--connection-profile and --trust-bundle belong to --fabric");
            }
        }
        String name = root().profileName();
        ProfileStore store = profiles();
        if (store.exists(name) && !force) {
            throw CliException.usage("PROFILE_EXISTS", "profile '" + name + "' already exists in " + store.root(),
                    "add --force to overwrite it (the identity is kept), or choose another --profile");
        }
        String mspId = null;
        LedgerEndpoint peer = null;
        if (fabric) {
            try {
                ConnectionProfile checked = ConnectionProfile.read(connectionProfile);
                mspId = checked.clientMspId();
                peer = checked.endpoint(null, null, channel, chaincode);
            } catch (IOException | IllegalArgumentException e) {
                throw CliException.usage("CONNECTION_PROFILE_INVALID",
                        "the connection profile " + connectionProfile + " cannot be used: " + e.getMessage(),
                        "use the connection profile your network operator publishes (network-config/run/profiles)");
            }
            checkTrustBundle(trustBundle);
        }
        Profile profile = new Profile(name, fabric ? Profile.Mode.FABRIC : Profile.Mode.EMBEDDED, serviceUrl,
                channel, chaincode, store.dir(name));
        store.save(profile);
        try {
            if (fabric) {
                profile.copyConnectionProfile(connectionProfile);
                Files.copy(trustBundle, profile.trustBundle(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw CliException.failed("WRITE_FAILED", "cannot copy into " + profile.dir() + ": " + e.getMessage(),
                    "check that the directory is writable", e);
        }
        var description = profile.describe();
        if (peer != null) {
            description.put("mspId", mspId);
            description.put("peer", peer.target());
        }
        output().print(description, Table.fieldsOf(description));
        output().say(fabric ? "next: get your certificate from your organisation's CA and run 'dpr identity import'"
                : "next: dpr identity enroll --token TOKEN --name \"Your organisation\"");
        return ExitCodes.OK;
    }

    private void readable(Path file, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw CliException.usage("FILE_NOT_FOUND", "the " + what + " " + file + " is not a readable file",
                    "check the path");
        }
    }

    private static void checkTrustBundle(Path file) {
        try (Reader in = Files.newBufferedReader(file)) {
            TrustBundle.from(in);
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.usage("TRUST_BUNDLE_INVALID", "the trust bundle " + file + " cannot be used: "
                    + e.getMessage(), "use the trust-bundle.json your network operator publishes");
        }
    }
}
