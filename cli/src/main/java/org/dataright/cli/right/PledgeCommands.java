package org.dataright.cli.right;

import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.RightsContract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dpr pledge} (holder) and {@code dpr release} (the pledgee bank). */
public final class PledgeCommands {
    private PledgeCommands() {
    }

    @Command(name = "pledge", mixinStandardHelpOptions = true,
            description = "Pledge a right you hold to a bank; a pledged right cannot be transferred.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr pledge A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING --to 'First Bank' --contract loan.pdf",
                "  dpr pledge A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING --to first-bank --contract 9f86d0…08"})
    public static final class Pledge extends ActCommand {
        @Parameters(paramLabel = "RIGHT", description = "Right id.")
        String rightId;

        @Option(names = "--to", required = true, paramLabel = "PARTY",
                description = "Pledgee bank: display name, handle or party id (see 'dpr participant search').")
        String pledgee;

        @Option(names = "--contract", required = true, paramLabel = "FILE|SHA256",
                description = "The pledge contract: a file (hashed here) or its SHA-256.")
        String contract;

        private String digest;

        @Override
        protected void prepare() {
            digest = Digests.sha256("--contract", contract);
        }

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.pledge(rightId, party(rights, "--to", pledgee), digest);
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Release a pledge (the pledgee bank only).",
            footerHeading = "%nExamples:%n", footer = {"  dpr --profile bank release A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING"})
    public static final class Release extends ActCommand {
        @Parameters(paramLabel = "RIGHT", description = "Right id.")
        String rightId;

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.releasePledge(rightId);
        }
    }
}
