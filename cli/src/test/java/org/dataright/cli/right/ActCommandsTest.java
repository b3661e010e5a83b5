package org.dataright.cli.right;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dataright.cli.Cli;
import org.dataright.cli.FakeRegistry;
import org.dataright.cli.base.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arguments are checked before anything is sent; an unreachable ledger is exit 4 after the checks pass. */
class ActCommandsTest {
    @TempDir
    Path home;

    Cli cli;

    @BeforeEach
    void profileWithoutIdentity() {
        cli = new Cli(home);
        cli.run("init", "--service", "http://127.0.0.1:" + Cli.closedPort());
    }

    private void usage(String expected, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(expected);
    }

    @Test
    void offerChecksExpiryContractAndReceiver() {
        usage("Missing required option: '--to=PARTY'", "right", "offer", "A-1/RESOURCE_HOLDING", "--contract", "x");
        usage("--expires 'tomorrow' is neither an ISO-8601 instant", "right", "offer", "A-1/RESOURCE_HOLDING",
                "--to", "M::CN=b", "--contract", "x", "--expires", "tomorrow");
        usage("error: FILE_NOT_FOUND: --contract nope.pdf is neither a readable file nor a SHA-256 digest",
                "right", "offer", "A-1/RESOURCE_HOLDING", "--to", "M::CN=b", "--contract", "nope.pdf");
        usage("error: NO_IDENTITY:", "right", "offer", "A-1/RESOURCE_HOLDING", "--to", "M::CN=b",
                "--contract", "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08");
    }

    @Test
    void registerRightNeedsAClaimForIntellectualProperty() {
        usage("an INTELLECTUAL_PROPERTY right needs --claim TEXT", "right", "register", "A-1", "INTELLECTUAL_PROPERTY");
        usage("Invalid value for positional parameter at index 1 (TYPE)", "right", "register", "A-1", "COPYRIGHT");
    }

    @Test
    void licenceTermsAreChecked() {
        String[] base = {"licence", "grant", "A-1", "PROCESSING_USE", "--to", "M::CN=b", "--purpose", "p", "--scope", "s",
            "--territory", "CN"};
        usage("--end must be after --start", concat(base, "--start", "2025-02-01T00:00:00Z", "--end", "2025-01-01T00:00:00Z"));
        usage("--start 'jan' is not an ISO-8601 instant", concat(base, "--start", "jan", "--end", "2025-01-01T00:00:00Z"));
        usage("Missing required option: '--reason=TEXT'", "license", "revoke", "A-1/L-1");
    }

    @Test
    void freezePledgeObjectionAndEvidenceChecks() {
        usage("Missing required option: '--case=NUMBER'", "freeze", "A-1", "--order", "o.pdf");
        usage("error: FILE_NOT_FOUND: --order o.pdf", "freeze", "A-1", "--case", "c", "--order", "o.pdf");
        usage("Missing required option: '--case=NUMBER'", "unfreeze", "A-1");
        usage("error: FILE_NOT_FOUND: --contract loan.pdf", "pledge", "A-1/RESOURCE_HOLDING", "--to", "B::CN=bank",
                "--contract", "loan.pdf");
        usage("Missing required parameter: 'RIGHT'", "release");
        usage("error: USAGE: Missing required argument (specify one of these): (--uphold | --dismiss)",
                "objection", "resolve", "O-1", "--reason", "r");
        usage("error: USAGE: --uphold, --dismiss are mutually exclusive (specify only one)", "objection", "resolve", "O-1", "--uphold", "--dismiss",
                "--reason", "r");
        usage("error: FILE_NOT_FOUND: FILE missing.log", "evidence", "anchor", "missing.log", "--asset", "A-1");
        usage("Invalid value for option '--kind'", "evidence", "anchor", "x", "--asset", "A-1", "--kind", "DIARY");
    }

    @Test
    void actsOnAnUnreachableLedgerAreExit4() throws Exception {
        try (FakeRegistry registry = new FakeRegistry()) {
            Cli enrolled = new Cli(home.resolve("e"));
            enrolled.run("init", "--service", registry.url());
            assertThat(enrolled.run("identity", "enroll", "--token", "t", "--name", "Acme").exit()).isEqualTo(0);
            Path order = Files.writeString(home.resolve("order.pdf"), "court order");
            Cli.Result r = enrolled.run("freeze", "A-1", "--case", "c-1", "--order", order.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.CANNOT_CONNECT);
            assertThat(r.err()).contains("error: LEDGER_UNREACHABLE: the ledger endpoint 127.0.0.1:" + registry.gatewayPort());
            Cli.Result certificate = enrolled.run("certificate", "get", "--tx", "00ff");
            assertThat(certificate.exit()).isEqualTo(ExitCodes.REJECTED);
            assertThat(certificate.err()).contains("error: TRANSACTION_NOT_FOUND: no transaction 00ff",
                    "next: check the transaction id");
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
