package org.dataright.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.dataright.cli.asset.AssetCommand;
import org.dataright.cli.base.Env;
import org.dataright.cli.base.GlobalOptions;
import org.dataright.cli.certificate.CertificateCommand;
import org.dataright.cli.identity.IdentityCommand;
import org.dataright.cli.identity.TokenCommand;
import org.dataright.cli.init.InitCommand;
import org.dataright.cli.ledger.LedgerCommand;
import org.dataright.cli.participant.KeyCommands;
import org.dataright.cli.participant.ParticipantCommand;
import org.dataright.cli.right.EvidenceCommand;
import org.dataright.cli.right.FreezeCommands;
import org.dataright.cli.right.LicenceCommand;
import org.dataright.cli.right.ObjectionCommand;
import org.dataright.cli.right.PendingActCommand;
import org.dataright.cli.right.PledgeCommands;
import org.dataright.cli.right.RegistryCommand;
import org.dataright.cli.right.RightCommand;
import org.dataright.cli.right.RightsCommand;
import org.dataright.cli.trust.TrustCommand;
import org.dataright.cli.verify.VerifyCommand;
import org.dataright.cli.witness.WitnessCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command: global options and the command tree. {@link #main} is the jar's entry point. */
@Command(name = "dpr", mixinStandardHelpOptions = true, versionProvider = Dpr.Version.class,
        description = "Data property rights registry: identities, registration of data assets, acts on their "
                + "rights, evidence certificates and their offline verification.",
        subcommands = {
            InitCommand.class,
            IdentityCommand.class,
            TokenCommand.class,
            AssetCommand.class,
            RightCommand.class,
            RightsCommand.class,
            LicenceCommand.class,
            PledgeCommands.Pledge.class,
            ParticipantCommand.class,
            PledgeCommands.Release.class,
            FreezeCommands.Freeze.class,
            FreezeCommands.Unfreeze.class,
            ObjectionCommand.class,
            PendingActCommand.class,
            RegistryCommand.class,
            EvidenceCommand.class,
            LedgerCommand.class,
            CertificateCommand.class,
            VerifyCommand.class,
            TrustCommand.class,
            WitnessCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:success",
            "1:verification failed",
            "2:usage error (bad option, file, profile or identity)",
            "3:rejected by the ledger or the registry (its error code is printed)",
            "4:cannot connect to the registry service or the ledger",
            "5:local failure (I/O error, fault in dpr)",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  dpr init --service http://127.0.0.1:8080",
            "  dpr identity enroll --token 7f3a… --name \"Acme Data Ltd\"",
            "  dpr asset register sales-2024.csv --title \"Sales 2024\" --industry retail --region CN-31",
            "  dpr verify sales-2024.csv.certificate.json --file sales-2024.csv",
            "  source <(dpr completion)",
        })
public final class Dpr implements Runnable, GlobalOptions {

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Profile to use (default: $DPR_PROFILE, else 'default').")
    String profile;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print JSON on stdout instead of tables, for machines.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Env env;

    public Dpr(Env env) {
        this.env = env;
    }

    /** Held so the setting sticks: gRPC's informational logging is not for dpr's users. */
    private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

    public static void main(String[] args) {
        Env env = Env.system();
        if (!env.debug()) {
            GRPC_LOG.setLevel(java.util.logging.Level.SEVERE);
        }
        int exit = commandLine(new Dpr(env)).execute(args);
        System.exit(exit);
    }

    /** The configured command line: error handlers and exit codes as documented. */
    public static CommandLine commandLine(Dpr dpr) {
        ErrorHandlers handlers = new ErrorHandlers(dpr.env.debug());
        CommandLine commandLine = new CommandLine(dpr);
        CommandLine identity = commandLine.getSubcommands().get("identity");
        for (Class<?> keyCommand : KeyCommands.IDENTITY_SUBCOMMANDS) {
            identity.addSubcommand(keyCommand);
        }
        commandLine.setExecutionExceptionHandler(handlers);
        commandLine.setParameterExceptionHandler(handlers);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }

    @Override
    public Env env() {
        return env;
    }

    @Override
    public String profileName() {
        if (profile != null) {
            return profile;
        }
        return env.variable("DPR_PROFILE").orElse("default");
    }

    @Override
    public boolean json() {
        return json;
    }

    /** The version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Dpr.class.getResourceAsStream("/dpr-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"dpr " + properties.getProperty("version", "unknown")};
        }
    }
}
