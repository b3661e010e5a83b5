package org.dataright.peer.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
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
 * Committed data assets per second registered in batches ({@code registerAssets}) of 1, 50, 200 and 500
 * assets per transaction, as {@code dpr asset register --dir --batch N} sends them. The embedded peer runs
 * as {@link RegistrationBenchmark} runs it (the rights chaincode jar in a child JVM, blocks fsync'd); each
 * client is a fabric-gateway connection with its own enrolled key, sending one batch after another, each with
 * new content, waiting for its commit status. Only VALID commits count.
 *
 * <p>Arguments: {@code CHAINCODE_JAR [SECONDS_PER_SIZE] [BATCH_SIZES] [CLIENTS]}, e.g.
 * {@code chaincode/target/chaincode.jar 20 1,50,200,500 4}; {@code -DwarmUp=SECONDS} before the first size (20).
 */
public final class BulkRegistrationBenchmark {
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration FIRST_WARM_UP = Duration.ofSeconds(Long.getLong("warmUp", 20));

    private BulkRegistrationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: CHAINCODE_JAR [SECONDS_PER_SIZE] [BATCH_SIZES] [CLIENTS]");
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int[] sizes = Arrays.stream((args.length > 2 ? args[2] : "1,50,200,500").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int clientCount = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        Path dir = Files.createTempDirectory("dpr-bulk-bench");
        PeerConfig config = PeerConfig.builder(dir.resolve("peer")).port(0).chaincodeJar("rights", jar).build();
        System.out.printf("bulk registration benchmark: %d cores, Java %s, %s, %d clients, ledger in %s, blocks of up to "
                + "%d tx or %d ms%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                java.time.LocalDate.now(), clientCount, dir, config.maxMessageCount(), config.batchTimeout().toMillis());
        try (EmbeddedPeer peer = EmbeddedPeer.start(config)) {
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < clientCount; i++) {
                SigningIdentity identity = peer.identities().organizationCa().enroll(config.mspId(), "bulk-" + i,
                        MSPRoleType.CLIENT, Map.of("role", "enterprise"));
                clients.add(new Client(peer.endpoint(), identity, i));
            }
            try {
                System.out.println("batch  batches/s   assets/s   p50 ms   p99 ms  failed  cpu ms/asset (this JVM; chaincode JVM)");
                Duration warmUp = FIRST_WARM_UP;
                for (int size : sizes) {
                    run(clients, size, warmUp, seconds);
                    warmUp = WARM_UP;
                }
            } finally {
                clients.forEach(Client::close);
            }
        }
    }

    private static void run(List<Client> clients, int size, Duration warmUp, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        try {
            long warmUpEnd = System.nanoTime() + warmUp.toNanos();
            long end = warmUpEnd + TimeUnit.SECONDS.toNanos(seconds);
            List<Future<long[]>> results = new ArrayList<>();
            for (Client client : clients) {
                results.add(pool.submit(() -> client.registerUntil(size, warmUpEnd, end)));
            }
            Thread.sleep(Math.max(0, (warmUpEnd - System.nanoTime()) / 1_000_000));
            long[] cpuBefore = cpuNanos();
            List<Long> latencies = new ArrayList<>();
            long failed = 0;
            for (Future<long[]> f : results) {
                long[] r = f.get();
                failed += r[0];
                for (int i = 1; i < r.length; i++) {
                    latencies.add(r[i]);
                }
            }
            long[] cpuAfter = cpuNanos();
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            long assets = (long) sorted.length * size;
            double perAsset = assets == 0 ? 0 : 1e-6 / assets;
            System.out.printf("%5d  %9.1f  %9.0f  %7.1f  %7.1f  %6d  %8.3f  %8.3f%n", size, sorted.length / (double) seconds,
                    assets / (double) seconds, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6, failed,
                    (cpuAfter[0] - cpuBefore[0]) * perAsset, (cpuAfter[1] - cpuBefore[1]) * perAsset);
        } finally {
            pool.shutdownNow();
        }
    }

    /** CPU time used so far by this JVM and by its child processes (the chaincode), as {@link RegistrationBenchmark} counts it. */
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

    private static final class Client {
        private static final AtomicLong CONTENT = new AtomicLong();
        private final LedgerConnection connection;
        private final RightsContract rights;
        private final int number;

        Client(String endpoint, SigningIdentity identity, int number) {
            this.number = number;
            connection = LedgerConnection.open(new LedgerEndpoint(endpoint, null, null, "registry", "rights"),
                    new ClientIdentity(identity.mspId(), identity.certificate(), identity.privateKey()));
            rights = connection.rights(1);
        }

        /** {@code [failed, latency of each measured committed batch in ns…]}. */
        long[] registerUntil(int size, long warmUpEnd, long end) throws Exception {
            List<Long> measured = new ArrayList<>();
            long failed = 0;
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (long start = System.nanoTime(); start < end; start = System.nanoTime()) {
                StringBuilder batch = new StringBuilder("[");
                for (int i = 0; i < size; i++) {
                    batch.append(i == 0 ? "" : ",").append(description(sha256));
                }
                boolean committed;
                long sent = System.nanoTime();
                try {
                    rights.registerAssets(batch.append(']').toString());
                    committed = true;
                } catch (LedgerException e) {
                    System.err.println("batch failed: " + e.code() + ": " + e.getMessage());
                    committed = false;
                }
                if (sent >= warmUpEnd) {
                    if (committed) {
                        measured.add(System.nanoTime() - sent);
                    } else {
                        failed++;
                    }
                }
            }
            long[] result = new long[measured.size() + 1];
            result[0] = failed;
            for (int i = 0; i < measured.size(); i++) {
                result[i + 1] = measured.get(i);
            }
            return result;
        }

        private String description(MessageDigest sha256) {
            long n = CONTENT.incrementAndGet();
            byte[] digest = sha256.digest(("bulk content " + number + "/" + n + "/" + System.nanoTime())
                    .getBytes(StandardCharsets.UTF_8));
            return "{\"title\":\"Benchmark data asset " + n + "\",\"industry\":\"retail\",\"classification\":\"GENERAL\","
                    + "\"format\":\"CSV\",\"region\":\"CN-31\",\"sizeBytes\":1024,\"recordCount\":10,\"sha256\":\""
                    + HexFormat.of().formatHex(digest) + "\"}";
        }

        void close() {
            connection.close();
        }
    }
}
