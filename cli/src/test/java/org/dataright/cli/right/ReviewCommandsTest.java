package org.dataright.cli.right;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dataright.cli.Cli;
import org.dataright.cli.FakeRegistry;
import org.dataright.cli.base.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dpr registry configure}, {@code dpr act review} and {@code dpr act take-effect}: arguments are
 * checked before anything is sent (a profile without an identity gets as far as {@code NO_IDENTITY} only
 * when they pass), an unreachable ledger is exit 4. What the contract answers is in
 * {@code e2e.LedgerEndToEndIT}, against a real ledger.
 */
class ReviewCommandsTest {
    private static final String[] CONFIGURE = {"registry", "configure"};

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
        assertThat(r.err()).contains("error: USAGE: " + expected, "next: see 'dpr ");
        assertThat(r.out()).isEmpty();
    }

    /** Valid arguments: refused only for want of an identity, so nothing was refused before. */
    private void passesTheChecks(String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("error: NO_IDENTITY:");
    }

    @Test
    void configureNeedsBothSettingsAsTrueOrFalseAndWholeDaysFromZero() {
        usage("Missing required option: '--review-required=true|false'", concat(CONFIGURE, "--publicity-days", "0"));
        usage("Missing required option: '--publicity-days=N'", concat(CONFIGURE, "--review-required", "true"));
        usage("Invalid value for option '--review-required': 'yes' is not a boolean",
                concat(CONFIGURE, "--review-required", "yes", "--publicity-days", "0"));
        usage("Missing required parameter for option '--review-required'", concat(CONFIGURE, "--review-required"));
        usage("--publicity-days is a number of days, 0 or more, not -1",
                concat(CONFIGURE, "--review-required", "false", "--publicity-days", "-1"));
        usage("Invalid value for option '--publicity-days': 'two' is not an int",
                concat(CONFIGURE, "--review-required", "false", "--publicity-days", "two"));
        passesTheChecks(concat(CONFIGURE, "--review-required", "FALSE", "--publicity-days", "0"));
        passesTheChecks(concat(CONFIGURE, "--review-required", "true", "--publicity-days", "30"));
    }

    @Test
    void configureOffersNoCertificateAsTheConfigurationBelongsToNoAsset() {
        usage("Unknown option: '--certificate'",
                concat(CONFIGURE, "--review-required", "true", "--publicity-days", "1", "--certificate"));
    }

    @Test
    void reviewIsExactlyOneOfApproveOrRejectAndARejectionGivesItsReason() {
        usage("Missing required parameter: 'ACT'", "act", "review", "--approve");
        usage("Missing required argument (specify one of these): (--approve | --reject)", "act", "review", "P-1");
        usage("--approve, --reject are mutually exclusive (specify only one)", "act", "review", "P-1", "--approve", "--reject");
        usage("--reject needs --reason TEXT: the ledger records why the act was rejected", "act", "review", "P-1", "--reject");
        usage("--reject needs --reason TEXT", "act", "review", "P-1", "--reject", "--reason", "  ");
        passesTheChecks("act", "review", "P-1", "--approve");
        passesTheChecks("act", "review", "P-1", "--approve", "--reason", "documents complete");
        passesTheChecks("act", "review", "P-1", "--reject", "--reason", "the title names another firm's data");
    }

    @Test
    void takeEffectNeedsTheAct() {
        usage("Missing required parameter: 'ACT'", "act", "take-effect");
        usage("Unmatched argument at index 3: 'P-2'", "act", "take-effect", "P-1", "P-2");
        passesTheChecks("act", "take-effect", "P-1");
    }

    @Test
    void helpNamesTheRolesAndGivesExamplesAndCompletionKnowsTheCommands() {
        Cli.Result top = cli.run("--help");
        assertThat(top.out()).contains("registry", "act");
        Cli.Result configure = cli.run("registry", "configure", "--help");
        assertThat(configure.exit()).isEqualTo(0);
        assertThat(configure.out()).contains("registrar role", "--review-required=true|false", "--publicity-days=N",
                "dpr --profile registrar registry configure --review-required true \\\n      --publicity-days 30");
        Cli.Result review = cli.run("act", "review", "--help");
        assertThat(review.out()).contains("registrar role", "--approve", "--reject", "--reason=TEXT",
                "act review P-3f9c0d1e2a4b5c6d --reject \\\n      --reason \"the title names");
        Cli.Result takeEffect = cli.run("act", "take-effect", "--help");
        assertThat(takeEffect.out()).contains("publicity period has passed", "(any role)", "dpr act take-effect P-3f9c0d1e2a4b5c6d");
        assertThat(cli.run("act", "--help").out()).contains("pendingAct", "review", "take-effect");
        assertThat(cli.run("completion").out()).contains("take-effect", "configure", "--review-required",
                "--publicity-days", "--approve", "--reject");
        assertThat(cli.run("asset", "history", "--help").out()).contains("newest first");
    }

    @Test
    void onAnUnreachableLedgerTheyAreExit4() throws Exception {
        try (FakeRegistry registry = new FakeRegistry()) {
            Cli enrolled = new Cli(home.resolve("e"));
            enrolled.run("init", "--service", registry.url());
            assertThat(enrolled.run("identity", "enroll", "--token", "t", "--name", "Acme").exit()).isEqualTo(0);
            String[][] acts = {concat(CONFIGURE, "--review-required", "true", "--publicity-days", "0"),
                {"act", "review", "P-1", "--approve"}, {"act", "take-effect", "P-1"}};
            for (String[] act : acts) {
                Cli.Result r = enrolled.run(act);
                assertThat(r.exit()).as(String.join(" ", act) + "\n" + r.err()).isEqualTo(ExitCodes.CANNOT_CONNECT);
                assertThat(r.err()).contains("error: LEDGER_UNREACHABLE: the ledger endpoint 127.0.0.1:"
                        + registry.gatewayPort(), "next: start the registry");
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
