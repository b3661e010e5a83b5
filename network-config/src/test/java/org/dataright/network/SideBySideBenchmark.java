package org.dataright.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerEndpoint;
import org.dataright.network.Network.Node;
import org.dataright.network.Network.Org;
import org.dataright.peer.node.PeerConfig;
import org.dataright.peer.node.PeerIdentities;
import org.dataright.testsupport.load.ClosedLoop;
import org.dataright.testsupport.load.Figures;
import org.dataright.testsupport.load.LoadClient;
import org.dataright.testsupport.load.RightsLoad;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;

/**
 * One load client, two targets, in one run: the same clients of test-support's load client (each a
 * fabric-gateway connection with its own enrolled identity, closed loop), the same {@code rights}
 * chaincode jar and the same loads ({@code register}: registrations; {@code mix}: registrations,
 * transfers offered and accepted, and queries), first against the embedded peer ({@code embedded-peer.jar}
 * in its own process, the chaincode in its child JVM), then against network-config's real Fabric network
 * (three organisations, three Raft orderers, chaincode as a service), started from a copy of
 * network-config with the orderer's batch settings below and stopped at the end. For each it prints
 * committed acts/s, act latency p50/p95/p99, failures by code and CPU ms per committed act of every
 * process (from {@code /proc/PID/stat}), then the ratio.
 *
 * <p>Arguments: {@code [SECONDS] [CLIENT_LEVELS] [LOADS]}, e.g. {@code 20 16,64 register,mix}. System
 * properties: {@code -DwarmUp=SECONDS} before each target's first run (30; 5 before the others);
 * {@code -DmaxMessageCount=N -DbatchTimeoutMs=MS}: the embedded peer's block cutting (500 and 20, its defaults);
 * {@code -DfabricMaxMessageCount=N -DfabricBatchTimeoutMs=MS}: the Fabric orderers' (500 and 250, written into the
 * copy's configtx.yaml; network-config's own has 10 and 2 s, for tests); {@code -Dtargets=embedded,fabric}.
 * Needs FABRIC_BIN and the jars of {@code mvn -B install -DskipTests}; run from the repository root.
 */
public final class SideBySideBenchmark {
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration FIRST_WARM_UP = Duration.ofSeconds(Long.getLong("warmUp", 30));
    private static final int MAX_MESSAGE_COUNT = Integer.getInteger("maxMessageCount", PeerConfig.DEFAULT_BATCH_SIZE);
    private static final long BATCH_TIMEOUT_MS = Long.getLong("batchTimeoutMs", PeerConfig.DEFAULT_BATCH_TIMEOUT_MS);
    /**
     * The Fabric network's block cutting. Not the embedded peer's 20 ms: a Raft orderer cutting a block of one or two
     * transactions every 20 ms makes every peer validate and fsync a block per act; with a longer timeout blocks fill.
     */
    private static final int FABRIC_MAX_MESSAGE_COUNT = Integer.getInteger("fabricMaxMessageCount", 500);
    private static final long FABRIC_BATCH_TIMEOUT_MS = Long.getLong("fabricBatchTimeoutMs", 250);
    private static final Path REPOSITORY = Network.DIR.getParent();
    private static final Path CHAINCODE_JAR = REPOSITORY.resolve("chaincode/target/chaincode.jar");
    private static final Path EMBEDDED_PEER_JAR = REPOSITORY.resolve("embedded-peer/target/embedded-peer.jar");
    /** The organisations whose peers the clients connect to, in turn: the endorsement policy needs RegistryOrg's and one other. */
    private static final List<String> CLIENT_ORGS = List.of("RegistryOrg", "ExchangeOrg");
    /** The chaincode as the embedded peer launches it: warnings only (the contract router logs every act at INFO). */
    private static final Map<String, String> CHAINCODE_LOGGING = Map.of("CORE_CHAINCODE_LOGGING_LEVEL", "WARNING",
            "CORE_CHAINCODE_LOGGING_SHIM", "WARNING");

    private final int seconds;
    private final int[] levels;
    private final List<String> loads;

