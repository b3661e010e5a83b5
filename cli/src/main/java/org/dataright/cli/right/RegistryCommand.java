package org.dataright.cli.right;

import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.ledger.ProfileLedger;
import org.dataright.ledger.client.Committed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code dpr registry configure}: the registrar's settings for review and publicity. */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "The registry's settings for review and publicity (registrar role).",
        subcommands = {RegistryCommand.Configure.class},
        footerHeading = "%nExamples:%n",
        footer = {"  dpr --profile registrar registry configure --review-required true \\",
            "      --publicity-days 30"})
public final class RegistryCommand {
    private RegistryCommand() {
    }

    /**
     * Not an {@link ActCommand}: the configuration belongs to no asset. Its act is certifiable all the
     * same (the certificate states the configuration record and no asset): {@code dpr certificate get --tx}.
     */
    @Command(name = "configure", mixinStandardHelpOptions = true,
            description = {"Set whether registrations and accepted transfers need the registrar's review, and how many "
                + "days their publicity lasts (registrar role).",
                "Acts applied for from now on follow it; acts under way keep the settings they were applied under. "
                + "With no review and 0 days (the default) acts take effect at once; otherwise they wait as act P-… "
                + "for 'dpr act review' and 'dpr act take-effect'."},
            footerHeading = "%nExamples:%n",
            footer = {"  dpr --profile registrar registry configure --review-required true \\",
                "      --publicity-days 30",
                "  # back to the default: acts take effect at once",
                "  dpr --profile registrar registry configure --review-required false \\",
                "      --publicity-days 0"})
    public static final class Configure extends DprCommand {
        @Option(names = "--review-required", required = true, arity = "1", paramLabel = "true|false",
                description = "Whether the registrar reviews each registration and accepted transfer.")
        boolean reviewRequired;

        @Option(names = "--publicity-days", required = true, paramLabel = "N",
                description = "Days of publicity, during which anyone with a role may object; 0 = none.")
        int publicityDays;

        @Override
        public Integer call() {
            if (publicityDays < 0) {
                throw new ParameterException(spec.commandLine(),
                        "--publicity-days is a number of days, 0 or more, not " + publicityDays);
            }
            Committed committed = ProfileLedger.call(profile(),
                    ledger -> ledger.rights().configureRegistry(reviewRequired,
                            java.time.Duration.ofDays(publicityDays)));
            ActReport report = ActReport.of(committed);
            output().print(report.json(), report.table());
            return ExitCodes.OK;
        }
    }
}
