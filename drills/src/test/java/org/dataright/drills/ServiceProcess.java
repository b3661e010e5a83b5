package org.dataright.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The registry service as it is shipped: its runnable jar started as a child process in embedded mode
 * (so it launches the chaincode jar as its own child), on a data directory that outlives the process.
 * It can be killed at any moment, process tree and all, and started again on the same directory.
 * Each start takes fresh free ports, so another program grabbing a port between restarts does not
 * fail the drill.
 */
final class ServiceProcess implements AutoCloseable {
    static final Path SERVICE_JAR = jar("dpr.serviceJar");
    static final Path CHAINCODE_JAR = jar("dpr.chaincodeJar");
    /**
     * JVM options for the service and, through {@code JAVA_TOOL_OPTIONS}, the chaincode JVM it launches.
     * C1 only and the serial collector: on a busy 2-core machine this halves start-up, which is what a
     * drill of many restarts spends its time on. {@code -Ddpr.drill.javaOptions=} runs them with none.
     */
    static final String JAVA_OPTIONS = System.getProperty("dpr.drill.javaOptions",
            "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("dpr.drill.startTimeoutSeconds", 300));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int PORT_ATTEMPTS = 3;

    private final Path data;
    private final Path log;
    private Process process;
    private int httpPort;
    private int starts;

    /** A service on {@code data}, writing its console output to {@code log} (appended across starts). */
    ServiceProcess(Path data, Path log) {
        this.data = data;
        this.log = log;
        // A test JVM that dies must not leave a registry running on this shared machine.
        Runtime.getRuntime().addShutdownHook(new Thread(this::killTree, "kill-registry-service"));
    }

    Path data() {
        return data;
    }

    /** {@code http://127.0.0.1:<port>} of the running service. */
    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Starts the service and returns once it reports ready (peer up, chaincode registered, HTTP serving). */
    Duration start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the service is running already (pid " + process.pid() + ")");
        }
        Instant begin = Instant.now();
        for (int attempt = 1;; attempt++) {
            httpPort = freePort();
            int peerPort = freePort();
            launch(peerPort);
            if (awaitReady()) {
                starts++;
                return Duration.between(begin, Instant.now());
            }
            String tail = logTail();
            killTree();
            if (attempt < PORT_ATTEMPTS && tail.contains("already in use")) {
                continue;
            }
            throw new IllegalStateException("the registry service (start " + (starts + 1) + ") did not become ready within "
                    + START_TIMEOUT + " or exited with " + exitText() + "; the end of " + log + ":\n" + tail);
        }
    }

    /**
     * SIGKILLs the service and every process it started (the chaincode JVM), as a power cut would, and
     * waits until all are gone. Returns how many processes were killed.
     */
    int kill() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("the service is not running: " + exitText());
        }
        return killTree();
    }

    /** A polite stop (SIGTERM: Spring closes the peer, which stops the chaincode), then a kill if needed. */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = tree();
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                killTree();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        killTree();
    }

    private void launch(int peerPort) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", SERVICE_JAR.toString(),
                "--registry.mode=embedded",
                "--registry.data-dir=" + data,
                "--server.port=" + httpPort,
                "--registry.embedded.peer-port=" + peerPort,
                "--registry.embedded.chaincode-jar=" + CHAINCODE_JAR,
                "--registry.public-base-url=" + baseUrl(),
                "--logging.structured.format.console=")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (!JAVA_OPTIONS.isBlank()) {
            builder.environment().put("JAVA_TOOL_OPTIONS", JAVA_OPTIONS);
        }
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "\n===== drill: start " + (starts + 1) + " at " + Instant.now() + " (http " + httpPort
                    + ", peer " + peerPort + ") =====\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + SERVICE_JAR + ": " + e.getMessage(), e);
        }
    }

    /** Polls the readiness probe; false when the process exits or the time runs out. */
    private boolean awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            sleep(250);
        }
        return false;
    }

    private List<ProcessHandle> tree() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    }

    /** Kills the service first (so it starts nothing more), then the descendants it had, and waits for all. */
    private int killTree() {
        if (process == null) {
            return 0;
        }
        List<ProcessHandle> tree = new ArrayList<>(tree());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("process " + p.pid() + " of the service did not die on SIGKILL", e);
            }
        }
        return tree.size();
    }

    private String exitText() {
        return process == null ? "no process" : process.isAlive() ? "still running" : "exit code " + process.exitValue();
    }

    /** The last 40 lines of the log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface: " + e.getMessage(), e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path jar(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException("the drills run the jar that system property " + property + " names ("
                    + value + "), and it does not exist: build it first with 'mvn -B install -DskipTests' at the repository root");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }
}
