package org.dataright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dataright.cli.base.Env;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DprTest {
    @TempDir
    Path home;

    @Test
    void helpListsCommandsExitCodesAndExamples() {
        Cli.Result r = new Cli(home).run("--help");
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).contains("init", "identity", "asset", "right", "licence", "pledge", "release", "freeze",
                "unfreeze", "objection", "evidence", "rights", "ledger", "certificate", "completion", "Exit codes:",
                "3   rejected by the ledger", "Examples:");
    }

    @Test
    void withJsonAnErrorIsJsonOnStdoutWithTheSameCodeAndExitCode() throws Exception {
        Cli cli = new Cli(home);
        Cli.Result refused = cli.run("asset", "show", "A-1", "--json");
        assertThat(refused.exit()).isEqualTo(ExitCodes.USAGE);
        com.fasterxml.jackson.databind.JsonNode error = org.dataright.cli.base.Output.JSON.readTree(refused.out()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("NO_PROFILE");
        assertThat(refused.err()).startsWith("error: NO_PROFILE: " + error.get("message").asText());
        assertThat(error.get("next").asText()).isNotBlank();

        Cli.Result usage = cli.run("--json", "asset", "frobnicate");
        assertThat(usage.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(org.dataright.cli.base.Output.JSON.readTree(usage.out()).get("error").get("code").asText())
                .isEqualTo("USAGE");
        assertThat(cli.run("asset", "show", "A-1").out()).isEmpty();
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        Cli cli = new Cli(home);
        List<String> missing = new ArrayList<>();
        for (List<String> path : commandPaths(Dpr.commandLine(new Dpr(Env.system())), new ArrayList<>())) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli.Result r = cli.run(args.toArray(String[]::new));
            if (r.exit() != 0 || !r.out().contains("Examples:")) {
                missing.add(String.join(" ", path));
            }
        }
        assertThat(missing).isEmpty();
    }

    /**
     * A party an example names is one that can exist: a display name, a handle, or a party id as enrolment
     * makes them ({@code <MSP id>::OU=client,CN=<name>}), never a subject no certificate has.
     */
    @Test
    void helpExamplesNamePartiesThatCanExist() {
        Cli cli = new Cli(home);
        java.util.regex.Pattern named = java.util.regex.Pattern.compile("--(?:to|holder|party) ('[^']*'|\\S+)");
        List<String> parties = new ArrayList<>();
        for (List<String> path : commandPaths(Dpr.commandLine(new Dpr(Env.system())), new ArrayList<>())) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            java.util.regex.Matcher m = named.matcher(cli.run(args.toArray(String[]::new)).out());
            while (m.find()) {
                // Help text is wrapped: a quoted party may run over a line break.
                parties.add(m.group(1).replace("'", "").replaceAll(",\\s+", ",").replaceAll("\\s+", " "));
            }
        }
        assertThat(parties).as("parties named in --help examples").isNotEmpty()
                .allSatisfy(p -> assertThat(p).matches("[A-Za-z0-9][A-Za-z0-9 .-]*|[A-Za-z0-9]+MSP::(CN=[^,]+,OU=client|OU=client,CN=.+)"));
    }

    private static List<List<String>> commandPaths(CommandLine commandLine, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        commandLine.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help") || !sub.getCommandName().equals(name)) {
                return;
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            paths.add(path);
            paths.addAll(commandPaths(sub, path));
        });
        return paths;
    }

    @Test
    void versionComesFromTheBuild() {
        Cli.Result r = new Cli(home).run("--version");
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).startsWith("dpr ");
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result r = new Cli(home).run();
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("error: USAGE: a command is required", "next: see 'dpr --help'");
    }

    @Test
    void unknownCommandSuggestsTheNearest() {
        Cli.Result r = new Cli(home).run("verfy");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("error: USAGE:", "verfy");
    }

    @Test
    void groupWithoutSubcommandIsAUsageError() {
        Cli.Result r = new Cli(home).run("identity");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("error: USAGE:", "Missing required subcommand");
    }

    @Test
    void completionPrintsABashScript() {
        Cli.Result r = new Cli(home).run("completion");
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).contains("complete -F", "dpr", "identity", "register");
    }

    @Test
    void profileOptionWorksBeforeAndAfterTheCommand() {
        Cli cli = new Cli(home);
        assertThat(cli.run("--profile", "acme", "identity", "show").err())
                .contains("error: NO_PROFILE: there is no profile 'acme'", "next: run 'dpr init --profile acme");
        assertThat(cli.run("identity", "show", "--profile", "beta").err()).contains("no profile 'beta'");
        assertThat(cli.with("DPR_PROFILE", "gamma").run("identity", "show").err()).contains("no profile 'gamma'");
    }

    @Test
    void noStackTraceWithoutDebug() {
        Cli.Result r = new Cli(home).run("identity", "show");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).doesNotContain("\tat ").hasLineCount(2);
    }

    @Test
    void tableAlignsColumns() {
        java.io.StringWriter out = new java.io.StringWriter();
        new Table("A", "LONGER").row("xxxx", "y").row(null, "z").render(new java.io.PrintWriter(out, true));
        assertThat(out.toString()).isEqualTo("A     LONGER\nxxxx  y\n-     z\n");
    }
}
