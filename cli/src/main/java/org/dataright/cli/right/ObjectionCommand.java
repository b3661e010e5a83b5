package org.dataright.cli.right;

import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.RightsContract;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dpr objection file | resolve}. */
@Command(name = "objection", mixinStandardHelpOptions = true,
        description = "Object to an act in its publicity period, or (registrar) resolve an objection.",
        subcommands = {ObjectionCommand.File.class, ObjectionCommand.Resolve.class},
        footerHeading = "%nExamples:%n",
        footer = {"  dpr objection file P-3f9c0d1e2a4b5c6d --grounds \"we collected this data\" --evidence survey.pdf",
            "  dpr --profile registrar objection resolve O-91ab… --dismiss --reason \"no prior claim shown\""})
public final class ObjectionCommand {
    private ObjectionCommand() {
    }

    @Command(name = "file", mixinStandardHelpOptions = true, description = "Object to an act under publicity.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr objection file P-3f9c0d1e2a4b5c6d --grounds \"we collected this data\" --evidence survey.pdf"})
    public static final class File extends ActCommand {
        @Parameters(paramLabel = "ACT", description = "Act id: P-….")
        String actId;

        @Option(names = "--grounds", required = true, paramLabel = "TEXT")
        String grounds;

        @Option(names = "--evidence", paramLabel = "FILE|SHA256", description = "Supporting document: a file (hashed here) or its SHA-256.")
        String evidence;

        private String digest;

        @Override
        protected void prepare() {
            digest = Digests.sha256("--evidence", evidence);
        }

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.fileObjection(actId, grounds, digest);
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = "Uphold (the act is rejected) or dismiss an objection (registrar role).",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr --profile registrar objection resolve O-91ab… --uphold --reason \"prior registration proven\""})
    public static final class Resolve extends ActCommand {
        @Parameters(paramLabel = "OBJECTION", description = "Objection id: O-….")
        String objectionId;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Outcome outcome;

        static final class Outcome {
            @Option(names = "--uphold", required = true, description = "The objection stands; the act is rejected.")
            boolean uphold;

            @Option(names = "--dismiss", required = true, description = "The objection fails; the act goes on.")
            boolean dismiss;
        }

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.resolveObjection(objectionId, outcome.uphold, reason);
        }
    }
}
