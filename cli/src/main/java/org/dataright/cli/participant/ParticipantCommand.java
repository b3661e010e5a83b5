package org.dataright.cli.participant;

import java.util.List;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.cli.base.Table;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.ledger.PartyNames;
import org.dataright.cli.ledger.ProfileLedger;
import org.dataright.cli.right.ActCommand;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.Parties;
import org.dataright.ledger.client.RightsContract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dpr participant list | show | search | register | change}. */
@Command(name = "participant", aliases = "participants", mixinStandardHelpOptions = true,
        description = {"The ledger's participant directory: who can be named in an act, by display name, handle or party id.",
            "Everyone may read it; the registrar enters and changes participants."},
        subcommands = {ParticipantCommand.ListAll.class, ParticipantCommand.Show.class, ParticipantCommand.Search.class,
            ParticipantCommand.Register.class, ParticipantCommand.Change.class},
        footerHeading = "%nExamples:%n",
        footer = {"  dpr participant search bank",
            "  dpr participant show 'First Bank'",
            "  dpr --profile registrar participant change beta-analytics-co --status SUSPENDED"})
public final class ParticipantCommand {
    private ParticipantCommand() {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every participant in the directory.",
            footerHeading = "%nExamples:%n", footer = {"  dpr participant list", "  dpr participant list --json"})
    public static final class ListAll extends DprCommand {
        @Override
        public Integer call() {
            printTo(output(), ProfileLedger.call(profile(), ledger -> new Parties(ledger.rights()).all()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Participants whose display name, handle or party id contains TEXT (any case).",
            footerHeading = "%nExamples:%n", footer = {"  dpr participant search bank", "  dpr participant search Org2MSP --json"})
    public static final class Search extends DprCommand {
        @Parameters(paramLabel = "TEXT")
        String text;

        @Override
        public Integer call() {
            printTo(output(), ProfileLedger.call(profile(), ledger -> new Parties(ledger.rights()).search(text)));
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One participant, named by display name, handle or party id.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr participant show first-bank", "  dpr participant show 'Beta Analytics Co' --json"})
    public static final class Show extends DprCommand {
        @Parameters(paramLabel = "PARTY")
        String party;

        @Override
        public Integer call() {
            Parties.Participant p = ProfileLedger.call(profile(), ledger -> {
                String id = PartyNames.resolve(ledger.rights(), err(), "PARTY", party);
                return new Parties(ledger.rights()).show(id);
            });
            output().print(Output.JSON.valueToTree(p), Table.fields().row("party", p.id()).row("name", p.name())
                    .row("handle", p.handle()).row("roles", String.join(", ", p.roles()))
                    .row("organisation", p.organisation()).row("status", p.status()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Enter a participant in the directory (registrar role).",
                "In embedded mode the service does this at enrolment; in fabric mode the registrar does it after the "
                + "participant's Fabric CA enrolment, with the party id its certificate gives: <MSP id>::<subject, RFC 2253>, as "
                + "'dpr identity show' prints it on the participant's machine."},
            footerHeading = "%nExamples:%n",
            footer = {"  dpr --profile registrar participant register --party 'Org2MSP::CN=Pudong Bank,OU=client' \\",
                "      --name 'Pudong Bank' --handle pudong-bank --role bank"})
    public static final class Register extends ActCommand {
        @Option(names = "--party", required = true, paramLabel = "PARTY_ID", description = "<MSP id>::<certificate subject>.")
        String partyId;

        @Option(names = "--name", required = true, paramLabel = "TEXT", description = "Display name.")
        String name;

        @Option(names = "--handle", required = true, paramLabel = "HANDLE",
                description = "Short handle: 1 to 32 lower-case letters, digits, inner hyphens.")
        String handle;

        @Option(names = "--role", required = true, split = ",", paramLabel = "ROLE",
                description = "Role(s): enterprise, exchange, notary, court, bank, regulator, registrar.")
        List<String> roles;

        @Option(names = "--cert", paramLabel = "FILE",
                description = "The certificate the participant enrolled with (its 'dpr identity export'): its key is pinned, "
                    + "so no other key acts in its name. Without it the participant's first act binds the key it signs with.")
        java.nio.file.Path cert;

        private String pem;

        @Override
        protected void prepare() {
            if (cert != null) {
                pem = org.dataright.fabric.crypto.Pem.of(KeyCommands.readCertificate("--cert", cert));
            } else {
                err().println("warning: no --cert: no key is pinned yet, so the first act signed in this participant's name "
                        + "binds its key (trust on first use)");
                err().flush();
            }
        }

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.registerParticipant(partyId, name, handle, String.join(",", roles), pem);
        }
    }

    @Command(name = "change", mixinStandardHelpOptions = true,
            description = "Change a participant's display name, handle, roles or status (registrar role); "
                    + "a suspended participant may not act and cannot be named in an act.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr --profile registrar participant change beta-analytics-co --status SUSPENDED",
                "  dpr --profile registrar participant change 'First Bank' --role bank,exchange --handle fb"})
    public static final class Change extends ActCommand {
        enum Status { ACTIVE, SUSPENDED }

        @Parameters(paramLabel = "PARTY", description = "Display name, handle or party id.")
        String party;

        @Option(names = "--name", paramLabel = "TEXT", description = "New display name.")
        String name;

        @Option(names = "--handle", paramLabel = "HANDLE", description = "New handle.")
        String handle;

        @Option(names = "--role", split = ",", paramLabel = "ROLE", description = "New role(s), replacing the old.")
        List<String> roles;

        @Option(names = "--status", paramLabel = "STATUS", description = "${COMPLETION-CANDIDATES}.")
        Status status;

        @Override
        protected void prepare() {
            if (name == null && handle == null && roles == null && status == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "say what changes: --name, --handle, --role or --status");
            }
        }

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.changeParticipant(party(rights, "PARTY", party), name, handle,
                    roles == null ? null : String.join(",", roles), status == null ? null : status.name());
        }
    }

    private static Table table(List<Parties.Participant> participants) {
        Table table = new Table("HANDLE", "NAME", "ROLES", "STATUS", "PARTY");
        for (Parties.Participant p : participants) {
            table.row(p.handle(), p.name(), String.join(",", p.roles()), p.status(), p.id());
        }
        return table;
    }

    private static void printTo(Output output, List<Parties.Participant> participants) {
        output.print(Output.JSON.valueToTree(participants), table(participants));
    }
}
