package org.dataright.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dataright.cli.base.Output;
import org.dataright.testsupport.RegistryServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jars as a user gets them, each in its own JVM: the service's runnable jar (its natives and Bouncy
 * Castle cut to what runs, registry-service/pom.xml) with an SM2 issuer, and dpr through the repository's
 * launcher ({@code ./dpr}, running the minimized {@code cli/target/dpr.jar}). Help and completion, an
 * enrolment, a registration, the SM2-signed certificate verified from its JSON and its PDF (offline and
 * online), and fabric mode from a YAML connection profile against the embedded peer's gateway.
 */
class ShippedJarsIT {
    @TempDir
    static Path dir;
    static RegistryServiceProcess service;
    static Path launcher;

    @BeforeAll
    static void startService() {
        Path root = Path.of(System.getProperty("dpr.repositoryRoot", "..")).toAbsolutePath().normalize();
        launcher = root.resolve("dpr");
        service = RegistryServiceProcess.builder(RegistryServiceProcess.serviceJar(), dir.resolve("data"),
                        dir.resolve("service.log"))
                .embedded(RegistryServiceProcess.chaincodeJar())
                .jvmOptions("-XX:+UseSerialGC")
                .arguments(List.of("--registry.issuer.algorithm=SM2"))
                .build();
        service.start();
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    /** What {@code ./dpr ARGS} printed (stdout and stderr), failing unless it exited 0. */
    static String dpr(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("DPR_HOME", dir.resolve("config").toString());
        pb.environment().remove("DPR_PROFILE");
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("finished: dpr %s", String.join(" ", args)).isTrue();
        assertThat(process.exitValue()).as("exit code of dpr %s, which printed:%n%s", String.join(" ", args), output)
                .isZero();
        return output;
    }

    /** Picocli builds every command's model from its annotations at start, so these load them all. */
    @Test
    void helpVersionAndCompletion() throws Exception {
        assertThat(dpr("--help")).contains("Usage: dpr", "Exit codes:");
        assertThat(dpr("--version")).isNotBlank();
        assertThat(dpr("completion")).contains("dpr", "complete");
        assertThat(dpr("verify", "--help")).contains("Usage: dpr verify");
    }

    @Test
    void enrolRegisterAndVerifyAnSm2CertificateThenReadTheLedgerInFabricMode() throws Exception {
        String url = service.url().toString();
        dpr("--profile", "registrar", "identity", "import", "--service", url,
                "--cert", service.registrarCertificate().toString(), "--key", service.registrarKey().toString());
        JsonNode token = Output.JSON.readTree(dpr("--profile", "registrar", "--json", "token", "issue",
                "--role", "enterprise", "--name", "Acme Data Ltd"));
        dpr("identity", "enroll", "--service", url, "--token", token.get("token").asText(), "--name", "Acme Data Ltd");

        Path file = Files.writeString(dir.resolve("sales-2024.csv"), "day,amount\n2024-01-01," + System.nanoTime() + "\n");
        assertThat(dpr("asset", "register", file.toString(), "--industry", "retail", "--region", "CN-31"))
                .contains("1 registered");
        String json = dpr("verify", "sales-2024.csv.certificate.json", "--file", "sales-2024.csv");
        assertThat(json).containsPattern("PASSED +issuer-signature +SM2").contains("verdict: PASS");
        String pdf = dpr("verify", "sales-2024.csv.certificate.pdf", "--file", "sales-2024.csv", "--online");
        assertThat(pdf).containsPattern("PASSED +online-block").contains("verdict: PASS");

        // Fabric mode, as with a real network's exported YAML profile; the embedded peer's gateway is plaintext.
        JsonNode network = Output.JSON.readTree(dir.resolve("config/profiles/default/network.json").toFile());
        Path bundle = Files.writeString(dir.resolve("bundle.json"), network.get("trustBundle").toString());
        Path profile = Files.writeString(dir.resolve("connection.yaml"), String.join("\n",
                "name: embedded",
                "client:",
                "  organization: Registry",
                "organizations:",
                "  Registry:",
                "    mspid: " + network.get("mspId").asText(),
                "    peers: [peer0]",
                "peers:",
                "  peer0:",
                "    url: grpc://" + network.get("gatewayEndpoint").asText(),
                ""));
        dpr("--profile", "fabric", "init", "--fabric", "--connection-profile", profile.toString(),
                "--trust-bundle", bundle.toString());
        dpr("--profile", "fabric", "identity", "import",
                "--cert", service.registrarCertificate().toString(), "--key", service.registrarKey().toString());
        assertThat(dpr("--profile", "fabric", "ledger", "info")).containsPattern("height +[1-9]");
    }
}
