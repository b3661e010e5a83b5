package org.dataright.peer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dataright.peer.node.EmbeddedPeer;
import org.dataright.peer.node.PeerConfig;
import org.dataright.testsupport.load.ClosedLoop;
import org.dataright.testsupport.load.Figures;
import org.dataright.testsupport.load.LoadClient;
import org.dataright.testsupport.load.RightsLoad;

/**
 * Committed data assets per second registered in batches ({@code registerAssets}) of 1, 50, 200 and 500
 * assets per transaction, as {@code dpr asset register --dir --batch N} sends them. The embedded peer runs
 * as {@link RegistrationBenchmark} runs it (the rights chaincode jar in a child JVM, blocks fsync'd); each
 * client ({@link RightsLoad#batching}) is a fabric-gateway connection with its own enrolled key, sending one
 * batch after another, each with new content, waiting for its commit status. Only VALID commits count.
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
            System.out.println("batch  batches/s   assets/s   p50 ms   p99 ms  failed  cpu ms/asset (this JVM; chaincode JVM)");
            Duration warmUp = FIRST_WARM_UP;
            int enrolled = 0;
            for (int size : sizes) {
                List<LoadClient> clients = new ArrayList<>();
                for (int i = 0; i < clientCount; i++) {
                    clients.add(RightsLoad.batching(RegistrationBenchmark.connect(peer, config, "bulk-" + enrolled++), i, size));
                }
                try {
                    Figures f = ClosedLoop.run("embedded peer", clients, warmUp, Duration.ofSeconds(seconds),
                            RegistrationBenchmark.processes());
                    Map<String, Double> cpu = f.cpuMillisPerAct();
                    System.out.printf("%5d  %9.1f  %9.0f  %7.1f  %7.1f  %6d  %8.3f  %8.3f%n", size, f.committedActsPerSecond(),
                            f.unitsPerSecond(), f.actMillis(50), f.actMillis(99), f.failureCount(),
                            cpu.get("peer and clients") / size, cpu.get("chaincode") / size);
                    f.failures().forEach((kind, n) -> System.out.println("       failed: " + kind + " × " + n));
                } finally {
                    clients.forEach(LoadClient::close);
                }
                warmUp = WARM_UP;
            }
        }
    }
}
