package org.dataright.cli.right;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.RightsContract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code dpr right}: registering a further right and transferring rights (offer, accept, reject, cancel). */
@Command(name = "right", mixinStandardHelpOptions = true,
        description = "Register a right in an asset and transfer rights: the holder offers, the receiver accepts or rejects.",
        subcommands = {RightCommand.Register.class, RightCommand.Offer.class, RightCommand.Accept.class,
            RightCommand.Reject.class, RightCommand.Cancel.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  dpr right offer A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING --to 'Beta Analytics Co' --contract sale.pdf",
            "  dpr right accept A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING",
        })
public final class RightCommand {
    private RightCommand() {
    }

    /** The right types the contract knows; the contract decides which may be registered, transferred or licensed. */
    public enum RightType { RESOURCE_HOLDING, PROCESSING_USE, PRODUCT_OPERATION, INTELLECTUAL_PROPERTY }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register an INTELLECTUAL_PROPERTY (with its claim) or PRODUCT_OPERATION right in your asset.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr right register A-3f9c0d1e2a4b5c6d INTELLECTUAL_PROPERTY --claim \"Curated 2024 retail panel\""})
    public static final class Register extends ActCommand {
        @Parameters(index = "0", paramLabel = "ASSET", description = "Asset id.")
        String assetId;

        @Parameters(index = "1", paramLabel = "TYPE", description = "INTELLECTUAL_PROPERTY or PRODUCT_OPERATION.")
        RightType type;

        @Option(names = "--claim", paramLabel = "TEXT", description = "The claim (required for INTELLECTUAL_PROPERTY).")
        String claim;

        @Override
        protected void prepare() {
            if (type == RightType.INTELLECTUAL_PROPERTY && (claim == null || claim.isBlank())) {
                throw new ParameterException(spec.commandLine(), "an INTELLECTUAL_PROPERTY right needs --claim TEXT");
            }
        }

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.registerRight(assetId, type.name(), claim);
        }
    }

    @Command(name = "offer", mixinStandardHelpOptions = true,
            description = "Offer a right you hold to another party, with the contract's digest and an expiry.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr right offer A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING --to 'Beta Analytics Co' --contract sale.pdf",
                "  dpr right offer A-…/INTELLECTUAL_PROPERTY --to beta-analytics-co --contract 9f86d0…08 --expires 2027-12-31T00:00:00Z",
                "  dpr right offer A-…/RESOURCE_HOLDING --to 'RegistryMSP::OU=client,CN=Beta Analytics Co' --contract sale.pdf"})
    public static final class Offer extends ActCommand {
        @Parameters(index = "0", paramLabel = "RIGHT", description = "Right id: <asset id>/<TYPE>.")
        String rightId;

        @Option(names = "--to", required = true, paramLabel = "PARTY",
                description = "Receiver: display name, handle or party id (see 'dpr participant search').")
        String receiver;

        @Option(names = "--contract", required = true, paramLabel = "FILE|SHA256",
                description = "The transfer contract: a file (hashed here) or its SHA-256.")
        String contract;

        @Option(names = "--expires", paramLabel = "INSTANT|DURATION", defaultValue = "P7D",
                description = "Expiry: an ISO-8601 instant or a duration from now (default: ${DEFAULT-VALUE}).")
        String expires;

        private String digest;
        private Instant expiry;

        @Override
        protected void prepare() {
            expiry = instantOrDuration(expires);
            digest = Digests.sha256("--contract", contract);
        }

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.offerTransfer(rightId, party(rights, "--to", receiver), digest, expiry.toString());
        }

        private Instant instantOrDuration(String value) {
            try {
                if (value.startsWith("P") || value.startsWith("p")) {
                    String days = value.toUpperCase(java.util.Locale.ROOT);
                    Duration d = days.endsWith("D") && !days.contains("T")
                            ? Duration.ofDays(Long.parseLong(days.substring(1, days.length() - 1)))
                            : Duration.parse(days);
                    if (d.isNegative() || d.isZero()) {
                        throw new ParameterException(spec.commandLine(), "--expires " + value + " must be a time from now, "
                                + "such as P7D or PT12H");
                    }
                    return env().clock().instant().plus(d);
                }
                return Instant.parse(value);
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new ParameterException(spec.commandLine(),
                        "--expires '" + value + "' is neither an ISO-8601 instant (2025-12-31T00:00:00Z) nor a duration (P7D, PT12H)");
            } catch (ArithmeticException | DateTimeException e) {
                throw new ParameterException(spec.commandLine(), "--expires " + value + " lies beyond the last instant a "
                        + "clock can name; give a date such as 2030-12-31T00:00:00Z");
            }
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true,
            description = "Accept a right offered to you; it moves to you now, or after review and publicity.",
            footerHeading = "%nExamples:%n", footer = {"  dpr right accept A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING --certificate"})
    public static final class Accept extends ActCommand {
        @Parameters(paramLabel = "RIGHT", description = "Right id.")
        String rightId;

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.acceptTransfer(rightId);
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Decline a right offered to you.",
            footerHeading = "%nExamples:%n", footer = {"  dpr right reject A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING"})
    public static final class Reject extends ActCommand {
        @Parameters(paramLabel = "RIGHT", description = "Right id.")
        String rightId;

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.rejectTransfer(rightId);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Withdraw your open offer of a right.",
            footerHeading = "%nExamples:%n", footer = {"  dpr right cancel A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING"})
    public static final class Cancel extends ActCommand {
        @Parameters(paramLabel = "RIGHT", description = "Right id.")
        String rightId;

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.cancelTransfer(rightId);
        }
    }
}
