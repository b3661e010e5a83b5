package org.dataright.peer.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerEndpoint;
import org.dataright.ledger.client.LedgerException;
import org.dataright.ledger.client.RightsContract;
import org.dataright.peer.node.EmbeddedPeer;
import org.dataright.peer.node.PeerConfig;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;

/**
 * Committed registrations per second, and commit latency, with 1, 4, 16 and 64 concurrent clients.
 * The embedded peer runs as the registry service runs it: the real rights chaincode launched from its
 * jar in a child JVM, blocks fsync'd. Each client is a fabric-gateway connection signing with its own
 * enrolled key, as {@code dpr} does, and submits {@code registerAsset} acts one after another, each with
 * new content, waiting for the commit status. A client counts only VALID commits.
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
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < maxClients; i++) {
                SigningIdentity identity = peer.identities().organizationCa().enroll(config.mspId(), "bench-" + i,
                        MSPRoleType.CLIENT, Map.of("role", "enterprise"));
                clients.add(new Client(peer.endpoint(), identity, i));
            }
            try {
                System.out.println("clients  committed/s   p50 ms   p99 ms   failed  cpu ms/tx (this JVM: peer and clients; chaincode JVM)");
                Duration warmUp = FIRST_WARM_UP;
                for (int level : levels) {
                    run(clients.subList(0, level), warmUp, seconds);
                    warmUp = WARM_UP;
                }
            } finally {
                clients.forEach(Client::close);
            }
        }
    }

    private static void run(List<Client> clients, Duration warmUp, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        try {
            long warmUpEnd = System.nanoTime() + warmUp.toNanos();
            long end = warmUpEnd + TimeUnit.SECONDS.toNanos(seconds);
            List<Future<Latencies>> results = new ArrayList<>();
            for (Client client : clients) {
                results.add(pool.submit(() -> client.registerUntil(warmUpEnd, end)));
            }
            Thread.sleep(Math.max(0, (warmUpEnd - System.nanoTime()) / 1_000_000));
            long[] cpuBefore = cpuNanos();
            Latencies all = new Latencies();
            for (Future<Latencies> f : results) {
                all.add(f.get());
            }
            long[] cpuAfter = cpuNanos();
            long[] sorted = all.sorted();
            double perTx = sorted.length == 0 ? 0 : 1e-6 / sorted.length;
            System.out.printf("%7d  %11.0f  %7.1f  %7.1f  %7d  %8.2f  %8.2f%n", clients.size(), sorted.length / (double) seconds,
                    percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6, all.failed,
                    (cpuAfter[0] - cpuBefore[0]) * perTx, (cpuAfter[1] - cpuBefore[1]) * perTx);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * CPU time used so far by this JVM and by its child processes (the chaincode): per committed
     * transaction it says what the machine pays for one, whatever else is running.
     */
    private static long[] cpuNanos() throws Exception {
        long own = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        long children = 0;
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            Path stat = Path.of("/proc", Long.toString(child.pid()), "stat");
            if (Files.exists(stat)) {
                String[] fields = Files.readString(stat).replaceFirst("^.*\\) ", "").split(" ");
                children += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L; // clock ticks of 10 ms
            }
        }
        return new long[] {own, children};
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Commit latencies in nanoseconds of the measured (post warm-up) registrations. */
    private static final class Latencies {
        private long[] values = new long[1024];
        private int size;
        private long failed;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        void add(Latencies other) {
            for (int i = 0; i < other.size; i++) {
                add(other.values[i]);
            }
            failed += other.failed;
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }

    private static final class Client {
        private static final AtomicLong CONTENT = new AtomicLong();
        private final LedgerConnection connection;
        /** One attempt: a failed registration counts as failed, it is not tried again. */
        private final RightsContract rights;
        private final int number;

        Client(String endpoint, SigningIdentity identity, int number) {
            this.number = number;
            connection = LedgerConnection.open(new LedgerEndpoint(endpoint, null, null, "registry", "rights"),
                    new ClientIdentity(identity.mspId(), identity.certificate(), identity.privateKey()));
            rights = connection.rights(1);
        }

        Latencies registerUntil(long warmUpEnd, long end) throws Exception {
            Latencies latencies = new Latencies();
            for (long start = System.nanoTime(); start < end; start = System.nanoTime()) {
                boolean committed;
                try {
                    rights.registerAsset(description());
                    committed = true;
                } catch (LedgerException e) {
                    if (e.reason() != LedgerException.Reason.NOT_COMMITTED) {
                        System.err.println("registration failed: " + e.getMessage());
                    }
                    committed = false;
                }
                long took = System.nanoTime() - start;
                if (start >= warmUpEnd) {
                    if (committed) {
                        latencies.add(took);
                    } else {
                        latencies.failed++;
                    }
                }
            }
            return latencies;
        }

        private String description() throws Exception {
            long n = CONTENT.incrementAndGet();
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("benchmark content " + number + "/" + n + "/" + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
            return "{\"title\":\"Benchmark data asset " + n + "\",\"industry\":\"retail\",\"classification\":\"GENERAL\","
                    + "\"format\":\"CSV\",\"region\":\"CN-31\",\"sizeBytes\":1024,\"recordCount\":10,\"sha256\":\""
                    + HexFormat.of().formatHex(digest) + "\"}";
        }

        void close() {
            connection.close();
        }
    }
}
