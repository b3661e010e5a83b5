package org.dataright.cli.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dataright.cli.Cli;
import org.dataright.cli.TestPki;
import org.dataright.cli.base.ExitCodes;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.testsupport.PdfBombs;
import org.hyperledger.fabric.client.identity.Identities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "bad input" drill of every dpr command, for what dpr must refuse before it connects anywhere:
 * missing and unknown options, malformed values, files that are missing, directories, pipes, devices,
 * empty or corrupt, bad manifests, certificates, trust bundles, connection profiles and profile files,
 * no profile and no identity. Each refusal has the documented exit code, an {@code error: CODE:} line
 * naming the problem and a {@code next:} line, no stack trace, and leaves every file as it was. The
 * profiles' ledger endpoint is a closed port: an act that got past dpr's checks would end in exit 4
 * (cannot connect), not in the refusal expected. {@link CliLedgerDrillIT} drives values that pass these
 * checks to a real ledger.
 */
class CliInputDrillTest {
    @TempDir
    static Path dir;
    static DrillHome home;

    @BeforeAll
    static void start() throws Exception {
        home = DrillHome.offline(dir);
    }

    @AfterAll
    static void stop() {
        if (home != null) {
            home.close();
        }
    }

    static String p(String name) {
        return home.input(name);
    }

    static void refused(String what, Cli cli, int exit, String code, String... args) {
        Refusals.refused(home, what, cli, exit, code, args);
    }

    static void refused(String what, int exit, String code, String... args) {
        Refusals.refused(home, what, home.cli, exit, code, args);
    }

    static Map<String, String> notFiles() {
        return Commands.notFiles(home);
    }

    static Map<String, String[]> everyCommand() {
        return Commands.everyCommand(home);
    }

