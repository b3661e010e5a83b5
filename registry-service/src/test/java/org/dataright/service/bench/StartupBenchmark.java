package org.dataright.service.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dataright.service.RegistryClient;
import org.dataright.testsupport.RegistryServiceProcess;

/**
 * How long the runnable jar takes from {@code java -jar} to {@code /actuator/health} UP in embedded mode, and
 * where the time goes: on a fresh data directory, then again on the same one after {@code ACTS} registrations.
 * Prints, per start, the wall time to UP and a timeline of the log's milestones from the launch.
 *
 * <pre>
 * mvn -B -q -pl registry-service test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.dataright.service.bench.StartupBenchmark -Dexec.args="/tmp/dpr-startup 200"
 * </pre>
 * Needs the packaged jars ({@code mvn -B package -DskipTests}): the service's exec jar and the chaincode jar.
 */
public final class StartupBenchmark {
    /** A milestone: its name, and text of the log line that marks it. */
    private static final Map<String, String> MILESTONES = new LinkedHashMap<>();

    static {
        MILESTONES.put("JVM up, Spring starts", "Starting RegistryApplication");
        MILESTONES.put("Tomcat initialised", "Tomcat initialized");
        MILESTONES.put("chaincode JVM launched", "started chaincode");
        MILESTONES.put("ledger open", "ledger of channel");
        MILESTONES.put("chaincode registered", "registered as");
        MILESTONES.put("embedded peer serving", "embedded peer of");
        MILESTONES.put("transparency log open", "transparency log ");
        MILESTONES.put("Tomcat started", "Tomcat started");
        MILESTONES.put("Spring context started", "Started RegistryApplication");
    }

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/dpr-startup").toAbsolutePath();
        int acts = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        deleteTree(dir);
        Path chaincode = Path.of(System.getProperty("chaincode.jar", "chaincode/target/chaincode.jar"));
        RegistryServiceProcess service = RegistryServiceProcess.builder(RegistryServiceProcess.serviceJar(),
                dir.resolve("data"), dir.resolve("service.log")).embedded(chaincode).build();
        System.out.printf("machine: %d cores, load average %s%n", Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
        try (service) {
            report("fresh data directory", service.start(), service.log(), cpu(service.dataDir()));
            RegistryClient client = new RegistryClient(service.url().toString());
            RegistryClient.Participant registrant = client.enrol(service.dataDir(), "enterprise", "Startup Bench");
            for (int i = 0; i < acts; i++) {
                client.registerAsset(registrant, RegistryClient.assetDescription(("row " + i + " " + System.nanoTime())
                        .getBytes(StandardCharsets.UTF_8)));
            }
            service.stop();
            report("same data directory after " + acts + " registrations", service.start(), service.log(),
                    cpu(service.dataDir()));
        }
    }

    /** CPU time so far of the service started on {@code dataDir} and of its chaincode JVM. */
    private static String cpu(Path dataDir) {
        ProcessHandle service = ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(a -> List.of(a).contains("--registry.data-dir=" + dataDir)).orElse(false)).findFirst().orElse(null);
        if (service == null) {
            return "CPU unknown (process not found)";
        }
        Duration own = service.info().totalCpuDuration().orElse(Duration.ZERO);
        Duration children = service.descendants().map(c -> c.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
        return String.format("CPU %.1f s service + %.1f s chaincode", own.toMillis() / 1000.0, children.toMillis() / 1000.0);
    }

    private static void report(String what, Duration ready, Path log, String cpu) throws IOException {
        List<String> lines = Files.readAllLines(log);
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("===== start ")) {
                from = i;
            }
        }
        String header = lines.get(from);
        Instant launched = Instant.parse(header.substring(header.indexOf(" at ") + 4, header.indexOf(" (")));
        System.out.printf("%n%s: /actuator/health UP %.1f s after launch (%s; load average %s)%n", what,
                ready.toMillis() / 1000.0, cpu, Files.readString(Path.of("/proc/loadavg")).strip());
        for (Map.Entry<String, String> milestone : MILESTONES.entrySet()) {
            for (String line : lines.subList(from, lines.size())) {
                if (line.contains(milestone.getValue()) && line.length() > 24 && Character.isDigit(line.charAt(0))) {
                    Instant at = Instant.parse(line.substring(0, line.indexOf(' ')));
                    System.out.printf("  %6.2f s  %s%n", Duration.between(launched, at).toMillis() / 1000.0, milestone.getKey());
                    break;
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
