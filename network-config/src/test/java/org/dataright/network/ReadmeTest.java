package org.dataright.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs always: network-config/README.md says what an operator following it needs (issue 17, finding 6):
 * no party id written out for one way of issuing certificates (FabricNetworkTest runs the README's line
 * that reads carol's from `dpr identity show`, under cryptogen and under Fabric CA), FABRIC_CFG_PATH, and
 * what to do after a failed or killed `up`, in the words `network.sh status` prints.
 */
class ReadmeTest {
    private static final String README = Network.read(Network.DIR.resolve("README.md"));

    @Test
    void noCommandWritesOutAPartyIdThatOnlyCryptogenIssues() {
        for (String command : commands()) {
            if (command.startsWith("./dpr")) {
                assertThat(command).as("a dpr command of the README").doesNotContain("::CN=");
            }
        }
        assertThat(line("CAROL_PARTY=$(")).contains("./dpr --profile carol --json identity show");
        assertThat(commands()).anyMatch(c -> c.contains("right offer") && c.contains("--to \"$CAROL_PARTY\""));
    }

    @Test
    void fabricCfgPathAndItsErrorAreExplained() {
        assertThat(README).contains("FABRIC_CFG_PATH", "Config File \"core\" Not Found");
    }

    @Test
    void recoveryFromAFailedOrKilledUpIsExplainedInTheWordsOfStatus() {
        String script = Network.read(Network.DIR.resolve("network.sh"));
        for (String state : List.of("failed", "unfinished")) {
            String printed = "network: " + state + " —";
            assertThat(script).as("network.sh status prints %s", printed).contains("echo \"" + printed);
            assertThat(README).as("the README explains %s", printed).contains("`" + printed);
        }
        assertThat(README).contains("If `up` fails", "run/logs/", "./network.sh down");
    }

    /**
     * Step 5 starts the service with the witnesses `up` wrote into {@link Network#WITNESSES_FILE} (the file
     * FabricNetworkTest gives the service) and no witness of its own, then starts the witnesses for its log.
     */
    @Test
    void theServiceAsksTheWitnessesUpMadeAndTheyStartForItsLog() {
        assertThat(commands()).anyMatch(c -> c.startsWith("java -jar registry-service/target/")
                && c.contains("--registry.tlog.local-witness=false")
                && c.contains("--registry.tlog.witnesses=\"$(paste -sd, network-config/" + Network.WITNESSES_FILE + ")\""));
        assertThat(commands()).contains(
                "(cd network-config && ./network.sh witnesses start --log \"$(curl -s http://127.0.0.1:8080/tlog/vkey)\")");
        assertThat(Network.read(Network.DIR.resolve("scripts/native.sh")))
                .contains("witnesses_file() { echo \"$RUN_DIR/" + Network.WITNESSES_FILE.substring("run/".length()) + "\"; }");
    }

    /** The first line of a README code block that starts with {@code prefix}, stripped. */
    static String line(String prefix) {
        return commands().stream().filter(c -> c.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no command starting with " + prefix));
    }

    /** Every line inside the README's ``` blocks, stripped, with continuation lines joined. */
    static List<String> commands() {
        List<String> commands = new ArrayList<>();
        Matcher blocks = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(README);
        while (blocks.find()) {
            StringBuilder current = new StringBuilder();
            for (String raw : blocks.group(1).split("\n")) {
                String l = raw.strip();
                if (l.endsWith("\\")) {
                    current.append(l, 0, l.length() - 1).append(' ');
                    continue;
                }
                current.append(l);
                commands.add(current.toString().replaceAll("\\s+", " ").strip());
                current.setLength(0);
            }
        }
        return commands;
    }
}