    @Nested
    class SetupMissing {
        static Stream<Arguments> commands() {
            return everyCommand().entrySet().stream().map(e -> arguments(e.getKey(), e.getValue()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("commands")
        void withoutAProfile(String command, String[] args) {
            refused(command + " without a profile", 2, "NO_PROFILE", Commands.concat(Commands.args("--profile", "ghost"), args));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("commands")
        void withoutAnIdentity(String command, String[] args) {
            refused(command + " without an identity", 2, "NO_IDENTITY", Commands.concat(Commands.args("--profile", "bare"), args));
        }

        @Test
        void otherCommandsWithoutAProfile() {
            refused("identity enroll", 2, "NO_PROFILE", "--profile", "ghost", "identity", "enroll", "--token", "t", "--name", "n");
            refused("identity import", 2, "NO_PROFILE", "--profile", "ghost", "identity", "import", "--cert", p("data.csv"),
                    "--key", p("data.csv"));
            refused("certificate get", 2, "NO_PROFILE", "--profile", "ghost", "certificate", "get", "--tx", Commands.HEX);
            refused("verify without --trust", 2, "NO_TRUST_BUNDLE", "--profile", "ghost", "verify", p("certificate.json"));
            refused("enroll on a Fabric profile", 2, "FABRIC_PROFILE", "--profile", "bare", "identity", "enroll", "--token", "t",
                    "--name", "n");
        }

        @Test
        void badProfileNames() {
            for (String name : List.of("../../etc", "a/b", ".hidden", "x".repeat(65), "semi;colon", "")) {
                refused("profile '" + name + "'", 2, "INVALID_PROFILE_NAME", "--profile", name, "ledger", "info");
            }
            Cli fromEnvironment = new Cli(home.home()).with("DPR_PROFILE", "../../../etc/dpr");
            refused("DPR_PROFILE with a path", fromEnvironment, 2, "INVALID_PROFILE_NAME", "ledger", "info");
        }
    }

    @Nested
    class Usage {
        static Stream<Arguments> usageErrors() {
            String right = "A-1/RESOURCE_HOLDING";
            String[] grant = Commands.args("licence", "grant", "A-1", "PROCESSING_USE", "--to", "M::CN=b", "--purpose", "p", "--scope",
                    "s", "--territory", "CN");
            String[] offer = Commands.args("right", "offer", right, "--to", "M::CN=b", "--contract", Commands.HEX);
            String[] register = Commands.args("asset", "register", p("data.csv"), "--industry", "i", "--region", "r");
            List<Arguments> cases = new ArrayList<>();
            // The command line itself.
            cases.add(arguments("no command", "USAGE", Commands.args()));
            cases.add(arguments("unknown command", "USAGE", Commands.args("regster")));
            cases.add(arguments("unknown global option", "USAGE", Commands.args("--colour", "ledger", "info")));
            cases.add(arguments("--profile without a value", "USAGE", Commands.args("ledger", "info", "--profile")));
            cases.add(arguments("group without a subcommand", "USAGE", Commands.args("right")));
            cases.add(arguments("help for an unknown command", "USAGE", Commands.args("help", "nosuch")));
            cases.add(arguments("completion with an argument", "USAGE", Commands.args("completion", "bash")));
            // Unknown options and stray arguments, on every command.
            for (Map.Entry<String, String[]> command : everyCommand().entrySet()) {
                cases.add(arguments(command.getKey() + " --unknown", "USAGE", Commands.concat(command.getValue(), "--unknown")));
            }
            cases.add(arguments("ledger info with an argument", "USAGE", Commands.args("ledger", "info", "extra")));
            cases.add(arguments("identity show with an argument", "USAGE", Commands.args("identity", "show", "extra")));
            // init
            cases.add(arguments("init without --service", "USAGE", Commands.args("init")));
            cases.add(arguments("init with an ftp URL", "USAGE", Commands.args("--profile", "new-1", "init", "--service", "ftp://x")));
            cases.add(arguments("init with a URL without a host", "USAGE", Commands.args("--profile", "new-1", "init", "--service",
                    "http://")));
            cases.add(arguments("init with a space in the URL", "USAGE", Commands.args("--profile", "new-1", "init", "--service",
                    "http://exa mple.org")));
            cases.add(arguments("init with a javascript: URL", "USAGE", Commands.args("--profile", "new-1", "init", "--service",
                    "javascript:alert(1)")));
            cases.add(arguments("init --fabric alone", "USAGE", Commands.args("--profile", "new-1", "init", "--fabric")));
            cases.add(arguments("init with a Fabric file but not --fabric", "USAGE", Commands.args("--profile", "new-1", "init",
                    "--service", "http://x", "--trust-bundle", home.trustBundle.toString())));
            cases.add(arguments("init over an existing profile", "PROFILE_EXISTS", Commands.args("--profile", "acme", "init",
                    "--service", "http://127.0.0.1:1")));
            // identity
            cases.add(arguments("enroll without options", "USAGE", Commands.args("--profile", "bare", "identity", "enroll")));
            cases.add(arguments("enroll with an empty name", "USAGE", Commands.args("--profile", "new-2", "identity", "enroll",
                    "--service", "http://127.0.0.1:1", "--token", "t", "--name", " ")));
            cases.add(arguments("enroll with a 65-character name", "USAGE", Commands.args("--profile", "new-2", "identity", "enroll",
                    "--service", "http://127.0.0.1:1", "--token", "t", "--name", "n".repeat(65))));
            cases.add(arguments("enroll with an empty token", "USAGE", Commands.args("--profile", "new-2", "identity", "enroll",
                    "--service", "http://127.0.0.1:1", "--token", "", "--name", "n")));
            cases.add(arguments("enroll with a bad --service", "USAGE", Commands.args("--profile", "new-2", "identity", "enroll",
                    "--service", "not a url", "--token", "t", "--name", "n")));
            cases.add(arguments("enroll with another --service than the profile's", "PROFILE_EXISTS", Commands.args("--profile",
                    "acme", "identity", "enroll", "--service", "http://127.0.0.1:2", "--token", "t", "--name", "n")));
            cases.add(arguments("import without options", "USAGE", Commands.args("--profile", "bare", "identity", "import")));
            cases.add(arguments("import over an identity", "IDENTITY_EXISTS", Commands.args("--profile", "acme", "identity", "import",
                    "--cert", p("data.csv"), "--key", p("data.csv"))));
            // token
            cases.add(arguments("token without options", "USAGE", Commands.args("--profile", "acme", "token", "issue")));
            cases.add(arguments("token for an unknown role", "USAGE", Commands.args("--profile", "acme", "token", "issue", "--role",
                    "king", "--name", "x")));
            for (String hours : List.of("0", "-5", "721", "abc", "99999999999", "1.5")) {
                cases.add(arguments("token valid for " + hours + " hours", "USAGE", Commands.args("--profile", "acme", "token", "issue",
                        "--role", "court", "--name", "x", "--valid-hours", hours)));
            }
            cases.add(arguments("token for a blank name", "USAGE", Commands.args("--profile", "acme", "token", "issue", "--role",
                    "court", "--name", " ")));
            // asset
            cases.add(arguments("register without files", "USAGE", Commands.args("--profile", "acme", "asset", "register")));
            cases.add(arguments("register with negative records", "USAGE", Commands.concat(Commands.args("--profile", "acme"),
                    Commands.concat(register, "--records", "-1"))));
            cases.add(arguments("register with records a word", "USAGE", Commands.concat(Commands.args("--profile", "acme"),
                    Commands.concat(register, "--records", "many"))));
            cases.add(arguments("register with an unknown classification", "USAGE", Commands.concat(Commands.args("--profile", "acme"),
                    Commands.concat(register, "--classification", "SECRET"))));
            cases.add(arguments("register without --industry", "USAGE", Commands.args("--profile", "acme", "asset", "register",
                    p("data.csv"), "--region", "r")));
            cases.add(arguments("register with a blank --region", "USAGE", Commands.args("--profile", "acme", "asset", "register",
                    p("data.csv"), "--industry", "i", "--region", " ")));
            cases.add(arguments("register two files with one --title", "USAGE", Commands.args("--profile", "acme", "asset", "register",
                    p("data.csv"), p("certificate.json"), "--title", "t", "--industry", "i", "--region", "r")));
            cases.add(arguments("register files and --dir", "USAGE", Commands.args("--profile", "acme", "asset", "register",
                    p("data.csv"), "--dir", p("a-directory"))));
            cases.add(arguments("register into an --out that is a file", "USAGE", Commands.concat(Commands.args("--profile", "acme"),
                    Commands.concat(register, "--out", p("data.csv")))));
            cases.add(arguments("show without an asset", "USAGE", Commands.args("--profile", "acme", "asset", "show")));
            cases.add(arguments("history without an id", "USAGE", Commands.args("--profile", "acme", "asset", "history")));
            // right
            cases.add(arguments("register an unknown right type", "USAGE", Commands.args("--profile", "acme", "right", "register", "A-1",
                    "COPYRIGHT")));
            cases.add(arguments("register IP without a claim", "USAGE", Commands.args("--profile", "acme", "right", "register", "A-1",
                    "INTELLECTUAL_PROPERTY")));
            cases.add(arguments("register IP with a blank claim", "USAGE", Commands.args("--profile", "acme", "right", "register",
                    "A-1", "INTELLECTUAL_PROPERTY", "--claim", "  ")));
            cases.add(arguments("offer without --to", "USAGE", Commands.args("--profile", "acme", "right", "offer", right,
                    "--contract", Commands.HEX)));
            for (String expires : List.of("tomorrow", "2025-13-01T00:00:00Z", "2025-06-01", "P", "PT", "P-5D", "PT-1H", "P0D",
                    "P999999999999999D", "P99999999999999D", "PT9999999999999999H")) {
                cases.add(arguments("offer expiring '" + expires + "'", "USAGE", Commands.concat(Commands.args("--profile", "acme"),
                        Commands.concat(offer, "--expires", expires))));
            }
            cases.add(arguments("offer with a 63-digit contract digest", "FILE_NOT_FOUND", Commands.args("--profile", "acme", "right",
                    "offer", right, "--to", "M::CN=b", "--contract", Commands.HEX.substring(1))));
            cases.add(arguments("accept without a right", "USAGE", Commands.args("--profile", "acme", "right", "accept")));
            cases.add(arguments("accept two rights", "USAGE", Commands.args("--profile", "acme", "right", "accept", right, right)));
            // rights
            for (String size : List.of("0", "201", "-1", "ten", "99999999999")) {
                cases.add(arguments("rights list --size " + size, "USAGE", Commands.args("--profile", "acme", "rights", "list", "--size",
                        size)));
            }
            // licence
            cases.add(arguments("grant without terms", "USAGE", Commands.args("--profile", "acme", "licence", "grant", "A-1",
                    "PROCESSING_USE")));
            cases.add(arguments("grant an unknown right type", "USAGE", Commands.args("--profile", "acme", "licence", "grant", "A-1",
                    "COPYRIGHT", "--to", "M::CN=b", "--purpose", "p", "--scope", "s", "--territory", "CN", "--start", Commands.START,
                    "--end", Commands.END)));
            cases.add(arguments("grant ending before it starts", "USAGE", Commands.concat(Commands.args("--profile", "acme"),
                    Commands.concat(grant, "--start", Commands.END, "--end", Commands.START))));
            cases.add(arguments("grant ending as it starts", "USAGE", Commands.concat(Commands.args("--profile", "acme"),
                    Commands.concat(grant, "--start", Commands.START, "--end", Commands.START))));
            for (String start : List.of("jan", "2025-01-01", "2025-02-30T00:00:00Z", "2025-01-01T25:00:00Z", "1735689600", "")) {
                cases.add(arguments("grant starting '" + start + "'", "USAGE", Commands.concat(Commands.args("--profile", "acme"),
                        Commands.concat(grant, "--start", start, "--end", Commands.END))));
            }
            cases.add(arguments("revoke without a reason", "USAGE", Commands.args("--profile", "acme", "licence", "revoke", "A-1/L-1")));
            // pledge, freeze, objection, evidence
            cases.add(arguments("pledge without --to", "USAGE", Commands.args("--profile", "acme", "pledge", right, "--contract", Commands.HEX)));
            cases.add(arguments("release without a right", "USAGE", Commands.args("--profile", "acme", "release")));
            cases.add(arguments("freeze without a case", "USAGE", Commands.args("--profile", "acme", "freeze", "A-1", "--order", Commands.HEX)));
            cases.add(arguments("unfreeze without a case", "USAGE", Commands.args("--profile", "acme", "unfreeze", "A-1")));
            cases.add(arguments("objection without grounds", "USAGE", Commands.args("--profile", "acme", "objection", "file", "P-1")));
            cases.add(arguments("resolve neither way", "USAGE", Commands.args("--profile", "acme", "objection", "resolve", "O-1",
                    "--reason", "r")));
            cases.add(arguments("resolve both ways", "USAGE", Commands.args("--profile", "acme", "objection", "resolve", "O-1",
                    "--uphold", "--dismiss", "--reason", "r")));
            cases.add(arguments("anchor an unknown kind", "USAGE", Commands.args("--profile", "acme", "evidence", "anchor",
                    p("data.csv"), "--asset", "A-1", "--kind", "DIARY")));
            cases.add(arguments("anchor without an asset", "USAGE", Commands.args("--profile", "acme", "evidence", "anchor",
                    p("data.csv"))));
            cases.add(arguments("anchor into an --out that is a file", "USAGE", Commands.args("--profile", "acme", "evidence", "anchor",
                    p("data.csv"), "--asset", "A-1", "--out", p("data.csv"))));
            cases.add(arguments("act --certificate into an --out that is a file", "USAGE", Commands.args("--profile", "acme", "right",
                    "accept", right, "--certificate", "--out", p("data.csv"))));
            // pending acts and the registry's settings
            cases.add(arguments("review neither way", "USAGE", Commands.args("--profile", "acme", "act", "review", "P-1")));
            cases.add(arguments("review both ways", "USAGE", Commands.args("--profile", "acme", "act", "review", "P-1",
                    "--approve", "--reject", "--reason", "r")));
            cases.add(arguments("reject without a reason", "USAGE", Commands.args("--profile", "acme", "act", "review", "P-1",
                    "--reject")));
            cases.add(arguments("take-effect without an act", "USAGE", Commands.args("--profile", "acme", "act",
                    "take-effect")));
            cases.add(arguments("configure review 'maybe'", "USAGE", Commands.args("--profile", "acme", "registry", "configure",
                    "--review-required", "maybe", "--publicity-days", "7")));
            for (String days : List.of("-1", "seven", "99999999999")) {
                cases.add(arguments("configure " + days + " publicity days", "USAGE", Commands.args("--profile", "acme",
                        "registry", "configure", "--review-required", "true", "--publicity-days", days)));
            }
            // certificate, verify
            cases.add(arguments("certificate get without --tx or --id", "USAGE", Commands.args("--profile", "acme", "certificate",
                    "get")));
            cases.add(arguments("certificate get with --tx and --id", "USAGE", Commands.args("--profile", "acme", "certificate", "get",
                    "--tx", Commands.HEX, "--id", "c")));
            cases.add(arguments("verify without a certificate", "USAGE", Commands.args("verify")));
            return cases.stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("usageErrors")
        void usageErrorsAreRefusedBeforeAnythingIsSent(String what, String code, String[] args) {
            refused(what, 2, code, args);
        }
    }

    @Nested
    class InputFiles {
        static Stream<Arguments> badFiles() {
            List<Arguments> cases = new ArrayList<>();
            String right = "A-1/RESOURCE_HOLDING";
            notFiles().forEach((what, path) -> {
                cases.add(arguments("register " + what, "FILE_NOT_FOUND", Commands.args("--profile", "acme", "asset", "register", path,
                        "--industry", "i", "--region", "r")));
                cases.add(arguments("register --manifest " + what, "FILE_NOT_FOUND", Commands.args("--profile", "acme", "asset",
                        "register", "--manifest", path)));
                cases.add(arguments("anchor " + what, "FILE_NOT_FOUND", Commands.args("--profile", "acme", "evidence", "anchor", path,
                        "--asset", "A-1")));
                cases.add(arguments("offer with the contract " + what, "FILE_NOT_FOUND", Commands.args("--profile", "acme", "right",
                        "offer", right, "--to", "M::CN=b", "--contract", path)));
                cases.add(arguments("pledge with the contract " + what, "FILE_NOT_FOUND", Commands.args("--profile", "acme", "pledge",
                        right, "--to", "M::CN=b", "--contract", path)));
                cases.add(arguments("freeze with the order " + what, "FILE_NOT_FOUND", Commands.args("--profile", "acme", "freeze", "A-1",
                        "--case", "c", "--order", path)));
                cases.add(arguments("objection with the evidence " + what, "FILE_NOT_FOUND", Commands.args("--profile", "acme",
                        "objection", "file", "P-1", "--grounds", "g", "--evidence", path)));
                cases.add(arguments("verify " + what, "FILE_NOT_FOUND", Commands.args("verify", path, "--trust",
                        home.trustBundle.toString())));
                cases.add(arguments("verify with --trust " + what, "FILE_NOT_FOUND", Commands.args("verify", p("certificate.json"),
                        "--trust", path)));
                cases.add(arguments("verify with --file " + what, "FILE_NOT_FOUND", Commands.args("verify", p("certificate.json"),
                        "--trust", home.trustBundle.toString(), "--file", path)));
                cases.add(arguments("init with the connection profile " + what, "FILE_NOT_FOUND", Commands.args("--profile", "new-3",
                        "init", "--fabric", "--connection-profile", path, "--trust-bundle", home.trustBundle.toString())));
                cases.add(arguments("init with the trust bundle " + what, "FILE_NOT_FOUND", Commands.args("--profile", "new-3", "init",
                        "--fabric", "--connection-profile", home.connectionProfile.toString(), "--trust-bundle", path)));
                cases.add(arguments("import the certificate " + what, "FILE_NOT_FOUND", Commands.args("--profile", "bare", "identity",
                        "import", "--cert", path, "--key", p("data.csv"))));
            });
            for (String dirCase : List.of("a missing file", "a named pipe", "/dev/zero")) {
                cases.add(arguments("register --dir " + dirCase, "FILE_NOT_FOUND", Commands.args("--profile", "acme", "asset", "register",
                        "--dir", notFiles().get(dirCase), "--industry", "i", "--region", "r")));
            }
            cases.add(arguments("register an empty file", "FILE_EMPTY", Commands.args("--profile", "acme", "asset", "register",
                    p("empty"), "--industry", "i", "--region", "r")));
            cases.add(arguments("anchor an empty file", "FILE_EMPTY", Commands.args("--profile", "acme", "evidence", "anchor", p("empty"),
                    "--asset", "A-1")));
            cases.add(arguments("offer with an empty contract", "FILE_EMPTY", Commands.args("--profile", "acme", "right", "offer",
                    right, "--to", "M::CN=b", "--contract", p("empty"))));
            cases.add(arguments("freeze with an empty order", "FILE_EMPTY", Commands.args("--profile", "acme", "freeze", "A-1",
                    "--case", "c", "--order", p("empty"))));
            cases.add(arguments("register --dir of a file", "FILE_NOT_FOUND", Commands.args("--profile", "acme", "asset", "register",
                    "--dir", p("data.csv"), "--industry", "i", "--region", "r")));
            cases.add(arguments("register an empty --dir", "NO_FILES", Commands.args("--profile", "acme", "asset", "register", "--dir",
                    p("empty-directory"), "--industry", "i", "--region", "r")));
            cases.add(arguments("register a --dir of hidden files", "NO_FILES", Commands.args("--profile", "acme", "asset", "register",
                    "--dir", p("hidden-only"), "--industry", "i", "--region", "r")));
            cases.add(arguments("export into a directory", "WRITE_FAILED", Commands.args("--profile", "acme", "identity", "export",
                    "--out", p("a-directory"))));
            cases.add(arguments("export into a missing directory", "WRITE_FAILED", Commands.args("--profile", "acme", "identity",
                    "export", "--out", p("missing/acme.pem"))));
            return cases.stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badFiles")
        void badFilesAreRefused(String what, String code, String[] args) {
            refused(what, code.equals("WRITE_FAILED") ? ExitCodes.FAILED : ExitCodes.USAGE, code, args);
        }

        static Stream<Arguments> badManifests() throws IOException {
            Path manifests = Files.createDirectories(home.in.resolve("manifests"));
            Files.writeString(manifests.resolve("data.csv"), "a,b\n1,2\n");
            Map<String, byte[]> contents = new LinkedHashMap<>();
            contents.put("an empty file", new byte[0]);
            contents.put("a header only", bytes("file,industry,region\n"));
            contents.put("no file column", bytes("title,industry\nx,y\n"));
            contents.put("an unclosed quote", bytes("file,industry,region\n\"data.csv,i,r\n"));
            contents.put("invalid UTF-8", new byte[] {'f', 'i', 'l', 'e', '\n', (byte) 0xC3, 0x28, '\n'});
            contents.put("an empty file cell", bytes("file,industry,region\n,i,r\n"));
            contents.put("a missing file", bytes("file,industry,region\nnot-there.csv,i,r\n"));
            contents.put("an empty data file", bytes("file,industry,region\n../empty,i,r\n"));
            contents.put("a directory as file", bytes("file,industry,region\n.,i,r\n"));
            contents.put("a NUL in the path", bytes("file,industry,region\ndata\u0000.csv,i,r\n"));
            contents.put("a 5,000-character path", bytes("file,industry,region\n" + "p".repeat(5000) + ",i,r\n"));
            contents.put("an unknown classification", bytes("file,industry,region,classification\ndata.csv,i,r,TOP\n"));
            contents.put("a negative recordCount", bytes("file,industry,region,recordCount\ndata.csv,i,r,-5\n"));
            contents.put("recordCount a word", bytes("file,industry,region,recordCount\ndata.csv,i,r,many\n"));
            contents.put("recordCount beyond a long", bytes("file,industry,region,recordCount\ndata.csv,i,r,"
                    + "9".repeat(30) + "\n"));
            contents.put("no industry", bytes("file,region\ndata.csv,r\n"));
            contents.put("binary garbage", new byte[] {0, 1, 2, 3, (byte) 0x80, (byte) 0xFF, '\n', ','});
            List<Arguments> cases = new ArrayList<>();
            int n = 0;
            for (Map.Entry<String, byte[]> c : contents.entrySet()) {
                Path manifest = Files.write(manifests.resolve("manifest-" + (n++) + ".csv"), c.getValue());
                String code = switch (c.getKey()) {
                    case "a missing file", "a directory as file", "a 5,000-character path" -> "FILE_NOT_FOUND";
                    case "an empty data file" -> "FILE_EMPTY";
                    default -> "MANIFEST_INVALID";
                };
                cases.add(arguments(c.getKey(), code, manifest.toString()));
            }
            return cases.stream();
        }

        static byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }

        @ParameterizedTest(name = "manifest with {0}")
        @MethodSource("badManifests")
        void badManifestsAreRefused(String what, String code, String manifest) {
            refused("manifest with " + what, 2, code, "--profile", "acme", "asset", "register", "--manifest", manifest);
        }

        @Test
        void aManifestWithAByteOrderMarkIsRead() throws IOException {
            Path manifest = Files.writeString(home.in.resolve("bom.csv"), "\uFEFFfile,industry,region\nmissing.csv,i,r\n");
            // Read as a manifest (with its 'file' column), so the row's missing file is what is reported.
            refused("manifest with a byte order mark", 2, "FILE_NOT_FOUND", "--profile", "acme", "asset", "register",
                    "--manifest", manifest.toString());
        }
    }

    @Nested
    class Documents {
        static Stream<Arguments> badConnectionProfiles() {
            Map<String, String> profiles = new LinkedHashMap<>();
            profiles.put("empty", "");
            profiles.put("not JSON", "peers: [");
            profiles.put("an array", "[]");
            profiles.put("no organisations", "{\"peers\":{\"p\":{\"url\":\"grpc://127.0.0.1:7051\"}}}");
            profiles.put("no mspid", "{\"organizations\":{\"O\":{}},\"peers\":{\"p\":{\"url\":\"grpc://127.0.0.1:7051\"}}}");
            profiles.put("no peers", "{\"organizations\":{\"O\":{\"mspid\":\"M\"}}}");
            profiles.put("a peer without a port", "{\"organizations\":{\"O\":{\"mspid\":\"M\",\"peers\":[\"p\"]}},"
                    + "\"peers\":{\"p\":{\"url\":\"grpc://127.0.0.1\"}}}");
            profiles.put("a peer url that is not a URL", "{\"organizations\":{\"O\":{\"mspid\":\"M\",\"peers\":[\"p\"]}},"
                    + "\"peers\":{\"p\":{\"url\":\"grpc://exa mple:1\"}}}");
            profiles.put("TLS without a root", "{\"organizations\":{\"O\":{\"mspid\":\"M\",\"peers\":[\"p\"]}},"
                    + "\"peers\":{\"p\":{\"url\":\"grpcs://127.0.0.1:7051\"}}}");
            profiles.put("a TLS root path that is missing", "{\"organizations\":{\"O\":{\"mspid\":\"M\",\"peers\":[\"p\"]}},"
                    + "\"peers\":{\"p\":{\"url\":\"grpcs://127.0.0.1:7051\",\"tlsCACerts\":{\"path\":\"../../no/such.pem\"}}}}");
            profiles.put("nested 100,000 deep", "[".repeat(100_000) + "]".repeat(100_000));
            List<Arguments> cases = new ArrayList<>();
            profiles.forEach((what, text) -> cases.add(arguments(what, ".json", text)));
            cases.add(arguments("a YAML alias bomb", ".yaml", yamlBomb()));
            cases.add(arguments("YAML that is not YAML", ".yaml", "peers: [\n  - : :\n\t- x"));
            return cases.stream();
        }

        /** Ten levels of nine aliases each: a billion strings if anyone expanded them. */
        static String yamlBomb() {
            StringBuilder yaml = new StringBuilder("a0: &a0 [\"lol\"]\n");
            for (int i = 1; i <= 10; i++) {
                yaml.append("a").append(i).append(": &a").append(i).append(" [");
                for (int j = 0; j < 9; j++) {
                    yaml.append(j == 0 ? "" : ",").append("*a").append(i - 1);
                }
                yaml.append("]\n");
            }
            return yaml.append("organizations: *a10\n").toString();
        }

        @ParameterizedTest(name = "connection profile: {0}")
        @MethodSource("badConnectionProfiles")
        void badConnectionProfilesAreRefusedAtInit(String what, String extension, String text) throws IOException {
            Path file = Files.writeString(home.in.resolve("cp-" + Math.abs(what.hashCode()) + extension), text);
            refused("connection profile " + what, 2, "CONNECTION_PROFILE_INVALID", "--profile", "new-4", "init", "--fabric",
                    "--connection-profile", file.toString(), "--trust-bundle", home.trustBundle.toString());
        }

        static Stream<Arguments> badTrustBundles() {
            Map<String, byte[]> bundles = new LinkedHashMap<>();
            bundles.put("empty", new byte[0]);
            bundles.put("garbage", new byte[] {0, 1, 2, (byte) 0xFF});
            bundles.put("invalid UTF-8", new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', '}'});
            bundles.put("an array", "[]".getBytes(StandardCharsets.UTF_8));
            bundles.put("an empty object", "{}".getBytes(StandardCharsets.UTF_8));
            bundles.put("version 99", "{\"version\":99}".getBytes(StandardCharsets.UTF_8));
            bundles.put("a CA root that is not PEM", new TestPki().trustBundleJson().replaceFirst("MII", "!!!")
                    .getBytes(StandardCharsets.UTF_8));
            bundles.put("nested 100,000 deep", ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
            return bundles.entrySet().stream().map(e -> arguments(e.getKey(), e.getValue()));
        }

        @ParameterizedTest(name = "trust bundle: {0}")
        @MethodSource("badTrustBundles")
        void badTrustBundlesAreRefused(String what, byte[] bundle) throws IOException {
            Path file = Files.write(home.in.resolve("tb-" + Math.abs(what.hashCode()) + ".json"), bundle);
            refused("verify with trust bundle " + what, 2, "TRUST_BUNDLE_INVALID", "verify", p("certificate.json"), "--trust",
                    file.toString());
            refused("init with trust bundle " + what, 2, "TRUST_BUNDLE_INVALID", "--profile", "new-5", "init", "--fabric",
                    "--connection-profile", home.connectionProfile.toString(), "--trust-bundle", file.toString());
        }

        static Stream<Arguments> corruptCertificates() {
            Map<String, byte[]> certificates = new LinkedHashMap<>();
            certificates.put("an empty file", new byte[0]);
            certificates.put("random bytes", new byte[] {0, 1, 2, (byte) 0xFF, (byte) 0xFE, 9});
            certificates.put("invalid UTF-8", new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', ':', '1', '}'});
            certificates.put("a JSON array", "[]".getBytes(StandardCharsets.UTF_8));
            certificates.put("an empty object", "{}".getBytes(StandardCharsets.UTF_8));
            certificates.put("cut off", "{\"version\":1,\"act\":\"REG".getBytes(StandardCharsets.UTF_8));
            certificates.put("nested 100,000 deep", ("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000))
                    .getBytes(StandardCharsets.UTF_8));
            certificates.put("a PDF without a certificate", "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            certificates.put("a script", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
            return certificates.entrySet().stream().map(e -> arguments(e.getKey(), e.getValue()));
        }

        /** A certificate that does not verify is a verdict: exit 1, every check listed, the format check failed. */
        @ParameterizedTest(name = "certificate: {0}")
        @MethodSource("corruptCertificates")
        void corruptCertificatesFailVerification(String what, byte[] certificate) throws IOException {
            Path file = Files.write(home.in.resolve("cert-" + Math.abs(what.hashCode()) + ".json"), certificate);
            Map<String, String> before = Refusals.tree(home.home());
            Cli.Result result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> home.cli.run("verify",
                    file.toString(), "--trust", home.trustBundle.toString()), what);
            assertThat(result.exit()).as(what + "\n" + result.err() + result.out()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
            assertThat(result.out()).as(what).contains("FAILED  format", "verdict: FAIL", "failed: format");
            assertThat(result.err()).as(what).isEmpty();
            assertThat(Refusals.tree(home.home())).isEqualTo(before);
        }

        static Stream<Arguments> pdfBombs() {
            return Stream.of(arguments("the embedded certificate", PdfBombs.embeddedFile(PdfBombs.THREE_GIB)),
                    arguments("the object stream of its name tree", PdfBombs.objectStream(PdfBombs.THREE_GIB)),
                    arguments("the cross-reference stream", PdfBombs.xrefStream(PdfBombs.THREE_GIB)));
        }

        /**
         * The trust review's 3.1 MB PDF that inflates to 3 GiB, in each stream dpr opens: bad input, no OOM (an
         * inflating XMP stream is never opened by dpr verify: that PDF is a failed verdict, as any unsigned one).
         */
        @ParameterizedTest(name = "a PDF bomb in {0}")
        @MethodSource("pdfBombs")
        void pdfBombsAreRefused(String where, byte[] pdf) throws IOException {
            Path file = Files.write(home.in.resolve("bomb-" + Math.abs(where.hashCode()) + ".certificate.pdf"), pdf);
            refused("a PDF bomb in " + where, ExitCodes.USAGE, "CERTIFICATE_TOO_LARGE", "verify", file.toString(), "--trust",
                    home.trustBundle.toString());
        }

        static Stream<Arguments> badIdentityFiles() throws Exception {
            var pki = CertificateAuthority.create("Drill CA");
            var keys = CertificateAuthority.newKeyPair();
            String cert = Pem.of(pki.issue(keys.getPublic(), "drill", org.hyperledger.fabric.protos.common.MSPRole
                    .MSPRoleType.CLIENT, Map.of()));
            String key = Identities.toPemString(keys.getPrivate());
            String otherKey = Identities.toPemString(CertificateAuthority.newKeyPair().getPrivate());
            Path files = Files.createDirectories(home.in.resolve("identity"));
            Path goodCert = Files.writeString(files.resolve("cert.pem"), cert);
            Path goodKey = Files.writeString(files.resolve("key.pem"), key);
            List<Arguments> cases = new ArrayList<>();
            Map<String, String> bad = new LinkedHashMap<>();
            bad.put("empty", "");
            bad.put("garbage", "hello");
            bad.put("PEM of garbage", "-----BEGIN CERTIFICATE-----\nAAAA\n-----Commands.END CERTIFICATE-----\n");
            for (Map.Entry<String, String> b : bad.entrySet()) {
                Path f = Files.writeString(files.resolve("bad-" + b.getKey().replace(' ', '-') + ".pem"), b.getValue());
                cases.add(arguments("certificate " + b.getKey(), "CERTIFICATE_UNREADABLE", f.toString(), goodKey.toString()));
                cases.add(arguments("key " + b.getKey(), "KEY_UNREADABLE", goodCert.toString(), f.toString()));
            }
            cases.add(arguments("the key as certificate", "CERTIFICATE_UNREADABLE", goodKey.toString(), goodKey.toString()));
            cases.add(arguments("the certificate as key", "KEY_UNREADABLE", goodCert.toString(), goodCert.toString()));
            cases.add(arguments("another key", "KEY_MISMATCH", goodCert.toString(),
                    Files.writeString(files.resolve("other-key.pem"), otherKey).toString()));
            notFiles().forEach((what, path) -> cases.add(arguments("key " + what, "FILE_NOT_FOUND", goodCert.toString(), path)));
            return cases.stream();
        }

        @ParameterizedTest(name = "import with {0}")
        @MethodSource("badIdentityFiles")
        void badIdentityFilesAreNotImported(String what, String code, String cert, String key) {
            refused("import with " + what, 2, code, "--profile", "bare", "identity", "import", "--cert", cert, "--key", key);
        }
    }

    /** A copy of acme's profile, named {@code name}, with {@code file} replaced by {@code content} (null: deleted). */
    static void corruptCopy(String name, String file, byte[] content) throws IOException {
        Path acme = home.home().resolve("config").resolve("profiles").resolve("acme");
        Path copy = home.home().resolve("config").resolve("profiles").resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(acme)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path target = copy.resolve(file);
        Files.deleteIfExists(target);
        if (content != null) {
            Files.write(target, content);
        }
    }

    @Nested
    class Profiles {
        static Stream<Arguments> corruptProfiles() {
            String otherKey = Identities.toPemString(CertificateAuthority.newKeyPair().getPrivate());
            List<Arguments> cases = new ArrayList<>();
            cases.add(arguments("profile.json garbage", "profile.json", "}{".getBytes(StandardCharsets.UTF_8), "PROFILE_UNREADABLE"));
            cases.add(arguments("profile.json empty", "profile.json", new byte[0], "PROFILE_UNREADABLE"));
            cases.add(arguments("profile.json an array", "profile.json", "[]".getBytes(StandardCharsets.UTF_8),
                    "PROFILE_UNREADABLE"));
            cases.add(arguments("profile.json of an unknown mode", "profile.json",
                    "{\"mode\":\"martian\"}".getBytes(StandardCharsets.UTF_8), "PROFILE_UNREADABLE"));
            cases.add(arguments("profile.json with a file: URL", "profile.json",
                    "{\"mode\":\"embedded\",\"serviceUrl\":\"file:///etc/passwd\"}".getBytes(StandardCharsets.UTF_8),
                    "PROFILE_UNREADABLE"));
            cases.add(arguments("profile.json with a URL with a space", "profile.json",
                    "{\"mode\":\"embedded\",\"serviceUrl\":\"http://exa mple\"}".getBytes(StandardCharsets.UTF_8),
                    "PROFILE_UNREADABLE"));
            cases.add(arguments("profile.json nested 100,000 deep", "profile.json",
                    ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8), "PROFILE_UNREADABLE"));
            cases.add(arguments("identity.json garbage", "identity.json", "{".getBytes(StandardCharsets.UTF_8),
                    "IDENTITY_UNREADABLE"));
            cases.add(arguments("identity.json without an MSP id", "identity.json", "{}".getBytes(StandardCharsets.UTF_8),
                    "IDENTITY_UNREADABLE"));
            cases.add(arguments("cert.pem garbage", "cert.pem", "hello".getBytes(StandardCharsets.UTF_8), "IDENTITY_UNREADABLE"));
            cases.add(arguments("cert.pem gone", "cert.pem", null, "IDENTITY_UNREADABLE"));
            cases.add(arguments("key.pem garbage", "key.pem", "hello".getBytes(StandardCharsets.UTF_8), "KEY_UNREADABLE"));
            cases.add(arguments("key.pem gone", "key.pem", null, "KEY_UNREADABLE"));
            cases.add(arguments("key.pem of another key", "key.pem", otherKey.getBytes(StandardCharsets.UTF_8), "KEY_MISMATCH"));
            cases.add(arguments("connection profile garbage", "connection-profile.json", "{".getBytes(StandardCharsets.UTF_8),
                    "CONNECTION_PROFILE_INVALID"));
            cases.add(arguments("connection profile gone", "connection-profile.json", null, "CONNECTION_PROFILE_INVALID"));
            return cases.stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("corruptProfiles")
        void corruptProfilesAreRefused(String what, String file, byte[] content, String code) throws IOException {
            String name = "broken-" + Math.abs(what.hashCode());
            corruptCopy(name, file, content);
            refused(what + " (ledger info)", 2, code, "--profile", name, "ledger", "info");
            refused(what + " (right accept)", 2, code, "--profile", name, "right", "accept", home.assetId + "/RESOURCE_HOLDING");
        }

        @Test
        void aCorruptTrustBundleInTheProfileIsRefused() throws IOException {
            corruptCopy("broken-bundle", "trust-bundle.json", "{\"version\":".getBytes(StandardCharsets.UTF_8));
            refused("verify with the profile's corrupt trust bundle", 2, "TRUST_BUNDLE_INVALID", "--profile", "broken-bundle",
                    "verify", p("certificate.json"));
        }

        @Test
        void aConfigDirectoryThatIsAFileIsRefused() throws IOException {
            Path notADirectory = Files.writeString(home.home().resolve("config-file"), "not a directory");
            Cli cli = new Cli(home.home()).with("DPR_HOME", notADirectory.toString());
            refused("init under a file", cli, ExitCodes.FAILED, "WRITE_FAILED", "init", "--service", "http://127.0.0.1:1");
            refused("show under a file", cli, ExitCodes.USAGE, "NO_PROFILE", "identity", "show");
        }
    }
}
