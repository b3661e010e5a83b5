package org.dataright.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dataright.cli.e2e.Participants.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dataright.cli.Cli;
import org.dataright.testsupport.OpensslTsa;
import org.dataright.testsupport.RegistryServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A court's path with a time-stamped certificate, against the shipped service with an RFC 3161 authority
 * ({@code openssl ts} behind {@link OpensslTsa}): the trust bundle fetched with {@code dpr trust fetch} names
 * the TSA root, and {@code dpr verify} passes {@code timestamp-token}, prints the trusted time, and names the
 * fingerprint {@code dpr trust fetch} printed.
 */
class TrustedTimeIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static OpensslTsa tsa;
    static RegistryServiceProcess service;

    @BeforeAll
    static void start() throws Exception {
        tsa = OpensslTsa.start(dir.resolve("tsa"));
        service = RegistryServiceProcess.builder(RegistryServiceProcess.serviceJar(), dir.resolve("data"),
                        dir.resolve("service.log"))
                .embedded(RegistryServiceProcess.chaincodeJar())
                .jvmOptions("-XX:+UseSerialGC")
                .arguments(List.of("--registry.timestamp.url=" + tsa.url(),
                        "--registry.timestamp.root-certificates=" + tsa.rootCertificate()))
                .build();
        service.start();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (tsa != null) {
            tsa.close();
        }
    }

    @Test
    void aCourtFetchesTheBundleAndSeesTheTrustedTime() throws Exception {
        Cli cli = new Cli(dir.resolve("home")).withSystemClock();
        Participants.importRegistrar(cli, service);
        Participants.enrol(cli, service, "acme", "enterprise", "Donghai Data Ltd");
        Path data = Files.writeString(dir.resolve("sales.csv"), "day,amount\n2024-01-01," + System.nanoTime() + "\n");
        JsonNode registered = json(cli.run("--profile", "acme", "asset", "register", data.toString(), "--industry", "retail",
                "--region", "CN-31", "--json"));
        String txId = registered.get("results").get(0).get("transactionId").asText();

        // The token follows the certificate; 'certificate get' then saves it with the token.
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!SharedService.json(service, "/api/certificates?transactionId=" + txId).has("timestampToken")) {
            assertThat(Instant.now()).as("the time-stamp token within " + PATIENCE.toSeconds() + " s").isBefore(deadline);
            Thread.sleep(100);
        }
        Path out = dir.resolve("court");
        JsonNode got = json(cli.run("--profile", "acme", "certificate", "get", "--tx", txId, "--out", out.toString(), "--json"));
        Path certificate = Path.of(got.get("json").asText());

        Path bundle = dir.resolve("trust-bundle.json");
        Cli.Result fetched = cli.run("trust", "fetch", "--service", service.url().toString(), "--out", bundle.toString());
        assertThat(fetched.exit()).as(fetched.err()).isZero();
        assertThat(fetched.out()).contains("time-stamp roots     CN=Test TSA Root CA");
        Matcher fingerprint = Pattern.compile("fingerprint SHA-256  ((?:[0-9A-F]{4} ){15}[0-9A-F]{4})").matcher(fetched.out());
        assertThat(fingerprint.find()).as(fetched.out()).isTrue();

        for (Path form : List.of(certificate, Path.of(got.get("pdf").asText()))) {
            Cli.Result verified = cli.run("verify", form.toString(), "--trust", bundle.toString(), "--file", data.toString());
            assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
            assertThat(verified.out()).containsPattern("PASSED +timestamp-token +stamped at ")
                    // The earliest of the token's time and the service's witness's cosignature time.
                    .containsPattern("\nTrusted time: \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z \\((RFC 3161 time-stamp by "
                            + "'CN=Test Time-Stamp Authority[^']*'|cosignature of witness [^)]+)\\)\n")
                    .containsPattern("\nClaimed by the client: \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z \\(the transaction's own timestamp\\)")
                    .containsPattern("PASSED +trusted-time +trusted time ")
                    .containsPattern("roots used:\n  issuer-chain +'[^']+' SHA-256 [0-9a-f]{64}\n")
                    .containsPattern("\n  timestamp-token +'[^']+' SHA-256 [0-9a-f]{64}\n")
                    .contains("trust bundle: " + bundle + " (fingerprint SHA-256 " + fingerprint.group(1) + ")");
        }
    }
}
