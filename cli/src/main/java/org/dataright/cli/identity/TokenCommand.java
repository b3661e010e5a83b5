package org.dataright.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Table;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.profile.Profile;
import org.dataright.cli.service.RegistryService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code dpr token issue}: a registrar issues a one-time enrollment token (a request signed with its key). */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Enrollment tokens (registrar, embedded registry).",
        subcommands = TokenCommand.Issue.class,
        footerHeading = "%nExamples:%n",
        footer = {"  dpr --profile registrar token issue --role enterprise --name \"Acme Data Ltd\""})
public final class TokenCommand {
    private TokenCommand() {
    }

    /** The roles a token can carry. */
    public enum Role { ENTERPRISE, EXCHANGE, NOTARY, COURT, BANK, REGULATOR, REGISTRAR }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Issue a one-time enrollment token for a new participant with a role. The request is signed "
                + "with your key; your certificate must carry the registrar role.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr --profile registrar token issue --role enterprise --name \"Acme Data Ltd\"",
                "  dpr --profile registrar token issue --role court --name \"Pudong Court\" --valid-hours 24 --json",
                "  dpr --profile registrar token issue --role enterprise --name \"Acme Data Ltd\" --renewal   # a new key for Acme"})
    public static final class Issue extends DprCommand {
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "${COMPLETION-CANDIDATES}.")
        Role role;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The participant's name: the subject of their "
                + "certificate and so their party on the ledger; it must be new unless --renewal.")
        String name;

        @Option(names = "--valid-hours", paramLabel = "H", defaultValue = "72", description = "1 to 720 (default: ${DEFAULT-VALUE}).")
        int validHours;

        @Option(names = "--renewal", description = "A new key for a participant already enrolled under this name and role "
                + "(the same party on the ledger); without it the name must be new.")
        boolean renewal;

        @Override
        public Integer call() {
            if (validHours < 1 || validHours > 720) {
                throw new ParameterException(spec.commandLine(), "--valid-hours must be 1 to 720, not " + validHours);
            }
            if (name.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--name must not be empty");
            }
            Profile profile = profile();
            StoredIdentity identity = IdentityStore.load(profile);
            JsonNode token = new RegistryService(profile.requireService()).issueToken(identity.certificate(),
                    identity.privateKey(), env().clock().instant(), role.name().toLowerCase(java.util.Locale.ROOT),
                    name.strip(), validHours, renewal);
            output().print(token, Table.fieldsOf(token));
            output().say("next: give the token to " + name.strip() + ", who runs 'dpr identity enroll --service "
                    + profile.requireService() + " --token " + token.path("token").asText("TOKEN") + " --name \""
                    + name.strip() + "\"'");
            return ExitCodes.OK;
        }
    }
}
