package org.dataright.service.log;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.map.Standing;
import org.dataright.service.log.LogBlocks.Tx;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Prints how long a start takes until a standing can be given, at {@code assets} data assets (1,000,000 by
 * default; blocks of 500 registrations, each writing an asset and a right record): with the state map's
 * snapshot (load and check it), and without (apply every block again). The blocks are made in memory, so the
 * replay excludes reading them from a peer: a lower bound. Not a unit test: run it with {@code exec:java}
 * (see docs/PERFORMANCE.md).
 */
public final class StateMapStartBenchmark {
    private static final int PER_BLOCK = 500;

    private StateMapStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int assets = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int blocks = (assets + PER_BLOCK - 1) / PER_BLOCK;
        System.out.printf(Locale.ROOT, "%s, %d cores, Java %s, max heap %,d MB%n",
                ManagementFactory.getOperatingSystemMXBean().getName(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        Path dir = Files.createTempDirectory("state-map-bench");
        String origin = "dpr.example/registry/bench/0000000000000000";
        try {
            long t0 = System.nanoTime();
            for (int b = 0; b < blocks; b++) {
                block(b, assets);
            }
            double making = seconds(t0);
            byte[] root;
            t0 = System.nanoTime();
            try (TransparencyLog log = open(dir, origin)) {
                for (int b = 0; b < blocks; b++) {
                    log.append(block(b, assets));
                }
                log.publish();
                root = mapRoot(log);
                System.out.printf(Locale.ROOT, "log %,d assets in %,d blocks: %.1f s (making the blocks alone %.1f s)%n",
                        assets, blocks, seconds(t0), making);
                t0 = System.nanoTime();
            }
            System.out.printf(Locale.ROOT, "close, with the snapshot written: %.1f s; snapshot %,d MB%n", seconds(t0),
                    Files.size(dir.resolve("state-map")) >> 20);

            System.gc();
            t0 = System.nanoTime();
            try (LeafStore leaves = new LeafStore(dir)) {
                double reading = seconds(t0);
                t0 = System.nanoTime();
                new StateMapSnapshot(dir, origin, "rights").load(LogKey.loadOrCreate(dir.resolve("log.key"), origin).verifier(),
                        leaves);
                System.out.printf(Locale.ROOT, "of a start: reading the log's leaves %.1f s, loading and checking the"
                        + " snapshot %.1f s%n", reading, seconds(t0));
            }
            System.gc();
            t0 = System.nanoTime();
            try (TransparencyLog log = open(dir, origin)) {
                log.standing("A-7", b -> block(b, assets));
                double start = seconds(t0);
                check(root, log);
                System.out.printf(Locale.ROOT, "start with the snapshot, to the first standing: %.1f s%n", start);
            }

            Files.delete(dir.resolve("state-map"));
            System.gc();
            t0 = System.nanoTime();
            try (TransparencyLog log = open(dir, origin)) {
                for (int b = 0; b < blocks; b++) {
                    log.append(block(b, assets));
                }
                log.standing("A-7", b -> block(b, assets));
                double start = seconds(t0);
                check(root, log);
                System.out.printf(Locale.ROOT, "start without a snapshot, every block applied again, to the first"
                        + " standing: %.1f s (%.1f s of it making the blocks)%n", start, making);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static TransparencyLog open(Path dir, String origin) {
        return new TransparencyLog(null, origin, dir, Duration.ofSeconds(1), null, "rights", Duration.ofMinutes(5));
    }

    /** Block {@code b}: registrations of assets {@code A-<500 b>} to {@code A-<500 b + 499>}. */
    private static Block block(long b, int assets) {
        int first = (int) (b * PER_BLOCK);
        int count = Math.min(PER_BLOCK, assets - first);
        Tx[] txs = new Tx[count];
        for (int i = 0; i < count; i++) {
            String asset = "A-" + (first + i);
            txs[i] = Tx.valid("tx-" + (first + i), "rights", "\u0000asset\u0000" + asset + "\u0000",
                    "\u0000right\u0000" + asset + "\u0000RESOURCE_HOLDING\u0000");
        }
        return LogBlocks.block(b, txs);
    }

    private static byte[] mapRoot(TransparencyLog log) {
        return Standing.mapRoot(Checkpoint.parse(log.checkpoint().text()));
    }

    private static void check(byte[] root, TransparencyLog log) {
        if (!java.util.Arrays.equals(root, mapRoot(log))) {
            throw new IllegalStateException("the restarted map has another root");
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
