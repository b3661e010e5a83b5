package org.dataright.cli.right;

import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.RightsContract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dpr freeze} and {@code dpr unfreeze}: judicial freezes, by a court. */
public final class FreezeCommands {
    private FreezeCommands() {
    }

    @Command(name = "freeze", mixinStandardHelpOptions = true,
            description = "Freeze an asset (TARGET = asset id) or a right (TARGET = right id) under a court order (court role).",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr --profile court freeze A-3f9c0d1e2a4b5c6d --case \"(2025) Hu 01 Min Chu 123\" --order order.pdf"})
    public static final class Freeze extends ActCommand {
        @Parameters(paramLabel = "TARGET", description = "Asset id or right id.")
        String target;

        @Option(names = "--case", required = true, paramLabel = "NUMBER", description = "Case number.")
        String caseNumber;

        @Option(names = "--order", required = true, paramLabel = "FILE|SHA256",
                description = "The court order: a file (hashed here) or its SHA-256.")
        String order;

        private String digest;

        @Override
        protected void prepare() {
            digest = Digests.sha256("--order", order);
        }

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.freeze(target, caseNumber, digest);
        }
    }

    @Command(name = "unfreeze", mixinStandardHelpOptions = true,
            description = "Lift a freeze, under the case number it was ordered in (court role).",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr --profile court unfreeze A-3f9c0d1e2a4b5c6d --case \"(2025) Hu 01 Min Chu 123\""})
    public static final class Unfreeze extends ActCommand {
        @Parameters(paramLabel = "TARGET", description = "Asset id or right id.")
        String target;

        @Option(names = "--case", required = true, paramLabel = "NUMBER", description = "Case number of the freeze.")
        String caseNumber;

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.unfreeze(target, caseNumber);
        }
    }
}
