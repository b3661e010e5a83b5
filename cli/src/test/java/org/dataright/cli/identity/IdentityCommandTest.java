package org.dataright.cli.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.dataright.cli.Cli;
import org.dataright.cli.FakeRegistry;
import org.dataright.cli.TestPki;
import org.dataright.cli.base.ExitCodes;
import org.dataright.fabric.crypto.Pem;
import org.hyperledger.fabric.client.identity.Identities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityCommandTest {
    @TempDir
    Path home;

    @Test
    void enrollKeepsThePrivateKeyHereWithMode600() throws Exception {
        try (FakeRegistry registry = new FakeRegistry()) {
            Cli cli = new Cli(home);
            cli.run("init", "--service", registry.url());
            Cli.Result r = cli.run("identity", "enroll", "--token", "t1", "--name", "Acme Data Ltd");
            assertThat(r.exit()).as(r.err()).isEqualTo(0);
            assertThat(r.out()).contains("RegistryMSP::CN=Acme Data Ltd", "enterprise", "valid");
            Path dir = cli.configDir().resolve("profiles/default");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("key.pem")))).isEqualTo("rw-------");
            assertThat(dir.resolve("network.json")).content().contains("\"gatewayEndpoint\"");
            assertThat(dir.resolve("trust-bundle.json")).exists();

            Cli.Result show = cli.run("identity", "show", "--json");
            assertThat(show.out()).contains("\"party\" : \"RegistryMSP::CN=Acme Data Ltd\"", "\"role\" : \"enterprise\"",
                    "\"status\" : \"valid\"");
            Cli.Result export = cli.run("identity", "export");
            assertThat(export.out()).startsWith("-----BEGIN CERTIFICATE-----").doesNotContain("PRIVATE");

            Cli.Result again = cli.run("identity", "enroll", "--token", "t2", "--name", "Acme Data Ltd");
            assertThat(again.exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(again.err()).contains("error: IDENTITY_EXISTS:", "next: add --force");
        }
    }

    @Test
    void enrollWithServiceCreatesTheProfile() throws Exception {
        try (FakeRegistry registry = new FakeRegistry()) {
            Cli cli = new Cli(home);
            Cli.Result r = cli.run("--profile", "acme", "identity", "enroll", "--service", registry.url(), "--token", "t",
                    "--name", "Acme");
            assertThat(r.exit()).as(r.err()).isEqualTo(0);
            assertThat(cli.configDir().resolve("profiles/acme/profile.json")).content().contains(registry.url());
            Cli.Result other = cli.run("--profile", "acme", "identity", "enroll", "--service", "http://10.0.0.1:8080",
                    "--token", "t", "--name", "Acme", "--force");
            assertThat(other.exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(other.err()).contains("error: PROFILE_EXISTS: profile 'acme' already uses " + registry.url());
            assertThat(cli.run("identity", "enroll", "--service", "x", "--token", "t", "--name", "n").err())
                    .contains("--service 'x' is not an http:// or https:// URL");
        }
    }

    @Test
    void usedTokenIsRejectedWithItsCode() throws Exception {
        try (FakeRegistry registry = new FakeRegistry()) {
            Cli cli = new Cli(home);
            cli.run("init", "--service", registry.url());
            Cli.Result r = cli.run("identity", "enroll", "--token", "used", "--name", "Acme");
            assertThat(r.exit()).isEqualTo(ExitCodes.REJECTED);
            assertThat(r.err()).contains("error: TOKEN_USED: the enrollment token was used",
                    "next: ask your registrar for a new enrollment token");
            assertThat(cli.configDir().resolve("profiles/default/key.pem")).doesNotExist();
        }
    }

    @Test
    void aFailedEnrolmentLeavesNoProfileItCreatedAndKeepsOneThatExisted() throws Exception {
        try (FakeRegistry registry = new FakeRegistry()) {
            Cli cli = new Cli(home);
            Cli.Result r = cli.run("--profile", "acme", "identity", "enroll", "--service", registry.url(), "--token", "used",
                    "--name", "Acme");
            assertThat(r.exit()).isEqualTo(ExitCodes.REJECTED);
            assertThat(r.err()).contains("error: TOKEN_USED:");
            assertThat(cli.configDir().resolve("profiles/acme")).doesNotExist();
            assertThat(cli.run("--profile", "acme", "identity", "show").err()).contains("error: NO_PROFILE:");

            cli.run("--profile", "beta", "init", "--service", registry.url());
            cli.run("--profile", "beta", "identity", "enroll", "--service", registry.url(), "--token", "used", "--name", "B");
            assertThat(cli.configDir().resolve("profiles/beta/profile.json")).exists();
        }
    }

    @Test
    void unreachableServiceIsExit4() {
        Cli cli = new Cli(home);
        cli.run("init", "--service", "http://127.0.0.1:" + Cli.closedPort());
        Cli.Result r = cli.run("identity", "enroll", "--token", "t", "--name", "Acme");
        assertThat(r.exit()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(r.err()).contains("error: SERVICE_UNREACHABLE: the registry service at http://127.0.0.1:",
                "next: start the registry");
    }

    @Test
    void enrollUsageErrors() {
        Cli cli = new Cli(home);
        assertThat(cli.run("identity", "enroll", "--name", "x").err()).contains("Missing required option: '--token=TOKEN'");
        assertThat(cli.run("identity", "enroll", "--token", "t", "--name", " ").err()).contains("--name must be 1 to 64 characters");
        assertThat(cli.run("identity", "enroll", "--token", "t", "--name", "x").err()).contains("error: NO_PROFILE:");
        assertThat(cli.run("identity", "show").exit()).isEqualTo(ExitCodes.USAGE);
        cli.run("init", "--service", "http://127.0.0.1:1");
        Cli.Result none = cli.run("identity", "show");
        assertThat(none.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("error: NO_IDENTITY:", "next: run 'dpr identity enroll --token TOKEN --name NAME'");
    }

    @Test
    void registrarIssuesTokensWithASignedRequest() throws Exception {
        try (FakeRegistry registry = new FakeRegistry()) {
            KeyPair keys = KeyMaterial.newKeyPair();
            Path cert = Files.writeString(home.resolve("registrar.pem"),
                    Pem.of(registry.pki().issue(keys.getPublic(), "CN=registrar", "registrar")));
            Path key = Files.writeString(home.resolve("registrar-key.pem"), Identities.toPemString(keys.getPrivate()));
            Cli cli = new Cli(home);
            cli.run("--profile", "registrar", "init", "--service", registry.url());
            cli.run("--profile", "registrar", "identity", "import", "--cert", cert.toString(), "--key", key.toString());
            Cli.Result r = cli.run("--profile", "registrar", "token", "issue", "--role", "enterprise", "--name", "Acme",
                    "--valid-hours", "24");
            assertThat(r.exit()).as(r.err()).isEqualTo(0);
            assertThat(r.out()).contains("tok-Acme", "enterprise", "2025-06-02T08:00:00Z")
                    .contains("next: give the token to Acme, who runs 'dpr identity enroll --service " + registry.url()
                            + " --token tok-Acme --name \"Acme\"'");

            cli.run("init", "--service", registry.url());
            cli.run("identity", "enroll", "--token", "t", "--name", "Acme");
            Cli.Result refused = cli.run("token", "issue", "--role", "court", "--name", "Court");
            assertThat(refused.exit()).isEqualTo(ExitCodes.REJECTED);
            assertThat(refused.err()).contains("error: ROLE_NOT_ALLOWED:", "next: only a registrar may do this");
            assertThat(cli.run("token", "issue", "--role", "king", "--name", "x").exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(cli.run("token", "issue", "--role", "court", "--name", "x", "--valid-hours", "0").err())
                    .contains("--valid-hours must be 1 to 720");
        }
    }

    @Test
    void importChecksThatKeyAndCertificateBelongTogether() throws Exception {
        TestPki pki = new TestPki();
        KeyPair keys = KeyMaterial.newKeyPair();
        Path cert = Files.writeString(home.resolve("cert.pem"),
                Pem.of(pki.issue(keys.getPublic(), "CN=court1,O=Court", "court")));
        Path key = Files.writeString(home.resolve("key.pem"), Identities.toPemString(keys.getPrivate()));
        Path otherKey = Files.writeString(home.resolve("other.pem"),
                Identities.toPemString(KeyMaterial.newKeyPair().getPrivate()));
        Cli cli = new Cli(home);
        cli.run("init", "--service", "http://127.0.0.1:1");
        Cli.Result wrong = cli.run("identity", "import", "--cert", cert.toString(), "--key", otherKey.toString(),
                "--msp-id", "CourtMSP");
        assertThat(wrong.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrong.err()).contains("error: KEY_MISMATCH:");
        assertThat(cli.run("identity", "import", "--cert", key.toString(), "--key", key.toString()).err())
                .contains("error: CERTIFICATE_UNREADABLE:");
        Cli.Result ok = cli.run("identity", "import", "--cert", cert.toString(), "--key", key.toString(), "--msp-id", "CourtMSP");
        assertThat(ok.exit()).as(ok.err()).isEqualTo(0);
        assertThat(ok.out()).contains("CourtMSP::CN=court1,O=Court", "court");
        Path out = home.resolve("export.pem");
        assertThat(cli.run("identity", "export", "--out", out.toString()).exit()).isEqualTo(0);
        assertThat(out).content().startsWith("-----BEGIN CERTIFICATE-----");
    }
}
