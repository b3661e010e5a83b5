package org.dataright.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dataright.cli.e2e.Participants.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dataright.cli.Cli;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.testsupport.RegistryServiceProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * dpr against the registry service as shipped (its runnable jar, embedded mode, started by
 * {@link SharedService}): enrolment over HTTP, acts through the embedded peer's gateway with
 * the participants' own keys, certificates issued by the service, offline and online verification;
 * and the root README's quick start, run line by line as written.
 */
@ExtendWith(SharedService.class)
class ServiceEndToEndIT {
    static final String CONTRACT = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    /** The README promises a short path from a built registry to a verified certificate. */
    static final int MAX_QUICK_START_COMMANDS = 6;

    @TempDir
    static Path dir;
    static RegistryServiceProcess service;
    static Cli cli;
    static String acme;
    static String beta;

    @BeforeAll
    static void enrol(RegistryServiceProcess running) {
        service = running;
        cli = new Cli(dir).withSystemClock();
        Participants.importRegistrar(cli, service);
        acme = Participants.enrol(cli, service, "acme", "enterprise", "Donghai Data Ltd");
        beta = Participants.enrol(cli, service, "beta", "enterprise", "Beta Analytics Co");
        Participants.enrol(cli, service, "court", "court", "Pudong People's Court");
    }

