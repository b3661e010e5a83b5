package org.dataright.cli.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dataright.cli.Cli;
import org.dataright.cli.TestPki;
import org.dataright.cli.base.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
    @TempDir
    Path home;

    static final String CONNECTION_PROFILE = """
            {"name":"net","client":{"organization":"Org1"},
             "organizations":{"Org1":{"mspid":"Org1MSP","peers":["peer0.org1.example.com"]}},
             "peers":{"peer0.org1.example.com":{"url":"grpc://127.0.0.1:7051",
                      "grpcOptions":{"ssl-target-name-override":"peer0.org1.example.com"}}}}
            """;

    @Test
    void embeddedProfileKeepsTheServiceUrl() throws Exception {
        Cli cli = new Cli(home);
        Cli.Result r = cli.run("init", "--service", "http://127.0.0.1:8080/");
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).contains("mode", "embedded", "http://127.0.0.1:8080", "next: dpr identity enroll");
        assertThat(Files.readString(cli.configDir().resolve("profiles/default/profile.json")))
                .contains("\"serviceUrl\" : \"http://127.0.0.1:8080\"");
    }

    @Test
    void configDirFollowsXdgWhenDprHomeIsUnset() {
        Cli cli = new Cli(home).with("DPR_HOME", "").with("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        assertThat(cli.run("init", "--service", "http://localhost:8080").exit()).isEqualTo(0);
        assertThat(home.resolve("xdg/dpr/profiles/default/profile.json")).isRegularFile();
        Cli plain = new Cli(home).with("DPR_HOME", "");
        assertThat(plain.run("--profile", "p", "init", "--service", "http://localhost:8080").exit()).isEqualTo(0);
        assertThat(home.resolve(".config/dpr/profiles/p/profile.json")).isRegularFile();
    }

    @Test
    void existingProfileNeedsForce() {
        Cli cli = new Cli(home);
        cli.run("init", "--service", "http://127.0.0.1:8080");
        Cli.Result again = cli.run("init", "--service", "http://127.0.0.1:9090");
        assertThat(again.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("error: PROFILE_EXISTS:", "next: add --force");
        assertThat(cli.run("init", "--service", "http://127.0.0.1:9090", "--force", "--json").out())
                .contains("\"serviceUrl\" : \"http://127.0.0.1:9090\"");
    }

    @Test
    void usageErrors() {
        Cli cli = new Cli(home);
        assertThat(cli.run("init").err()).contains("error: USAGE: the embedded registry needs --service URL");
        assertThat(cli.run("init", "--service", "ftp://x").err()).contains("is not an http:// or https:// URL");
        assertThat(cli.run("init", "--fabric").err()).contains("--fabric needs --connection-profile FILE and --trust-bundle FILE");
        assertThat(cli.run("init", "--service", "http://x", "--trust-bundle", "b.json").err())
                .contains("belong to --fabric");
        assertThat(cli.run("--profile", "../evil", "init", "--service", "http://x").err())
                .contains("error: INVALID_PROFILE_NAME:");
        Cli.Result missing = cli.run("init", "--fabric", "--connection-profile", "nope.json", "--trust-bundle", "nope.json");
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("error: FILE_NOT_FOUND: the connection profile nope.json is not a readable file");
    }

    @Test
    void fabricProfileCopiesConnectionProfileAndTrustBundle() throws Exception {
        Path cp = Files.writeString(home.resolve("connection-org1.json"), CONNECTION_PROFILE);
        String bundleJson = new TestPki().trustBundleJson();
        Path bundle = Files.writeString(home.resolve("bundle.json"), bundleJson);
        Cli cli = new Cli(home);
        Cli.Result r = cli.run("--profile", "org1", "init", "--fabric", "--connection-profile", cp.toString(),
                "--trust-bundle", bundle.toString());
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).contains("Org1MSP", "127.0.0.1:7051", "fabric");
        assertThat(cli.configDir().resolve("profiles/org1/connection-profile.json")).hasContent(CONNECTION_PROFILE);
        assertThat(cli.configDir().resolve("profiles/org1/trust-bundle.json")).hasContent(bundleJson);
    }

    @Test
    void brokenConnectionProfileOrBundleIsRefused() throws Exception {
        Path cp = Files.writeString(home.resolve("cp.yaml"), "name: net\norganizations: {}\n");
        Path bundle = Files.writeString(home.resolve("bundle.json"), new TestPki().trustBundleJson());
        Cli.Result r = new Cli(home).run("init", "--fabric", "--connection-profile", cp.toString(),
                "--trust-bundle", bundle.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("error: CONNECTION_PROFILE_INVALID:", "no client organisation");
        Path good = Files.writeString(home.resolve("cp.json"), CONNECTION_PROFILE);
        Path notJson = Files.writeString(home.resolve("b.json"), "not json");
        assertThat(new Cli(home).run("init", "--fabric", "--connection-profile", good.toString(),
                "--trust-bundle", notJson.toString()).err()).contains("error: TRUST_BUNDLE_INVALID:");
        Path noOrderer = Files.writeString(home.resolve("c.json"), "{\"version\":2}");
        assertThat(new Cli(home).run("init", "--fabric", "--connection-profile", good.toString(),
                "--trust-bundle", noOrderer.toString()).err()).contains("error: TRUST_BUNDLE_INVALID:", "version 2");
    }
}