    private SideBySideBenchmark(int seconds, int[] levels, List<String> loads) {
        this.seconds = seconds;
        this.levels = levels;
        this.loads = loads;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int[] levels = Arrays.stream((args.length > 1 ? args[1] : "16,64").split(",")).mapToInt(Integer::parseInt).toArray();
        List<String> loads = List.of((args.length > 2 ? args[2] : "register,mix").split(","));
        for (String load : loads) {
            if (!load.equals("register") && !load.equals("mix")) {
                throw new IllegalArgumentException("a load is register or mix, not " + load);
            }
        }
        for (Path jar : List.of(CHAINCODE_JAR, EMBEDDED_PEER_JAR, Network.cliJar())) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " not built: run mvn -B install -DskipTests from the repository root");
            }
        }
        List<String> targets = List.of(System.getProperty("targets", "embedded,fabric").split(","));
        System.out.printf("side-by-side benchmark: %d cores, Java %s, %s; %d s per run; blocks of up to %d tx or %d ms "
                + "(embedded), %d tx or %d ms (Fabric orderers: MaxMessageCount, BatchTimeout)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Instant.now(), seconds,
                MAX_MESSAGE_COUNT, BATCH_TIMEOUT_MS, FABRIC_MAX_MESSAGE_COUNT, FABRIC_BATCH_TIMEOUT_MS);
        SideBySideBenchmark bench = new SideBySideBenchmark(seconds, levels, loads);
        Map<String, Figures> embedded = targets.contains("embedded") ? bench.embedded() : Map.of();
        Map<String, Figures> fabric = targets.contains("fabric") ? bench.fabric() : Map.of();
        bench.compare(embedded, fabric);
    }

    /** The embedded peer's standalone jar in its own process; the clients enrolled by its organisation's CA. */
    private Map<String, Figures> embedded() throws Exception {
        Path data = Files.createTempDirectory("dpr-side-by-side-embedded");
        Path log = data.resolve("embedded-peer.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                EMBEDDED_PEER_JAR.toString(), "--data", data.resolve("peer").toString(), "--port", "0",
                "--chaincode-jar", "rights=" + CHAINCODE_JAR, "--batch-size", Integer.toString(MAX_MESSAGE_COUNT),
                "--batch-timeout-ms", Long.toString(BATCH_TIMEOUT_MS)).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(CHAINCODE_LOGGING);
        Process peer = pb.start();
        try {
            String endpoint = awaitLine(peer, log, Pattern.compile("embedded peer listening on (\\S+) "));
            CertificateAuthority ca = PeerIdentities.loadOrGenerate(data.resolve("peer/crypto"), PeerConfig.DEFAULT_MSP_ID,
                    PeerConfig.DEFAULT_ORDERER_MSP_ID).organizationCa();
            LedgerEndpoint target = new LedgerEndpoint(endpoint, null, null, "registry", "rights");
            List<LedgerConnection> clients = new ArrayList<>();
            for (int i = 0; i < max(levels); i++) {
                clients.add(connect(target, ca, PeerConfig.DEFAULT_MSP_ID, "bench-" + i, "enterprise"));
            }
            LedgerConnection registrar = connect(target, ca, PeerConfig.DEFAULT_MSP_ID, "bench-registrar", "registrar");
            Map<String, List<Long>> processes = new LinkedHashMap<>();
            processes.put("peer", List.of(peer.pid()));
            processes.put("chaincode", peer.descendants().map(ProcessHandle::pid).toList());
            processes.put("client", List.of(ProcessHandle.current().pid()));
            return runAll("embedded", clients, registrar, processes);
        } finally {
            peer.destroy();
            peer.waitFor();
        }
    }

    /** network-config's network from a copy with the benchmark's batch settings: up, deploy, the runs, down. */
    private Map<String, Figures> fabric() throws Exception {
        Path copy = copyNetworkConfig(Files.createTempDirectory("dpr-side-by-side-fabric"));
        Map<String, String> env = new HashMap<>(CHAINCODE_LOGGING);
        env.put("CHAINCODE_JAR", CHAINCODE_JAR.toString());
        env.put("DPR_JAR", Network.cliJar().toString());
        script(copy, env, "up");
        try {
            script(copy, env, "deploy");
            Map<String, CertificateAuthority> cas = new HashMap<>();
            for (String org : CLIENT_ORGS) {
                Path caDir = Network.orgDir(copy, Network.org(org)).resolve("ca");
                Path cert;
                try (Stream<Path> files = Files.list(caDir)) {
                    cert = files.filter(f -> f.getFileName().toString().endsWith("-cert.pem")).findFirst().orElseThrow();
                }
                X509Certificate caCert = Pem.certificate(Files.readAllBytes(cert));
                PrivateKey caKey = Pem.privateKey(Files.readString(caDir.resolve("priv_sk")));
                cas.put(org, CertificateAuthority.load(caKey, caCert));
            }
            List<LedgerConnection> clients = new ArrayList<>();
            for (int i = 0; i < max(levels); i++) {
                String org = CLIENT_ORGS.get(i % CLIENT_ORGS.size());
                clients.add(connect(fabricEndpoint(copy, org), cas.get(org), Network.org(org).mspId(), "bench-" + i, "enterprise"));
            }
            LedgerConnection registrar = connect(fabricEndpoint(copy, "RegistryOrg"), cas.get("RegistryOrg"),
                    Network.org("RegistryOrg").mspId(), "bench-registrar", "registrar");
            // After deploy a gateway may not yet know from gossip which peers run the chaincode: wait until each endorses.
            for (LedgerConnection c : List.of(clients.get(0), clients.get(1))) {
                FabricNetworkTest.eventually("endorsement through " + c.endpoint().target(), () -> c.rights(1).registryConfig());
            }
            Map<String, List<Long>> processes = new LinkedHashMap<>();
            processes.put("peers", pids(copy, "peer"));
            processes.put("orderers", pids(copy, "orderer"));
            processes.put("chaincode", pids(copy, "chaincode"));
            processes.put("client", List.of(ProcessHandle.current().pid()));
            return runAll("fabric", clients, registrar, processes);
        } finally {
            Network.Result down = Network.run(copy, env, 300, "bash", "network.sh", "down");
            if (down.exitCode() != 0) {
                System.err.println("network.sh down failed:\n" + down.output());
            }
        }
    }

    /** Every load at every level on one target; the mix's participants are entered once, before its first run. */
    private Map<String, Figures> runAll(String target, List<LedgerConnection> clients, LedgerConnection registrar,
            Map<String, List<Long>> processes) throws Exception {
        Map<String, Figures> results = new LinkedHashMap<>();
        Duration warmUp = FIRST_WARM_UP;
        try {
            for (String load : loads) {
                if (load.equals("mix")) {
                    RightsLoad.registerParticipants(registrar.rights(), clients);
                }
                for (int level : levels) {
                    List<LedgerConnection> some = clients.subList(0, level);
                    List<LoadClient> loadClients = new ArrayList<>();
                    if (load.equals("mix")) {
                        loadClients.addAll(RightsLoad.transferring(some));
                    } else {
                        for (int i = 0; i < level; i++) {
                            loadClients.add(RightsLoad.registering(some.get(i), i));
                        }
                    }
                    Figures f = ClosedLoop.run(target + " " + load, loadClients, warmUp, Duration.ofSeconds(seconds), processes);
                    System.out.print(f.describe());
                    results.put(load + " " + level, f);
                    warmUp = WARM_UP;
                }
            }
        } finally {
            clients.forEach(LedgerConnection::close);
            registrar.close();
        }
        return results;
    }

    private void compare(Map<String, Figures> embedded, Map<String, Figures> fabric) {
        System.out.println("\nload      clients  embedded acts/s  p50/p95/p99 ms        fabric acts/s  p50/p95/p99 ms        ratio"
                + "  CPU ms/act embedded | fabric");
        for (String key : embedded.keySet().isEmpty() ? fabric.keySet() : embedded.keySet()) {
            Figures e = embedded.get(key);
            Figures f = fabric.get(key);
            System.out.printf("%-8s  %7s  %15s  %-20s  %13s  %-20s  %5s  %s | %s%n", key.split(" ")[0], key.split(" ")[1],
                    e == null ? "-" : String.format("%.1f", e.committedActsPerSecond()), latencies(e),
                    f == null ? "-" : String.format("%.1f", f.committedActsPerSecond()), latencies(f),
                    e == null || f == null || f.committedActsPerSecond() == 0 ? "-"
                            : String.format("%.2f×", e.committedActsPerSecond() / f.committedActsPerSecond()),
                    cpu(e), cpu(f));
        }
    }

    private static String latencies(Figures f) {
        return f == null ? "-" : String.format("%.0f/%.0f/%.0f", f.actMillis(50), f.actMillis(95), f.actMillis(99));
    }

    private static String cpu(Figures f) {
        if (f == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        f.cpuMillisPerAct().forEach((group, ms) -> out.append(String.format("%s %.2f ", group, ms)));
        return out.append(String.format("= %.2f", f.cpuMillisPerActTotal())).toString();
    }

    /** A new client of {@code mspId} with {@code role}, enrolled by {@code ca}, connected to {@code target}. */
    private static LedgerConnection connect(LedgerEndpoint target, CertificateAuthority ca, String mspId, String name,
            String role) {
        SigningIdentity id = ca.enroll(mspId, name, MSPRoleType.CLIENT, Map.of("role", role));
        return LedgerConnection.open(target, new ClientIdentity(id.mspId(), id.certificate(), id.privateKey()));
    }

    /** The gateway of the organisation's peer, over TLS with the organisation's TLS root (as FabricNetworkTest connects). */
    private static LedgerEndpoint fabricEndpoint(Path copy, String orgName) throws IOException {
        Org org = Network.org(orgName);
        Node peer = Network.nodes("peer").stream().filter(n -> n.org().equals(orgName)).findFirst().orElseThrow();
        Path tlsCa;
        try (Stream<Path> files = Files.list(Network.orgDir(copy, org).resolve("msp/tlscacerts"))) {
            tlsCa = files.findFirst().orElseThrow();
        }
        Map<String, String> settings = Network.settings();
        return new LedgerEndpoint("127.0.0.1:" + peer.port(), Files.readString(tlsCa), null, settings.get("CHANNEL_NAME"),
                settings.get("CC_NAME"));
    }

    /** The pids native.sh wrote for every node of a kind. */
    private static List<Long> pids(Path copy, String kind) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (Node node : Network.nodes(kind)) {
            pids.add(Long.parseLong(Files.readString(copy.resolve("run/pids/" + node.name() + ".pid")).strip()));
        }
        return pids;
    }

    /**
     * network-config's files without its tests, build output or a running network's material, with the
     * orderer's BatchTimeout and MaxMessageCount replaced by the benchmark's.
     */
    static Path copyNetworkConfig(Path target) throws IOException {
        List<String> parts = new ArrayList<>(Network.SCRIPTS);
        parts.addAll(List.of("configtx", "builders", "organizations/cryptogen", "organizations/fabric-ca"));
        Network.copy(target, parts);
        Path configtx = target.resolve("configtx/configtx.yaml");
        Files.writeString(configtx, withBatch(Files.readString(configtx), FABRIC_MAX_MESSAGE_COUNT, FABRIC_BATCH_TIMEOUT_MS));
        return target;
    }

    /** configtx.yaml with the Orderer section's BatchTimeout and MaxMessageCount set; each must be there once. */
    static String withBatch(String configtx, int maxMessageCount, long batchTimeoutMs) {
        String out = replaceOnce(configtx, "(?m)^(\\s+BatchTimeout:\\s*)\\S+$", batchTimeoutMs + "ms");
        return replaceOnce(out, "(?m)^(\\s+MaxMessageCount:\\s*)\\S+$", Integer.toString(maxMessageCount));
    }

    private static String replaceOnce(String text, String regex, String value) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("configtx.yaml has no line matching " + regex);
        }
        String out = text.substring(0, m.start()) + m.group(1) + value + text.substring(m.end());
        if (Pattern.compile(regex).matcher(text.substring(m.end())).find()) {
            throw new IllegalStateException("configtx.yaml has more than one line matching " + regex);
        }
        return out;
    }

    private static void script(Path copy, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", "network.sh"));
        command.addAll(List.of(args));
        Instant start = Instant.now();
        Network.Result r = Network.run(copy, env, 900, command.toArray(String[]::new));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("network.sh " + String.join(" ", args) + " failed:\n" + r.output());
        }
        System.out.println("network.sh " + String.join(" ", args) + ": " + Duration.between(start, Instant.now()).toSeconds() + " s");
    }

    private static String awaitLine(Process process, Path log, Pattern line) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = line.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                return m.group(1);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the embedded peer ended (exit " + process.exitValue() + "):\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the embedded peer did not start within 3 minutes:\n" + Files.readString(log));
    }

    private static int max(int[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }

}
