package org.dataright.cli.right;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.dataright.cli.base.Output;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.RightsContract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code dpr licence grant | revoke}. */
@Command(name = "licence", aliases = "license", mixinStandardHelpOptions = true,
        description = "License a right in an asset with terms, or revoke a licence you granted.",
        subcommands = {LicenceCommand.Grant.class, LicenceCommand.Revoke.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  dpr licence grant A-3f9c0d1e2a4b5c6d PROCESSING_USE --to beta-analytics-co \\",
            "      --purpose \"credit scoring\" --scope \"aggregate statistics\" --territory CN \\",
            "      --start 2027-01-01T00:00:00Z --end 2028-01-01T00:00:00Z",
            "  dpr licence revoke A-3f9c0d1e2a4b5c6d/L-77ab01c2d3e4f5a6 --reason \"payment overdue\"",
        })
public final class LicenceCommand {
    private LicenceCommand() {
    }

    @Command(name = "grant", mixinStandardHelpOptions = true,
            description = "Grant a licence of PROCESSING_USE, PRODUCT_OPERATION or INTELLECTUAL_PROPERTY.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr licence grant A-3f9c0d1e2a4b5c6d PROCESSING_USE --to 'Beta Analytics Co' \\",
                "      --purpose \"credit scoring\" --scope \"aggregate statistics\" --territory GLOBAL \\",
                "      --start 2027-01-01T00:00:00Z --end 2028-01-01T00:00:00Z --exclusive"})
    public static final class Grant extends ActCommand {
        @Parameters(index = "0", paramLabel = "ASSET", description = "Asset id.")
        String assetId;

        @Parameters(index = "1", paramLabel = "TYPE", description = "Right type licensed: ${COMPLETION-CANDIDATES}.")
        RightCommand.RightType type;

        @Option(names = "--to", required = true, paramLabel = "PARTY",
                description = "Licensee: display name, handle or party id (see 'dpr participant search').")
        String licensee;

        @Option(names = "--purpose", required = true, paramLabel = "TEXT")
        String purpose;

        @Option(names = "--scope", required = true, paramLabel = "TEXT")
        String scope;

        @Option(names = "--territory", required = true, paramLabel = "REGION", description = "A region, or GLOBAL.")
        String territory;

        @Option(names = "--start", required = true, paramLabel = "INSTANT")
        String start;

        @Option(names = "--end", required = true, paramLabel = "INSTANT")
        String end;

        @Option(names = "--exclusive", description = "Exclusive licence.")
        boolean exclusive;

        @Option(names = "--sublicensable", description = "The licensee may sublicense.")
        boolean sublicensable;

        @Option(names = "--parent", paramLabel = "LICENCE", description = "Grant a sublicence under this licence of yours.")
        String parent;

        private String terms;

        @Override
        protected void prepare() {
            Instant from = instant("--start", start);
            Instant to = instant("--end", end);
            if (!to.isAfter(from)) {
                throw new ParameterException(spec.commandLine(), "--end must be after --start");
            }
            ObjectNode node = Output.object().put("purpose", purpose).put("scope", scope).put("territory", territory)
                    .put("start", from.toString()).put("end", to.toString()).put("exclusive", exclusive)
                    .put("sublicensable", sublicensable);
            terms = node.toString();
        }

        private Instant instant(String option, String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new ParameterException(spec.commandLine(), option + " '" + value
                        + "' is not an ISO-8601 instant such as 2025-01-01T00:00:00Z");
            }
        }

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.grantLicence(assetId, type.name(), party(rights, "--to", licensee), terms, parent);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a licence you granted.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr licence revoke A-3f9c0d1e2a4b5c6d/L-77ab01c2d3e4f5a6 --reason \"payment overdue\""})
    public static final class Revoke extends ActCommand {
        @Parameters(paramLabel = "LICENCE", description = "Licence id: <asset id>/L-….")
        String licenceId;

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.revokeLicence(licenceId, reason);
        }
    }
}
