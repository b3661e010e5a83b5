package org.dataright.cli.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import org.dataright.cli.Cli;
import org.dataright.cli.FakeRegistry;
import org.dataright.cli.base.ExitCodes;
import org.dataright.fabric.crypto.Pem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A court that holds only a certificate gets the trust bundle and a fingerprint to compare with one published elsewhere. */
class TrustFetchTest {
    @TempDir
    Path home;

    private FakeRegistry registry;
    private Cli cli;

    @BeforeEach
    void start() throws Exception {
        registry = new FakeRegistry();
        cli = new Cli(home);
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void fetchWritesTheBundleAndPrintsTheFingerprintThatShowAndVerifyPrintToo() throws Exception {
        Path file = home.resolve("trust-bundle.json");
        Cli.Result fetched = cli.run("trust", "fetch", "--service", registry.url(), "--out", file.toString());
        assertThat(fetched.exit()).as(fetched.err()).isEqualTo(ExitCodes.OK);

        // What sha256sum of the file says, in groups of four.
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        String grouped = sha256.toUpperCase(Locale.ROOT).replaceAll("(.{4})(?!$)", "$1 ");
        assertThat(Files.readString(file)).isEqualTo(registry.pki().trustBundleJson());
        assertThat(fetched.out()).contains("wrote " + file + " from " + registry.url(), "fingerprint SHA-256  " + grouped,
                "organisations        RegistryMSP (orderer)", "time-stamp roots     none");

        Cli.Result shown = cli.run("trust", "show", file.toString());
        assertThat(shown.exit()).isEqualTo(ExitCodes.OK);
        assertThat(shown.out()).contains("trust bundle " + file, "fingerprint SHA-256  " + grouped);
        Cli.Result json = cli.run("--json", "trust", "show", file.toString());
        assertThat(json.out()).contains("\"fingerprint\" : \"" + sha256 + "\"");

        Path cert = Files.writeString(home.resolve("x.json"), "{}");
        Cli.Result verified = cli.run("verify", cert.toString(), "--trust", file.toString());
        assertThat(verified.out()).contains("trust bundle: " + file + " (fingerprint SHA-256 " + grouped + ")");
    }

    @Test
    void withoutOutTheBundleGoesToStandardOutputAndTheFingerprintToStandardError() {
        Cli.Result fetched = cli.run("trust", "fetch", "--service", registry.url());
        assertThat(fetched.exit()).isEqualTo(ExitCodes.OK);
        assertThat(fetched.out()).isEqualTo(registry.pki().trustBundleJson());
        assertThat(fetched.err()).matches("(?s)fingerprint \\(SHA-256\\): ([0-9A-F]{4} ){15}[0-9A-F]{4}\\s*");
    }

    @Test
    void anOperatorsBundleNamesTheTimeStampRootsItIsGiven() throws Exception {
        Path msp = Files.createDirectories(home.resolve("msp").resolve("cacerts"));
        Path root = Files.writeString(msp.resolve("ca.pem"), Pem.of(registry.pki().ca()));
        Path file = home.resolve("operator-bundle.json");
        Cli.Result written = cli.run("trust", "bundle", "--channel", "registry", "--chaincode", "rights",
                "--endorsement-policy", "OR('RegistryMSP.peer')", "--orderer-org", "RegistryMSP=" + msp.getParent(),
                "--issuer-root", root.toString(), "--tsa-root", root.toString(), "--out", file.toString());
        assertThat(written.exit()).as(written.err()).isEqualTo(ExitCodes.OK);
        assertThat(written.out()).contains("1 issuer root(s), 1 time-stamp root(s)");
        assertThat(cli.run("trust", "show", file.toString()).out()).contains("time-stamp roots     CN=Test CA");

        Path two = Files.writeString(home.resolve("two.pem"), Pem.of(registry.pki().ca()) + Pem.of(registry.pki().ca()));
        Cli.Result refused = cli.run("trust", "bundle", "--channel", "registry", "--chaincode", "rights",
                "--endorsement-policy", "OR('RegistryMSP.peer')", "--orderer-org", "RegistryMSP=" + msp.getParent(),
                "--tsa-root", two.toString());
        assertThat(refused.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("error: BAD_CERTIFICATE: --tsa-root " + two + " must hold exactly one PEM certificate");
    }

    @Test
    void badInputIsRefusedInWords() throws Exception {
        Cli.Result unreachable = cli.run("trust", "fetch", "--service", "http://127.0.0.1:" + Cli.closedPort());
        assertThat(unreachable.exit()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(unreachable.err()).contains("error: SERVICE_UNREACHABLE:");
        Cli.Result missing = cli.run("trust", "show", "nope.json");
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("error: FILE_NOT_FOUND:", "next: get it with 'dpr trust fetch --service URL");
        Path bad = Files.writeString(home.resolve("bad.json"), "{\"version\":1}");
        Cli.Result invalid = cli.run("trust", "show", bad.toString());
        assertThat(invalid.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(invalid.err()).contains("error: TRUST_BUNDLE_INVALID:");
    }
}
