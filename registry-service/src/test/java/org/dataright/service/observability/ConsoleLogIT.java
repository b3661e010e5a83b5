package org.dataright.service.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.dataright.testsupport.RegistryServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console log of the runnable jar as people and machines meet it: in a terminal (a pseudo-terminal made
 * by util-linux's {@code script}) human-readable lines, the registrar's line among them as the README shows
 * it; with the output going to a file, ECS JSON; in a terminal with ECS configured, JSON.
 */
class ConsoleLogIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    @TempDir
    Path dir;

    @Test
    void notATerminalLogsEcsJson() throws Exception {
        Path log = dir.resolve("console.log");
        Process p = new ProcessBuilder(failingFabricStart()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        JsonNode starting = jsonLineWith(Files.readAllLines(log), "Starting RegistryApplication");
        assertThat(starting.get("log").get("level").asText()).isEqualTo("INFO");
        assertThat(starting.get("@timestamp").asText()).isNotBlank();
    }

    @Test
    void aTerminalGetsHumanReadableLinesWithTheRegistrarsLine() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "util-linux's script(1) makes the pseudo-terminal; it is not installed");
        List<String> command = new ArrayList<>(java());
        command.addAll(List.of("--server.address=127.0.0.1", "--server.port=0", "--registry.data-dir=" + dir.resolve("data"),
                "--registry.mode=embedded", "--registry.embedded.peer-port=0",
                "--registry.embedded.chaincode-jar=" + RegistryServiceProcess.chaincodeJar()));
        List<String> lines = inTerminal(command, "registrar identity");
        String registrar = lines.stream().filter(l -> l.contains("registrar identity")).findFirst().orElseThrow();
        assertThat(registrar).matches("\\S+ +INFO \\d+ --- \\[registry-service\\] \\[ *main\\] "
                + "\\S+ +: registrar identity RegistryMSP::OU=admin,CN=admin \\(role registrar\\): certificate and key in "
                + ".*/data/peer/crypto/admin");
        assertThat(lines).noneMatch(l -> l.startsWith("{"));
    }

    @Test
    void aTerminalWithEcsConfiguredLogsJson() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "util-linux's script(1) makes the pseudo-terminal; it is not installed");
        List<String> command = new ArrayList<>(failingFabricStart());
        command.add("--logging.structured.format.console=ecs");
        List<String> lines = inTerminal(command, null);
        assertThat(jsonLineWith(lines, "Starting RegistryApplication").get("log").get("level").asText()).isEqualTo("INFO");
    }

    private List<String> java() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-jar",
                RegistryServiceProcess.serviceJar().toString());
    }

    /** Fabric mode without a connection profile: the service logs its start, then stops with an error, quickly. */
    private List<String> failingFabricStart() {
        List<String> command = new ArrayList<>(java());
        command.addAll(List.of("--server.port=0", "--registry.mode=fabric", "--registry.data-dir=" + dir.resolve("data")));
        return command;
    }

    /**
     * Runs {@code command} with a pseudo-terminal as its input and output; returns its lines (colours taken out)
     * once one contains {@code until} (then stops it and its children), or once it exits.
     */
    private List<String> inTerminal(List<String> command, String until) throws Exception {
        Path out = dir.resolve("terminal.log");
        String shell = command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Process p = new ProcessBuilder(SCRIPT.toString(), "-qec", shell, "/dev/null").redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && System.nanoTime() < deadline && (until == null || !read(out).contains(until))) {
                Thread.sleep(100);
            }
            assertThat(until == null ? !p.isAlive() : read(out).contains(until)).as(read(out)).isTrue();
        } finally {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        return read(out).replaceAll("\u001B\\[[0-9;]*m", "").lines().map(String::strip).toList();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static JsonNode jsonLineWith(List<String> lines, String text) throws IOException {
        String line = lines.stream().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + text + "' in:\n" + String.join("\n", lines)));
        assertThat(line).as("a JSON line").startsWith("{\"@timestamp\":");
        JsonNode parsed = JSON.readTree(line);
        assertThat(parsed.get("message").asText()).contains(text);
        return parsed;
    }
}