    @Test
    void registerTransferLicenseFreezeCertifyAndVerify() throws IOException {
        // Register: hashed here, submitted with acme's key, the certificate fetched from the service and saved.
        Path data = Files.writeString(dir.resolve("sales-2024.csv"), "day,amount\n2024-01-01," + System.nanoTime() + "\n");
        JsonNode registered = json(cli.run("--profile", "acme", "asset", "register", data.toString(),
                "--industry", "retail", "--region", "CN-31", "--json"));
        assertThat(registered.get("registered").asInt()).isEqualTo(1);
        JsonNode result = registered.get("results").get(0);
        String asset = result.get("assetId").asText();
        String right = asset + "/RESOURCE_HOLDING";
        String registration = result.get("transactionId").asText();
        Path certificate = dir.resolve("sales-2024.csv.certificate.json");
        Path pdf = dir.resolve("sales-2024.csv.certificate.pdf");
        assertThat(result.get("certificate").asText()).isEqualTo(certificate.toString());
        assertThat(pdf).isRegularFile();
        assertThat(Files.readAllBytes(pdf)).startsWith("%PDF-".getBytes(StandardCharsets.US_ASCII));
        JsonNode saved = Output.JSON.readTree(certificate.toFile());
        assertThat(saved).isEqualTo(SharedService.json(service, "/api/certificates?transactionId=" + registration));
        assertThat(saved.get("act").asText()).isEqualTo("REGISTER_ASSET");
        assertThat(saved.get("assetId").asText()).isEqualTo(asset);
        assertThat(saved.get("digests").get("sha256").asText()).isEqualTo(result.get("sha256").asText());

        // Transfer to beta, who accepts; beta licenses the asset back to acme.
        Cli.Result offered = cli.run("--profile", "acme", "right", "offer", right, "--to", beta, "--contract", CONTRACT);
        assertThat(offered.exit()).as(offered.err()).isEqualTo(0);
        JsonNode accepted = json(cli.run("--profile", "beta", "right", "accept", right, "--json"));
        assertThat(accepted.get("record").get("holder").asText()).isEqualTo(beta);
        String acceptance = accepted.get("transactionId").asText();
        Instant now = Instant.now();
        JsonNode licence = json(cli.run("--profile", "beta", "licence", "grant", asset, "PROCESSING_USE", "--to", acme,
                "--purpose", "credit scoring", "--scope", "aggregates", "--territory", "CN",
                "--start", now.truncatedTo(ChronoUnit.SECONDS).toString(),
                "--end", now.plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString(), "--json"));
        assertThat(licence.get("record").get("licensee").asText()).isEqualTo(acme);

        // A court freezes the right; beta's transfer of the frozen right is refused and writes nothing.
        Cli.Result freeze = cli.run("--profile", "court", "freeze", right, "--case", "(2026) Hu 0115 Min Chu 7",
                "--order", CONTRACT);
        assertThat(freeze.exit()).as(freeze.err()).isEqualTo(0);
        long height = SharedService.height(service);
        JsonNode before = SharedService.json(service, "/api/rights/" + SharedService.segment(right));
        Cli.Result frozen = cli.run("--profile", "beta", "right", "offer", right, "--to", acme, "--contract", CONTRACT);
        assertThat(frozen.exit()).as(frozen.err()).isEqualTo(ExitCodes.REJECTED);
        assertThat(frozen.err()).isEqualTo("--to " + acme + " → Donghai Data Ltd (donghai-data-ltd, enterprise) " + acme + "\n"
                + "error: RIGHT_FROZEN: right " + right + " is frozen by case "
                + "(2026) Hu 0115 Min Chu 7, so it cannot be offered\n"
                + "next: a court must unfreeze it first ('dpr unfreeze', court role)\n");
        assertThat(SharedService.height(service)).isEqualTo(height);
        assertThat(SharedService.json(service, "/api/rights/" + SharedService.segment(right))).isEqualTo(before);

        Cli.Result history = cli.run("--profile", "acme", "asset", "history", right);
        assertThat(history.exit()).as(history.err()).isEqualTo(0);
        assertThat(history.out()).contains("REGISTER_ASSET", "OFFER_TRANSFER", "ACCEPT_TRANSFER", "FREEZE", beta,
                registration.substring(0, 16));
        JsonNode versions = json(cli.run("--profile", "acme", "asset", "history", right, "--json"));
        // Newest first, as Fabric's history queries answer.
        assertThat(versions).extracting(v -> v.get("act").asText())
                .containsExactly("FREEZE", "ACCEPT_TRANSFER", "OFFER_TRANSFER", "REGISTER_ASSET");
        assertThat(versions.get(3).get("txId").asText()).isEqualTo(registration);
        assertThat(versions.get(3).get("record").get("holder").asText()).isEqualTo(acme);
        assertThat(versions.get(0).get("record").get("holder").asText()).isEqualTo(beta);
        JsonNode shown = json(cli.run("--profile", "court", "asset", "show", asset, "--json"));
        assertThat(shown.get("rights").get(0).get("freeze").get("caseNumber").asText())
                .isEqualTo("(2026) Hu 0115 Min Chu 7");
        assertThat(shown.get("licences")).hasSize(1);

        // The acceptance's certificate, fetched with 'certificate get', by transaction and again by its id.
        Path certificates = dir.resolve("certificates");
        JsonNode got = json(cli.run("--profile", "beta", "certificate", "get", "--tx", acceptance, "--out",
                certificates.toString(), "--json"));
        Path acceptanceJson = Path.of(got.get("json").asText());
        assertThat(acceptanceJson).isEqualTo(certificates.resolve(acceptance + ".certificate.json"));
        assertThat(Path.of(got.get("pdf").asText())).isRegularFile();
        JsonNode byId = json(cli.run("--profile", "beta", "certificate", "get", "--id", got.get("id").asText(), "--out",
                certificates.toString(), "--json"));
        assertThat(Files.readString(Path.of(byId.get("json").asText()))).isEqualTo(Files.readString(acceptanceJson));
        JsonNode acceptanceCertificate = Output.JSON.readTree(acceptanceJson.toFile());
        assertThat(acceptanceCertificate.get("act").asText()).isEqualTo("ACCEPT_TRANSFER");
        assertThat(acceptanceCertificate.get("rightId").asText()).isEqualTo(right);
        Cli.Result acceptanceVerified = cli.run("--profile", "court", "verify", acceptanceJson.toString(), "--online");
        assertThat(acceptanceVerified.exit()).as(acceptanceVerified.out() + acceptanceVerified.err()).isEqualTo(0);
        assertThat(acceptanceVerified.out()).containsPattern("PASSED +online-block").contains("verdict: PASS");

        // Verification of the registration's certificate: good, online, PDF, tampered, wrong file.
        Cli.Result good = cli.run("--profile", "acme", "verify", certificate.toString(), "--file", data.toString());
        assertThat(good.exit()).as(good.out() + good.err()).isEqualTo(ExitCodes.OK);
        assertThat(good.out()).containsPattern("PASSED +issuer-signature").containsPattern("PASSED +file-digests")
                .containsPattern("PASSED +written-state").contains("verdict: PASS (certificate " + saved.get("id").asText());
        Cli.Result online = cli.run("--profile", "court", "verify", certificate.toString(), "--online", "--json");
        JsonNode onlineVerdict = json(online);
        assertThat(onlineVerdict.get("verdict").asText()).isEqualTo("PASS");
        assertThat(onlineVerdict.get("checks")).anySatisfy(c -> {
            assertThat(c.get("name").asText()).isEqualTo("online-block");
            assertThat(c.get("status").asText()).isEqualTo("PASSED");
        });
        assertThat(cli.run("--profile", "beta", "verify", pdf.toString(), "--file", data.toString()).exit())
                .isEqualTo(ExitCodes.OK);

        ObjectNode tampered = (ObjectNode) saved.deepCopy();
        tampered.put("assetId", "A-0000000000000000");
        Path forged = Files.writeString(dir.resolve("forged.certificate.json"), tampered.toString());
        Cli.Result bad = cli.run("--profile", "acme", "verify", forged.toString(), "--file", data.toString());
        assertThat(bad.exit()).as(bad.out() + bad.err()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(bad.out()).containsPattern("FAILED +issuer-signature").contains("verdict: FAIL");

        Path other = Files.writeString(dir.resolve("sales-2025.csv"), "day,amount\n2025-01-01,1\n");
        Cli.Result wrongFile = cli.run("--profile", "acme", "verify", certificate.toString(), "--file", other.toString());
        assertThat(wrongFile.exit()).as(wrongFile.out() + wrongFile.err()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(wrongFile.out()).containsPattern("FAILED +file-digests").contains("failed: file-digests");
    }

    /**
     * The root README's quick start, each {@code ./dpr} line run by {@code sh} in a directory laid out
     * as the README assumes (its {@code data/} is the started service's, README.md beside it), with
     * {@code ./dpr} the repository's launcher running {@code cli/target/dpr.jar} as shipped. Only the
     * service URL is rewritten (the test's service listens on a free port) and {@code <token>} becomes
     * the token the line before printed. The PDF certificate the quick start saved verifies too.
     */
    @Test
    void theReadmeQuickStartWorksAsWritten(@TempDir Path work) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("dpr.repositoryRoot", "..")).toAbsolutePath().normalize();
        List<String> commands = quickStart(Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8));
        assertThat(commands).as("the dpr commands of README.md's quick start").isNotEmpty();
        assertThat(commands.size()).as("README.md's quick start has %d commands after the build, more than %d:%n%s",
                commands.size(), MAX_QUICK_START_COMMANDS, String.join("\n", commands))
                .isLessThanOrEqualTo(MAX_QUICK_START_COMMANDS);
        assertThat(commands.get(commands.size() - 1)).as("the quick start ends by verifying").startsWith("./dpr verify ");

