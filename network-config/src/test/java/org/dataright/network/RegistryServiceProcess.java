package org.dataright.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The registry service's runnable jar as a child process on a free loopback port, its output in a log
 * file; ready once {@code /actuator/health} answers UP. Closing it stops the process (SIGTERM, then
 * SIGKILL after {@link #STOP_TIMEOUT}).
 */
final class RegistryServiceProcess implements AutoCloseable {
    /** A cold Spring Boot start on a busy two-core machine took 35 s; leave room. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RegistryServiceProcess(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /**
     * Starts {@code java -jar jar --server.address=127.0.0.1 --server.port=<free>
     * --registry.public-base-url=http://127.0.0.1:<port> arguments…} in {@code dir} and waits until it is healthy.
     */
    static RegistryServiceProcess start(Path jar, Path dir, List<String> arguments) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--server.address=127.0.0.1", "--server.port=" + port,
                "--registry.public-base-url=http://127.0.0.1:" + port));
        command.addAll(arguments);
        Path log = dir.resolve("registry-service.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        RegistryServiceProcess service = new RegistryServiceProcess(process, log, URI.create("http://127.0.0.1:" + port));
        try {
            service.awaitHealthy();
        } catch (RuntimeException | Error | InterruptedException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** The base URL, {@code http://127.0.0.1:<port>}. */
    URI base() {
        return base;
    }

    /** GET {@code path}, which must answer 200 with JSON. */
    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body()
                    + "\n--- registry service log (end) ---\n" + logTail());
        }
        return JSON.readTree(response.body());
    }

    /** The last lines of the service's output, for failure messages. */
    String logTail() {
        List<String> lines = Network.lines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    private void awaitHealthy() throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the registry service exited with code " + process.exitValue()
                        + " before it was healthy:\n" + logTail());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"")) {
                    return;
                }
                last = health.statusCode() + " " + health.body();
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the registry service was not healthy within " + START_TIMEOUT + " (last: " + last
                + "):\n" + logTail());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
