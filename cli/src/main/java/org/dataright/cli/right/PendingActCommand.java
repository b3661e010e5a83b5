package org.dataright.cli.right;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.cli.base.Table;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.identity.IdentityStore;
import org.dataright.cli.ledger.ProfileLedger;
import org.dataright.cli.profile.Profile;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.RightsContract;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code dpr act review | take-effect}: a registration or transfer through review and publicity. */
@Command(name = "act", mixinStandardHelpOptions = true,
        description = {"Move a registration or transfer waiting as act P-… through review and publicity: the registrar "
            + "reviews it, then, once publicity has passed with no objection open, anyone with a role makes it take effect.",
            "Its id, P-…, is the pendingAct of the asset or right: see 'dpr asset show ASSET --json'."},
        subcommands = {PendingActCommand.ListActs.class, PendingActCommand.Review.class, PendingActCommand.TakeEffect.class},
        footerHeading = "%nExamples:%n",
        footer = {"  dpr --profile registrar act list --pending-review",
            "  dpr --profile registrar act review P-3f9c0d1e2a4b5c6d --approve",
            "  dpr act take-effect P-3f9c0d1e2a4b5c6d"})
public final class PendingActCommand {
    private PendingActCommand() {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The acts under review or in publicity: what the registrar reviews and anyone may object to.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr --profile registrar act list --pending-review", "  dpr act list --in-publicity --json",
                "  dpr act list --mine"})
    public static final class ListActs extends DprCommand {
        @ArgGroup(exclusive = true)
        Stage stage;

        static final class Stage {
            @Option(names = "--pending-review", required = true, description = "Only acts awaiting the registrar's review.")
            boolean review;

            @Option(names = "--in-publicity", required = true, description = "Only acts in their publicity period.")
            boolean publicity;
        }

        @Option(names = "--mine", description = "Only acts you applied for (your registrations and acceptances).")
        boolean mine;

        @Override
        public Integer call() {
            Profile profile = profile();
            String me = mine ? IdentityStore.load(profile).party() : null;
            JsonNode open = ProfileLedger.call(profile, ledger -> ledger.rights().openActs());
            ArrayNode shown = Output.JSON.createArrayNode();
            Table table = new Table("ACT", "KIND", "STAGE", "RIGHT", "APPLICANT", "PUBLICITY ENDS");
            for (JsonNode act : open) {
                String stageName = act.path("stage").asText();
                boolean wanted = (stage == null || (stage.review ? "REVIEW" : "PUBLICITY").equals(stageName))
                        && (me == null || me.equals(act.path("applicant").asText()));
                if (wanted) {
                    shown.add(act);
                    table.row(act.path("id").asText(), act.path("kind").asText(), stageName, act.path("rightId").asText(),
                            act.path("applicant").asText(), act.path("publicityEnds").asText("-"));
                }
            }
            output().print(shown, table);
            if (shown.isEmpty()) {
                output().say("no act " + (stage == null ? "is under review or in publicity"
                        : stage.review ? "awaits review" : "is in publicity") + (me == null ? "" : " of yours"));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "review", mixinStandardHelpOptions = true,
            description = {"Approve or reject an act awaiting review (registrar role).",
                "Approved, it goes into publicity, or takes effect at once if the registry has 0 publicity days; "
                + "rejected, a registration frees its content and a transfer leaves the right with its holder."},
            footerHeading = "%nExamples:%n",
            footer = {"  dpr --profile registrar act review P-3f9c0d1e2a4b5c6d --approve",
                "  dpr --profile registrar act review P-3f9c0d1e2a4b5c6d --reject \\",
                "      --reason \"the title names another firm's data\""})
    public static final class Review extends ActCommand {
        @Parameters(paramLabel = "ACT", description = "Act id: P-….")
        String actId;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Decision decision;

        static final class Decision {
            @Option(names = "--approve", required = true, description = "The act goes on.")
            boolean approve;

            @Option(names = "--reject", required = true, description = "The act is rejected (needs --reason).")
            boolean reject;
        }

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why; required with --reject, recorded as the act's outcome.")
        String reason;

        @Override
        protected void prepare() {
            if (decision.reject && (reason == null || reason.isBlank())) {
                throw new ParameterException(spec.commandLine(),
                        "--reject needs --reason TEXT: the ledger records why the act was rejected");
            }
        }

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.reviewAct(actId, decision.approve, reason);
        }
    }

    @Command(name = "take-effect", mixinStandardHelpOptions = true,
            description = {"Make an act take effect once its publicity period has passed with no objection open (any role).",
                "A registration makes the asset EFFECTIVE and its right ACTIVE; a transfer moves the right to the receiver."},
            footerHeading = "%nExamples:%n",
            footer = {"  dpr act take-effect P-3f9c0d1e2a4b5c6d",
                "  dpr act take-effect P-3f9c0d1e2a4b5c6d --certificate --out certificates/"})
    public static final class TakeEffect extends ActCommand {
        @Parameters(paramLabel = "ACT", description = "Act id: P-….")
        String actId;

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.takeEffect(actId);
        }
    }
}