        Files.copy(root.resolve("README.md"), work.resolve("README.md"));
        Files.createSymbolicLink(work.resolve("data"), service.dataDir());
        Files.createSymbolicLink(work.resolve("dpr"), root.resolve("dpr"));
        Pattern tokenLine = Pattern.compile("(?m)^token\\s+(\\S+)\\s*$");
        String token = null;
        String output = "";
        List<String> lines = new ArrayList<>(commands);
        lines.add("./dpr verify README.md.certificate.pdf --file README.md --online");
        for (String command : lines) {
            String line = command.replace("http://127.0.0.1:8080", service.url().toString());
            if (line.contains("<token>")) {
                assertThat(token).as("a token printed before: %s", command).isNotNull();
                line = line.replace("<token>", token);
            }
            ProcessBuilder sh = new ProcessBuilder("sh", "-c", line).directory(work.toFile()).redirectErrorStream(true);
            sh.environment().put("DPR_HOME", work.resolve("config").toString());
            sh.environment().remove("DPR_PROFILE");
            Process process = sh.start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("finished: %s", line).isTrue();
            assertThat(process.exitValue()).as("exit code of%n  %s%nwhich printed:%n%s", line, output).isEqualTo(0);
            Matcher m = tokenLine.matcher(output);
            if (m.find()) {
                token = m.group(1);
            }
        }
        assertThat(output).containsPattern("PASSED +file-digests").containsPattern("PASSED +online-block")
                .contains("verdict: PASS");
        assertThat(work.resolve("README.md.certificate.json")).isRegularFile();
        assertThat(work.resolve("README.md.certificate.pdf")).isRegularFile();
    }

    /** The {@code ./dpr} lines of the first fenced block under "## Quick start"; any other line there fails. */
    static List<String> quickStart(List<String> readme) {
        int heading = -1;
        for (int i = 0; i < readme.size() && heading < 0; i++) {
            if (readme.get(i).startsWith("## Quick start")) {
                heading = i;
            }
        }
        assertThat(heading).as("README.md has a '## Quick start' section").isNotNegative();
        int open = heading + 1;
        while (open < readme.size() && !readme.get(open).startsWith("```")) {
            assertThat(readme.get(open)).as("README.md's quick start: text before its commands").doesNotStartWith("## ");
            open++;
        }
        List<String> commands = new ArrayList<>();
        for (int i = open + 1; i < readme.size() && !readme.get(i).startsWith("```"); i++) {
            String line = readme.get(i).strip();
            if (!line.isEmpty()) {
                assertThat(line).as("every line of README.md's quick start is a dpr command").startsWith("./dpr ");
                commands.add(line);
            }
        }
        return commands;
    }
}
