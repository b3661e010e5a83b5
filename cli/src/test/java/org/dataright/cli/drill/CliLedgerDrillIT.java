package org.dataright.cli.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dataright.cli.drill.Commands.HEX;
import static org.dataright.cli.drill.Commands.START;
import static org.dataright.cli.drill.Commands.args;
import static org.dataright.cli.drill.Commands.concat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dataright.cli.Cli;
import org.dataright.cli.base.ExitCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "bad input" drill of dpr's acts against a real ledger (the embedded peer running the rights
 * contract), as an enterprise that holds an asset: an act with one bad option is refused before anything
 * is sent, and hostile ids, parties and bookmarks that pass dpr's own checks are refused by the contract
 * (exit 3, its code, a next step). Either way the ledger's height does not move and no file changes.
 */
class CliLedgerDrillIT {
    @TempDir
    static Path dir;
    static DrillHome home;

    @BeforeAll
    static void start() throws Exception {
        home = DrillHome.withLedger(dir);
    }

    @AfterAll
    static void stop() {
        if (home != null) {
            home.close();
        }
    }

    static Stream<Arguments> actsWithOneBadOption() {
        String asset = home.assetId;
        String right = asset + "/RESOURCE_HOLDING";
        String party = "RegistryMSP::OU=client,CN=beta";
        List<Arguments> cases = new ArrayList<>();
        cases.add(arguments("offer expiring a day ago", "USAGE", args("right", "offer", right, "--to", party, "--contract",
                HEX, "--expires", "P-1D")));
        cases.add(arguments("offer with an empty contract", "FILE_EMPTY", args("right", "offer", right, "--to", party,
                "--contract", home.input("empty"))));
        cases.add(arguments("offer with a contract that is a pipe", "FILE_NOT_FOUND", args("right", "offer", right, "--to",
                party, "--contract", home.input("fifo"))));
        cases.add(arguments("licence ending before it starts", "USAGE", args("licence", "grant", asset, "PROCESSING_USE",
                "--to", party, "--purpose", "p", "--scope", "s", "--territory", "CN", "--start", "2099-01-01T00:00:00Z",
                "--end", START)));
        cases.add(arguments("IP right without a claim", "USAGE", args("right", "register", asset, "INTELLECTUAL_PROPERTY")));
        cases.add(arguments("pledge with a directory as contract", "FILE_NOT_FOUND", args("pledge", right, "--to", party,
                "--contract", home.input("a-directory"))));
        cases.add(arguments("freeze with /dev/zero as order", "FILE_NOT_FOUND", args("freeze", asset, "--case", "c",
                "--order", home.input("zero"))));
        cases.add(arguments("objection with missing evidence", "FILE_NOT_FOUND", args("objection", "file", "P-1", "--grounds",
                "g", "--evidence", home.input("missing.pdf"))));
        cases.add(arguments("evidence of an empty file", "FILE_EMPTY", args("evidence", "anchor", home.input("empty"),
                "--asset", asset)));
        cases.add(arguments("register with negative records", "USAGE", args("asset", "register", home.input("data.csv"),
                "--industry", "i", "--region", "r", "--records", "-1")));
        cases.add(arguments("accept with its certificate into a file", "USAGE", args("right", "accept", right,
                "--certificate", "--out", home.input("data.csv"))));
        for (Map.Entry<String, String[]> command : Commands.everyCommand(home).entrySet()) {
            cases.add(arguments(command.getKey() + " --unknown", "USAGE", concat(command.getValue(), "--unknown")));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actsWithOneBadOption")
    void actsWithOneBadOptionSendNothing(String what, String code, String[] args) {
        Refusals.refused(home, what, home.cli, ExitCodes.USAGE, code, concat(args("--profile", "acme"), args));
    }

    static Stream<Arguments> hostileValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("path traversal", "../../../etc/passwd");
        values.put("HTML and script", "<script>alert(1)</script>");
        values.put("escape sequences", "A-1\u001b[2J\u001b[31m");
        values.put("bidi override", "A-1\u202Edtl");
        values.put("10,000 characters", "A".repeat(10_000));
        String asset = home.assetId;
        String data = home.input("data.csv");
        List<Arguments> cases = new ArrayList<>();
        values.forEach((what, v) -> {
            cases.add(arguments("asset show " + what, args("asset", "show", v)));
            cases.add(arguments("asset history " + what, args("asset", "history", v)));
            cases.add(arguments("right accept " + what, args("right", "accept", v)));
            cases.add(arguments("right cancel " + what, args("right", "cancel", v)));
            cases.add(arguments("right register on " + what, args("right", "register", v, "PRODUCT_OPERATION")));
            cases.add(arguments("licence revoke " + what, args("licence", "revoke", v, "--reason", "r")));
            cases.add(arguments("pledge " + what, args("pledge", v, "--to", DrillHome.BANK, "--contract", HEX)));
            cases.add(arguments("release " + what, args("release", v)));
            cases.add(arguments("objection on " + what, args("objection", "file", v, "--grounds", "g")));
            cases.add(arguments("evidence anchored to " + what, args("evidence", "anchor", data, "--asset", v,
                    "--no-certificate")));
        });
        cases.add(arguments("rights list with a forged bookmark", args("rights", "list", "--bookmark", "\u0000forged\u0000")));
        return cases.stream();
    }

    /** A party is resolved through the participant directory before anything is signed: none of these names one. */
    static Stream<Arguments> hostileParties() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("path traversal", "../../../etc/passwd");
        values.put("HTML and script", "<script>alert(1)</script>");
        values.put("escape sequences", "M::CN=b\u001b[2J\u001b[31m");
        values.put("bidi override", "M::CN=b\u202Edtl");
        values.put("10,000 characters", "A".repeat(10_000));
        values.put("a party id in no directory", "RegistryMSP::OU=client,CN=Beta Ltd");
        String asset = home.assetId;
        List<Arguments> cases = new ArrayList<>();
        values.forEach((what, v) -> {
            cases.add(arguments("right offer to " + what, args("right", "offer", asset + "/RESOURCE_HOLDING", "--to", v,
                    "--contract", HEX, "--expires", "2099-01-01T00:00:00Z")));
            cases.add(arguments("rights list of " + what, args("rights", "list", "--holder", v)));
            cases.add(arguments("licence grant to " + what, args("licence", "grant", asset, "PROCESSING_USE", "--to", v,
                    "--purpose", "p", "--scope", "s", "--territory", "CN", "--start", START, "--end",
                    "2099-01-01T00:00:00Z")));
            cases.add(arguments("pledge to " + what, args("pledge", asset + "/RESOURCE_HOLDING", "--to", v, "--contract",
                    HEX)));
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileParties")
    void hostilePartiesNameNoParticipantAndSendNothing(String what, String[] args) {
        Refusals.refused(home, what, home.cli, ExitCodes.USAGE, "PARTY_NOT_FOUND", concat(args("--profile", "acme"), args));
    }

    /** dpr's checks pass these on; the contract refuses them with its own code, and the ledger records nothing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileValues")
    void hostileValuesAreRefusedByTheContract(String what, String[] args) {
        Refusals.refused(home, what, home.cli, ExitCodes.REJECTED, null, concat(args("--profile", "acme"), args));
    }

    @Test
    void hostileLineageFailsTheRegistrationAndRecordsNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("lineage.csv"), "unique content for the lineage case\n");
        long height = home.height();
        Cli.Result result = home.cli.run("--profile", "acme", "asset", "register", file.toString(), "--industry", "i",
                "--region", "r", "--lineage", "../../etc/passwd,<script>", "--no-certificate");
        assertThat(result.exit()).as(result.err()).isEqualTo(ExitCodes.REJECTED);
        assertThat(result.out()).contains("failed", "INVALID_ARGUMENT", "0 registered, 0 skipped, 1 failed");
        assertThat(result.err()).doesNotContain("\tat ", "Exception");
        assertThat(home.height()).isEqualTo(height);
    }
}
