package org.dataright.cli.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dataright.cli.Cli;
import org.dataright.cli.FakeRegistry;
import org.dataright.cli.base.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisterCommandTest {
    @TempDir
    Path home;

    @Test
    void usageErrorsComeBeforeAnyConnection() throws Exception {
        Cli cli = new Cli(home);
        Path file = Files.writeString(home.resolve("sales.csv"), "a,b\n1,2\n");
        Cli.Result none = cli.run("asset", "register");
        assertThat(none.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("Missing required argument");
        assertThat(cli.run("asset", "register", "missing.csv", "--industry", "i", "--region", "r").err())
                .contains("error: FILE_NOT_FOUND: missing.csv is not a readable file");
        assertThat(cli.run("asset", "register", file.toString(), "--region", "r").err())
                .contains("error: USAGE: missing --industry");
        assertThat(cli.run("asset", "register", file.toString(), "--dir", home.toString()).err())
                .contains("mutually exclusive");
        assertThat(cli.run("asset", "register", file.toString(), file.toString(), "--title", "t", "--industry", "i",
                "--region", "r").err()).contains("--title names one asset");
        assertThat(cli.run("asset", "register", file.toString(), "--industry", "i", "--region", "r",
                "--classification", "SECRET").err()).contains("Invalid value for option '--classification'");
        assertThat(cli.run("asset", "register", file.toString(), "--industry", "i", "--region", "r").err())
                .contains("error: NO_PROFILE:");
    }

    @Test
    void manifestProblemsNameTheLine() throws Exception {
        Cli cli = new Cli(home);
        Path data = Files.writeString(home.resolve("d.bin"), "x");
        Path noFile = Files.writeString(home.resolve("a.csv"), "title,industry\nx,y\n");
        assertThat(cli.run("asset", "register", "--manifest", noFile.toString()).err())
                .contains("error: MANIFEST_INVALID:", "has no 'file' column");
        Path badClass = Files.writeString(home.resolve("b.csv"), "file,industry,region,classification\nd.bin,i,r,TOP\n");
        assertThat(cli.run("asset", "register", "--manifest", badClass.toString()).err())
                .contains("line 2: classification 'TOP' is not GENERAL, IMPORTANT or CORE");
        Path noRegion = Files.writeString(home.resolve("c.csv"), "file,industry\nd.bin,i\n");
        assertThat(cli.run("asset", "register", "--manifest", noRegion.toString()).err())
                .contains("line 2 gives no industry or region");
        Path missing = Files.writeString(home.resolve("e.csv"), "file\nnot-there.bin\n");
        assertThat(cli.run("asset", "register", "--manifest", missing.toString(), "--industry", "i", "--region", "r").err())
                .contains("error: FILE_NOT_FOUND:", "not-there.bin");
        assertThat(data).exists();
    }

    @Test
    void aBatchWithOnlyBadFilesSendsNothingAndNamesEach() throws Exception {
        Path dir = Files.createDirectory(home.resolve("bad"));
        Files.write(dir.resolve("a.csv"), new byte[0]);
        Files.write(dir.resolve("b.csv"), new byte[0]);
        Cli.Result r = new Cli(home).run("asset", "register", "--dir", dir.toString(), "--industry", "i", "--region", "r");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("error: NO_FILES: none of the 2 files can be registered: " + dir.resolve("a.csv")
                + ": FILE_EMPTY: ", dir.resolve("b.csv") + ": FILE_EMPTY: ");
    }

    @Test
    void emptyDirectoryHasNothingToRegister() throws Exception {
        Path dir = Files.createDirectory(home.resolve("empty"));
        Files.writeString(Files.createDirectory(dir.resolve(".git")).resolve("config"), "x");
        Cli.Result r = new Cli(home).run("asset", "register", "--dir", dir.toString(), "--industry", "i", "--region", "r");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("error: NO_FILES:");
    }

    @Test
    void unreachableLedgerStopsTheBatchWithExit4() throws Exception {
        try (FakeRegistry registry = new FakeRegistry()) {
            Cli cli = new Cli(home);
            cli.run("init", "--service", registry.url());
            cli.run("identity", "enroll", "--token", "t", "--name", "Acme");
            Path file = Files.writeString(home.resolve("sales.csv"), "a,b\n1,2\n");
            Cli.Result r = cli.run("asset", "register", file.toString(), "--industry", "retail", "--region", "CN-31");
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.CANNOT_CONNECT);
            assertThat(r.err()).contains("error: LEDGER_UNREACHABLE:");
        }
    }

    @Test
    void csvHandlesQuotesAndLineEnds() {
        assertThat(Csv.parse("file,title\r\n\"a,b.csv\",\"say \"\"hi\"\"\"\n\nc.csv,\n"))
                .containsExactly(List.of("file", "title"), List.of("a,b.csv", "say \"hi\""), List.of("c.csv", ""));
    }
}
