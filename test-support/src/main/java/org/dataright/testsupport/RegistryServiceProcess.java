package org.dataright.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The registry service as it is shipped, for tests: its runnable jar started with {@code java -jar} as a
 * child process on a fresh free loopback HTTP port each start, its console output (plain text) appended
 * to a log file whose folder is its working directory, ready once a health endpoint answers UP.
 * {@link #stop()} and {@link #close()} stop it politely (SIGTERM, then SIGKILL after a minute);
 * {@link #kill()} SIGKILLs it and every process it started, as a power cut would. It can be started again
 * on the same data directory. A shutdown hook kills what is left when the test JVM ends first. Failures
 * name the log and carry its end.
 */
public final class RegistryServiceProcess implements AutoCloseable {
    /** A polite stop may take this long (the service closes its peer, which stops the chaincode) before SIGKILL. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Another program may take a free port before the service binds it; such a start is tried again. */
    private static final int PORT_ATTEMPTS = 3;
    private static final int LOG_LINES = 100;
    private static final String BUILD = "mvn -B -o install -DskipTests at the repository root";

    private final Path jar;
    private final Path dataDir;
    private final Path log;
    private final List<String> jvmOptions;
    private final List<String> arguments;
    private final Map<String, String> environment;
    private final Path chaincodeJar;
    private final boolean freshPeerPort;
    private final String readinessPath;
    private final Duration startTimeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Process process;
    private volatile URI url;
    private int starts;

    private RegistryServiceProcess(Builder b) {
        jar = b.jar;
        dataDir = b.dataDir;
        log = b.log;
        jvmOptions = List.copyOf(b.jvmOptions);
        arguments = List.copyOf(b.arguments);
        environment = Map.copyOf(b.environment);
        chaincodeJar = b.chaincodeJar;
        freshPeerPort = b.freshPeerPort;
        readinessPath = b.readinessPath;
        startTimeout = b.startTimeout;
        // A test JVM that dies must not leave a registry running on a shared machine.
        Runtime.getRuntime().addShutdownHook(new Thread(this::killTree, "kill-registry-service"));
    }

    /** A service not started yet: {@code jar} on {@code dataDir}, its console output appended to {@code log}. */
    public static Builder builder(Path jar, Path dataDir, Path log) {
        return new Builder(jar, dataDir, log);
    }

    /**
     * The service's runnable jar: what the system property {@code dpr.serviceJar} names (the poms set it for
     * surefire), else {@code registry-service/target/dpr-registry-service-*-exec.jar} in the working
     * directory or its parent. Not checked here: {@link #start()} refuses a missing jar.
     */
    public static Path serviceJar() {
        return locate("dpr.serviceJar", "registry-service/target", "dpr-registry-service-*-exec.jar");
    }

    /** The chaincode jar for embedded mode: {@code dpr.chaincodeJar}, else {@code chaincode/target/chaincode.jar}. */
    public static Path chaincodeJar() {
        return locate("dpr.chaincodeJar", "chaincode/target", "chaincode.jar");
    }

    /**
     * Starts the service and returns once it is ready, with how long that took. Fails with the end of the
     * log when it exits first or is not ready within the start timeout.
     */
    public Duration start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the registry service is running already (pid " + process.pid() + ")");
        }
        requireBuilt(jar);
        if (chaincodeJar != null) {
            requireBuilt(chaincodeJar);
        }
        Instant begin = Instant.now();
        for (int attempt = 1;; attempt++) {
            long logOffset = launch();
            String failure = awaitReady();
            if (failure == null) {
                starts++;
                return Duration.between(begin, Instant.now());
            }
            killTree();
            if (attempt < PORT_ATTEMPTS && !Thread.currentThread().isInterrupted()
                    && readLog(logOffset).contains("already in use")) {
                continue;
            }
            throw new IllegalStateException("the registry service (start " + (starts + 1) + ") " + failure
                    + "; the end of " + log + ":\n" + logTail());
        }
    }

    /** A polite stop (SIGTERM: the service stops its peer and chaincode), SIGKILL for whatever is left after it. */
    public void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = tree(p);
        p.destroy();
        try {
            p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill(tree);
    }

    /**
     * SIGKILLs the service, then every process it had started (the chaincode JVM), and waits until all
     * are gone. Returns how many processes were killed.
     */
    public int kill() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("the registry service is not running: "
                    + (p == null ? "never started" : "exit code " + p.exitValue()));
        }
        return killTree();
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** {@code http://127.0.0.1:<port>} of the running (or last) start. */
    public URI url() {
        return url;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** In embedded mode, the registrar: the embedded network's admin identity (registry-service/README.md). */
    public Path registrarCertificate() {
        return dataDir.resolve("peer/crypto/admin/cert.pem");
    }

    public Path registrarKey() {
        return dataDir.resolve("peer/crypto/admin/key.pem");
    }

    public Path log() {
        return log;
    }

    /** {@code GET path} as JSON text; anything but 200 fails with the answer. */
    public String get(String path) {
        HttpRequest request = HttpRequest.newBuilder(url.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + path, e);
        }
    }

    /** The last hundred lines of the log, for failure messages. */
    public String logTail() {
        return logTail(LOG_LINES);
    }

    public String logTail(int lines) {
        List<String> all = readLog(0).lines().toList();
        int from = Math.max(0, all.size() - lines);
        return (from > 0 ? "[… " + from + " earlier lines in " + log + "]\n" : "")
                + String.join("\n", all.subList(from, all.size()));
    }

    /** Writes the start line to the log and starts the process; returns where its output begins in the log. */
    private long launch() {
        int port = freePort();
        int peerPort = freshPeerPort ? freePort() : 0;
        url = URI.create("http://127.0.0.1:" + port);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--registry.public-base-url=" + url,
                "--registry.data-dir=" + dataDir,
                // Plain text rather than ECS JSON: the log is for people reading a failed test.
                "--logging.structured.format.console="));
        if (chaincodeJar != null) {
            command.addAll(List.of("--registry.mode=embedded",
                    "--registry.embedded.chaincode-jar=" + chaincodeJar,
                    "--registry.embedded.peer-port=" + peerPort));
        }
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(log.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        String ports = "http " + port + (chaincodeJar == null ? "" : ", peer " + (peerPort == 0 ? "any" : peerPort));
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "\n===== start " + (starts + 1) + " at " + Instant.now() + " (" + ports + ") =====\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            long offset = Files.size(log);
            process = builder.start();
            return offset;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + jar + ": " + e.getMessage(), e);
        }
    }

    /** Polls the readiness path; null once it answers UP, otherwise why not. */
    private String awaitReady() {
        Instant deadline = Instant.now().plus(startTimeout);
        HttpRequest probe = HttpRequest.newBuilder(url.resolve(readinessPath)).timeout(Duration.ofSeconds(5)).GET().build();
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                return "exited with code " + process.exitValue() + " before it was ready";
            }
            try {
                HttpResponse<String> answer = http.send(probe, HttpResponse.BodyHandlers.ofString());
                // Spring answers 200 for UP, 503 for DOWN and OUT_OF_SERVICE.
                if (answer.statusCode() == 200 && answer.body().contains("\"status\":\"UP\"")) {
                    return null;
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "was interrupted while waiting for " + probe.uri();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "was interrupted while waiting for " + probe.uri();
            }
        }
        return "was not ready at " + probe.uri() + " within " + startTimeout + " (last answer: " + last + ")";
    }

    private int killTree() {
        Process p = process;
        return p == null ? 0 : kill(tree(p));
    }

    /** The service first (so it starts nothing more), then the descendants it has now. */
    private static List<ProcessHandle> tree(Process p) {
        return Stream.concat(Stream.of(p.toHandle()), p.descendants()).toList();
    }

    /** SIGKILLs every process of {@code tree} and waits until all are gone; returns how many there were. */
    private static int kill(List<ProcessHandle> tree) {
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(KILL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("process " + p.pid() + " of the registry service did not die on SIGKILL", e);
            }
        }
        return tree.size();
    }

    /** The log from {@code offset} (bytes) on; undecodable bytes replaced, so a broken line cannot hide the rest. */
    private String readLog(long offset) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static void requireBuilt(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " does not exist; build it first: " + BUILD);
        }
    }

    private static Path locate(String property, String folder, String glob) {
        String value = System.getProperty(property);
        if (value != null) {
            return Path.of(value).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path base : Stream.of(cwd, cwd.getParent()).filter(b -> b != null).toList()) {
            Path dir = base.resolve(folder);
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> matches = Files.newDirectoryStream(dir, glob)) {
                    List<Path> found = new ArrayList<>();
                    matches.forEach(found::add);
                    if (!found.isEmpty()) {
                        return Collections.max(found); // the highest version, if several are built
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
                }
            }
        }
        return cwd.resolve(folder).resolve(glob); // names what is missing when start() refuses it
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface: " + e.getMessage(), e);
        }
    }

    /** How the service is started; every start of one {@link RegistryServiceProcess} is the same. */
    public static final class Builder {
        private final Path jar;
        private final Path dataDir;
        private final Path log;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> arguments = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path chaincodeJar;
        private boolean freshPeerPort;
        private String readinessPath = "/actuator/health";
        private Duration startTimeout = Duration.ofMinutes(4);

        private Builder(Path jar, Path dataDir, Path log) {
            // The service runs in the log's folder: relative paths would point elsewhere there.
            this.jar = jar.toAbsolutePath().normalize();
            this.dataDir = dataDir.toAbsolutePath().normalize();
            this.log = log.toAbsolutePath().normalize();
        }

        /** Options for the service's JVM, before {@code -jar}. */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** More arguments for the service ({@code --name=value}), after the ones every start gets. */
        public Builder arguments(List<String> more) {
            arguments.addAll(more);
            return this;
        }

        /** An environment variable for the service and the processes it starts. */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Embedded mode, launching {@code chaincodeJar}; its peer listens on any port the service picks. */
        public Builder embedded(Path chaincodeJar) {
            this.chaincodeJar = chaincodeJar.toAbsolutePath().normalize();
            return this;
        }

        /** In embedded mode, the peer on a free port picked here on every start (the log's start line names it). */
        public Builder freshPeerPort() {
            freshPeerPort = true;
            return this;
        }

        /** The health path polled until it answers UP; {@code /actuator/health} unless set. */
        public Builder readinessPath(String path) {
            readinessPath = path;
            return this;
        }

        /** How long a start may take before it fails; four minutes unless set. */
        public Builder startTimeout(Duration timeout) {
            startTimeout = timeout;
            return this;
        }

        public RegistryServiceProcess build() {
            return new RegistryServiceProcess(this);
        }
    }
}
