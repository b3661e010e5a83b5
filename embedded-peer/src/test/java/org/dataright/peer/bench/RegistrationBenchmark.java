package org.dataright.peer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerEndpoint;
import org.dataright.peer.node.EmbeddedPeer;
import org.dataright.peer.node.PeerConfig;
import org.dataright.testsupport.load.ClosedLoop;
import org.dataright.testsupport.load.Figures;
import org.dataright.testsupport.load.LoadClient;
import org.dataright.testsupport.load.RightsLoad;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;

/**
 * Committed registrations per second, and commit latency, with 1, 4, 16 and 64 concurrent clients.
 * The embedded peer runs in this JVM as the registry service runs it: the real rights chaincode
 * launched from its jar in a child JVM, blocks fsync'd. The clients are the load client of test-support
 * ({@link RightsLoad#registering}): each a fabric-gateway connection signing with its own enrolled key, as
 * {@code dpr} does, submitting {@code registerAsset} acts one after another, each waiting for its commit
 * status. Only VALID commits count. (network-config's {@code SideBySideBenchmark} runs the same clients
 * against a peer in its own process and against a real Fabric network.)
 *
 * <p>Arguments: {@code CHAINCODE_JAR [SECONDS_PER_LEVEL] [CLIENT_LEVELS] [DATA_DIR]}, e.g.
 * {@code chaincode/target/chaincode.jar 20 1,4,16,64}; {@code -DblockTx=N -DblockMs=M} replace the
 * peer's default block cutting; {@code -DwarmUp=SECONDS} the first level's warm-up (30).
 */
public final class RegistrationBenchmark {
    /** Before each level; the first level gets {@code -DwarmUp=SECONDS} (30): on two cores the JIT is busy for a minute. */
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration FIRST_WARM_UP = Duration.ofSeconds(Long.getLong("warmUp", 30));

    private RegistrationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: CHAINCODE_JAR [SECONDS_PER_LEVEL] [CLIENT_LEVELS] [DATA_DIR]");
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int[] levels = Arrays.stream((args.length > 2 ? args[2] : "1,4,16,64").split(",")).mapToInt(Integer::parseInt).toArray();
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("dpr-registration-bench");
        int maxClients = Arrays.stream(levels).max().orElseThrow();

        PeerConfig.Builder builder = PeerConfig.builder(dir.resolve("peer")).port(0).chaincodeJar("rights", jar);
        if (System.getProperty("blockTx") != null) {
            builder.blockCutting(Integer.getInteger("blockTx"), Duration.ofMillis(Long.getLong("blockMs")));
        }
        PeerConfig config = builder.build();
        System.out.printf("registration benchmark: %d cores, Java %s, %s, ledger in %s, blocks of up to %d tx or %d ms%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), java.time.LocalDate.now(),
                dir, config.maxMessageCount(), config.batchTimeout().toMillis());
        try (EmbeddedPeer peer = EmbeddedPeer.start(config)) {
            List<LoadClient> clients = new ArrayList<>();
            for (int i = 0; i < maxClients; i++) {
                clients.add(RightsLoad.registering(connect(peer, config, "bench-" + i), i));
            }
            try {
                System.out.println("clients  committed/s   p50 ms   p99 ms   failed  cpu ms/tx (this JVM: peer and clients; chaincode JVM)");
                Duration warmUp = FIRST_WARM_UP;
                for (int level : levels) {
                    Figures f = ClosedLoop.run("embedded peer", clients.subList(0, level), warmUp, Duration.ofSeconds(seconds),
                            processes());
                    Map<String, Double> cpu = f.cpuMillisPerAct();
                    System.out.printf("%7d  %11.0f  %7.1f  %7.1f  %7d  %8.2f  %8.2f%n", level, f.committedActsPerSecond(),
                            f.actMillis(50), f.actMillis(99), f.failureCount(), cpu.get("peer and clients"), cpu.get("chaincode"));
                    f.failures().forEach((kind, n) -> System.out.println("         failed: " + kind + " × " + n));
                    warmUp = WARM_UP;
                }
            } finally {
                clients.forEach(LoadClient::close);
            }
        }
    }

    /** A fabric-gateway connection for a new client of the peer's organisation with the enterprise role. */
    static LedgerConnection connect(EmbeddedPeer peer, PeerConfig config, String name) {
        SigningIdentity identity = peer.identities().organizationCa().enroll(config.mspId(), name, MSPRoleType.CLIENT,
                Map.of("role", "enterprise"));
        return LedgerConnection.open(new LedgerEndpoint(peer.endpoint(), null, null, "registry", "rights"),
                new ClientIdentity(identity.mspId(), identity.certificate(), identity.privateKey()));
    }

    /** This JVM (the peer and the clients) and its children (the chaincode's JVM). */
    static Map<String, List<Long>> processes() {
        Map<String, List<Long>> processes = new LinkedHashMap<>();
        processes.put("peer and clients", List.of(ProcessHandle.current().pid()));
        processes.put("chaincode", ProcessHandle.current().descendants().map(ProcessHandle::pid).toList());
        return processes;
    }
}
