package org.dataright.cli.right;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Table;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.identity.IdentityStore;
import org.dataright.cli.ledger.PartyNames;
import org.dataright.cli.ledger.ProfileLedger;
import org.dataright.cli.profile.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code dpr rights list}: the rights a party holds, from the chaincode's holder index. */
@Command(name = "rights", mixinStandardHelpOptions = true, description = "List rights.",
        subcommands = RightsCommand.ListRights.class,
        footerHeading = "%nExamples:%n",
        footer = {"  dpr rights list", "  dpr rights list --holder 'Beta Analytics Co' --json"})
public final class RightsCommand {
    private RightsCommand() {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The rights a party holds (default: you), a page at a time.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr rights list", "  dpr rights list --holder beta-analytics-co --size 50 --bookmark …"})
    public static final class ListRights extends DprCommand {
        @Option(names = "--holder", paramLabel = "PARTY", description = "Holder: display name, handle or party id (default: you).")
        String holder;

        @Option(names = "--size", paramLabel = "N", defaultValue = "50", description = "Page size, 1 to 200 (default: ${DEFAULT-VALUE}).")
        int size;

        @Option(names = "--bookmark", paramLabel = "TEXT", description = "Bookmark of the next page, from the previous answer.")
        String bookmark;

        @Override
        public Integer call() {
            if (size < 1 || size > 200) {
                throw new ParameterException(spec.commandLine(), "--size must be 1 to 200, not " + size);
            }
            Profile profile = profile();
            String[] party = {holder == null ? IdentityStore.load(profile).party() : null};
            JsonNode page = ProfileLedger.call(profile, ledger -> {
                if (party[0] == null) {
                    party[0] = PartyNames.resolve(ledger.rights(), err(), "--holder", holder);
                }
                return ledger.rights().rightsByHolder(party[0], size, fromShell(bookmark));
            });
            Table table = new Table("RIGHT", "TYPE", "STATUS", "FROZEN", "PLEDGED", "OFFERED TO");
            for (JsonNode right : page.path("records")) {
                table.row(right.path("id").asText(), right.path("type").asText(), right.path("status").asText(),
                        right.path("freeze").isObject() ? "yes" : "", right.path("pledge").isObject() ? "yes" : "",
                        right.path("offer").path("receiver").asText(""));
            }
            String next = forShell(page.path("bookmark").asText(""));
            if (page instanceof ObjectNode answer && answer.has("bookmark")) {
                answer.put("bookmark", next);
            }
            output().print(page, table);
            if (!next.isEmpty() && page.path("fetched").asInt() == size) {
                output().say("more: dpr rights list --holder '" + party[0] + "' --bookmark " + next);
            }
            return ExitCodes.OK;
        }
    }

    /**
     * The ledger's bookmark holds a composite key, with NUL characters that no command line can carry: it is
     * printed as {@code b64:} and its Base64url, which {@code --bookmark} takes back. A bookmark without a
     * NUL is printed as it is.
     */
    static String forShell(String bookmark) {
        return bookmark.indexOf('\0') < 0 ? bookmark
                : BASE64 + Base64.getUrlEncoder().withoutPadding().encodeToString(bookmark.getBytes(StandardCharsets.UTF_8));
    }

    static String fromShell(String bookmark) {
        if (bookmark == null || !bookmark.startsWith(BASE64)) {
            return bookmark;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(bookmark.substring(BASE64.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("BOOKMARK_INVALID", "--bookmark " + bookmark + " is not a bookmark dpr printed: "
                    + e.getMessage(), "pass the bookmark of the previous page's 'more:' line as it is");
        }
    }

    private static final String BASE64 = "b64:";
}
