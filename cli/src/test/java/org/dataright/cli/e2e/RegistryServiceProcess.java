package org.dataright.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dataright.cli.Cli;
import org.dataright.cli.Output;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The registry service as it is shipped: its runnable jar started with {@code java -jar} as a child
 * process in embedded mode (the embedded peer running the real chaincode jar), on a free HTTP port and
 * any free peer port, with its own working and data directory under {@code target/}. One process
 * serves every test class of a run (it takes half a minute to start) and is stopped when the run ends
 * (JUnit closes what its root store holds).
 * Test classes get it through {@link Extension}; a failed test prints the end of the service's log,
 * and the directory (log included) is kept when any test failed.
 */
public final class RegistryServiceProcess implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final int LOG_LINES_ON_FAILURE = 300;

    private final Process process;
    private final Path workDir;
    private final Path log;
    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile boolean failed;

    private RegistryServiceProcess(Process process, Path workDir, Path log, URI url) {
        this.process = process;
        this.workDir = workDir;
        this.log = log;
        this.url = url;
    }

    /** Starts the jar named by the system property {@code dpr.serviceJar} and waits until it reports UP. */
    static RegistryServiceProcess start() throws IOException, InterruptedException {
        Path jar = requiredFile("dpr.serviceJar", "mvn -B -o install -DskipTests -pl registry-service");
        Path chaincode = requiredFile("dpr.chaincodeJar", "mvn -B -o install -DskipTests -pl chaincode");
        Path workDir = Files.createDirectories(Path.of("target")).toAbsolutePath()
                .resolve("registry-service-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis());
        Files.createDirectories(workDir);
        Path log = workDir.resolve("service.log");
        int port = Cli.closedPort();
        URI url = URI.create("http://127.0.0.1:" + port);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-XX:+UseSerialGC", "-jar", jar.toString(),
                "--server.port=" + port,
                "--registry.embedded.peer-port=0",
                "--registry.data-dir=" + workDir.resolve("data"),
                "--registry.embedded.chaincode-jar=" + chaincode,
                "--registry.public-base-url=" + url,
                // Plain text rather than ECS JSON: the log is for people reading a failed test.
                "--logging.structured.format.console=")
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // If the test JVM ends without closing the store (killed, interrupted), the service must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }, "stop-registry-service"));
        RegistryServiceProcess service = new RegistryServiceProcess(process, workDir, log, url);
        try {
            service.awaitHealthy();
        } catch (IOException | RuntimeException | InterruptedException | Error e) {
            service.failed = true;
            service.close();
            throw e;
        }
        return service;
    }

    private static Path requiredFile(String property, String build) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set; run the tests through Maven "
                    + "(cli/pom.xml sets it for surefire)");
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(property + " = " + path + " does not exist; build it first: " + build);
        }
        return path;
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the registry service exited with " + process.exitValue()
                        + " before it was healthy; its log:\n" + logTail());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(url.resolve("/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && Output.JSON.readTree(health.body()).path("status").asText().equals("UP")) {
                    return;
                }
                last = health.statusCode() + " " + health.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the registry service was not healthy within " + START_TIMEOUT + " (last: "
                + last + "); its log:\n" + logTail());
    }

    public URI url() {
        return url;
    }

    /** The working directory the service was started in: its data directory is {@code data/} in it. */
    public Path workDir() {
        return workDir;
    }

    public Path dataDir() {
        return workDir.resolve("data");
    }

    /** The registrar: the embedded network's admin identity, as registry-service/README.md says. */
    public Path registrarCertificate() {
        return dataDir().resolve("peer/crypto/admin/cert.pem");
    }

    public Path registrarKey() {
        return dataDir().resolve("peer/crypto/admin/key.pem");
    }

    /** {@code GET path} of the service's API as JSON; anything but 200 fails the test with the answer. */
    public JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve(path))
                    .timeout(Duration.ofSeconds(60)).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return Output.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + path, e);
        }
    }

    /** A path segment for ids with '/' (right ids). */
    public static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /** The ledger height the service reads from the peer ({@code GET /api/ledger}). */
    public long height() {
        return get("/api/ledger").get("height").asLong();
    }

    /** The last lines of the service's log. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            int from = Math.max(0, lines.size() - LOG_LINES_ON_FAILURE);
            return (from > 0 ? "[… " + from + " earlier lines in " + log + "]\n" : "")
                    + String.join("\n", lines.subList(from, lines.size()));
        } catch (IOException e) {
            return "(the log " + log + " cannot be read: " + e + ")";
        }
    }

    void markFailed() {
        failed = true;
    }

    /**
     * Stops the service with SIGTERM (it stops its chaincode process itself), forcibly after
     * {@link #STOP_TIMEOUT}, then ends any process it left behind. Its directory is deleted unless a
     * test failed.
     */
    @Override
    public void close() throws IOException {
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        if (failed) {
            System.err.println("registry service directory kept for inspection: " + workDir);
            return;
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Resolves a {@link RegistryServiceProcess} parameter to the run's one service, started on first use,
     * and prints the service's log when a test or a class's set-up fails.
     */
    public static final class Extension implements ParameterResolver, TestWatcher,
            LifecycleMethodExecutionExceptionHandler {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Extension.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == RegistryServiceProcess.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RegistryServiceProcess.class, key -> {
                try {
                    return start();
                } catch (IOException e) {
                    throw new UncheckedIOException("the registry service could not be started", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting the registry service", e);
                }
            }, RegistryServiceProcess.class);
        }

        private static void report(ExtensionContext context, Throwable cause) {
            RegistryServiceProcess service = context.getRoot().getStore(NAMESPACE)
                    .get(RegistryServiceProcess.class, RegistryServiceProcess.class);
            if (service != null) {
                service.markFailed();
                System.err.println("=== " + context.getDisplayName() + " failed (" + cause
                        + "); the registry service's log at " + service.url + ":\n" + service.logTail()
                        + "\n=== end of the registry service's log");
            }
        }

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            report(context, cause);
        }

        @Override
        public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
                throws Throwable {
            report(context, throwable);
            throw throwable;
        }
    }
}
