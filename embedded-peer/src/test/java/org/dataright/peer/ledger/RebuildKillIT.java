package org.dataright.peer.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebuild of the index is only a replay of the block files, one atomic RocksDB batch per block, so
 * SIGKILL in the middle of it leaves an index that is merely behind the blocks: the next open takes
 * it as it is (no second move aside) and replays the rest. A child JVM opens a ledger whose MANIFEST
 * was damaged; it is killed ({@link Process#destroyForcibly}, SIGKILL on Linux) as soon as it has
 * moved the damaged index aside, or at moments spread over its replay; the ledger is then reopened
 * here, and its chain info and every column family of its index must equal the undamaged ledger's.
 */
class RebuildKillIT {
    private static final int BLOCKS = 250;
    private static final int ROUNDS = 6;
    private static final long SEED = 20261123L;

    @TempDir
    Path base;

    @Test
    void aRebuildKilledAtAnyMomentResumesOnTheNextOpen() throws Exception {
        TestNetwork net = new TestNetwork("OR('RegistryMSP.peer')");
        KillChild.save(base, "orderer", net.orderer);
        Path pristine = base.resolve("pristine");
        try (Ledger ledger = Ledger.open(net.options(pristine))) {
            IndexFiles.fill(ledger, () -> new TxBuilder(TestNetwork.CHANNEL, TestNetwork.CHAINCODE, net.registryPeer)
                    .endorsedBy(net.registryPeer), 0, BLOCKS);
        }
        BlockchainInfo chain;
        try (Ledger ledger = Ledger.open(LedgerOptions.of(pristine, net.orderer))) {
            chain = ledger.getChainInfo();
        }
        List<String> reference = IndexFiles.dump(pristine);
        long last = chain.getHeight() - 1;
        Random random = new Random(SEED);
        int killedWithAPartialIndex = 0;
        long replayMillis = 0;
        Path ledgerDir = base.resolve("ledger");
        for (int round = 0; round <= ROUNDS; round++) {
            LedgerFiles.deleteTree(ledgerDir);
            LedgerFiles.copyTree(pristine, ledgerDir);
            IndexFiles.flip(IndexFiles.Kind.MANIFEST.files(IndexFiles.indexDir(ledgerDir)).get(0), random, 1);

            Optional<Long> savepoint;
            if (round == 0) {
                // Let the child finish, to learn how long its replay runs on this machine now.
                Child child = run(round, Kill.NEVER, 0);
                assertThat(child.savepoint()).hasValue(last);
                replayMillis = child.millisAfterReplayStarted();
                continue;
            } else if (round == 1) {
                savepoint = run(round, Kill.ON_DAMAGE, 0).savepoint();
            } else {
                // Spread over the first 80% of the time from the first indexed block to the child's exit,
                // most of which is the replay (the rest: checking the channel, the orderer identity).
                long span = replayMillis * 8 / 10 / (ROUNDS - 1);
                savepoint = run(round, Kill.IN_REPLAY, span * (round - 2) + random.nextLong(span + 1)).savepoint();
                if (savepoint.isPresent() && savepoint.get() < last) {
                    killedWithAPartialIndex++;
                }
            }
            try (Ledger ledger = Ledger.open(LedgerOptions.of(ledgerDir, net.orderer))) {
                assertThat(ledger.getChainInfo()).as("round %d: chain info", round).isEqualTo(chain);
            }
            assertThat(ledgerDir.resolve("index.damaged-1")).as("round %d", round).isDirectory();
            assertThat(ledgerDir.resolve("index.damaged-2")).as("round %d: the partial index was resumed", round).doesNotExist();
            assertThat(IndexFiles.dump(ledgerDir)).as("round %d: index", round).isEqualTo(reference);
        }
        assertThat(killedWithAPartialIndex).as("rounds killed when the rebuild had indexed some blocks but not all")
                .isGreaterThanOrEqualTo((ROUNDS - 1) / 2);
    }

    private enum Kill { NEVER, ON_DAMAGE, IN_REPLAY }

    /** How far the child's rebuild got, and how long the child ran after its first indexed block. */
    private record Child(Optional<Long> savepoint, long millisAfterReplayStarted) {
    }

    /**
     * Runs the child until it announces the damage (it has then moved the index aside and starts the
     * rebuild) and kills it then, or {@code millis} after its write-ahead log first holds a block, or
     * never; reads the savepoint its rebuilt index reached.
     */
    private Child run(int round, Kill when, long millis) throws Exception {
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"),
                RebuildKillChild.class.getName(), base.toString())
                .start();
        CountDownLatch damaged = new CountDownLatch(1);
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    if (line.contains("the ledger index is damaged")) {
                        damaged.countDown();
                    }
                }
            } catch (IOException e) {
                synchronized (log) {
                    log.append("(stderr closed: ").append(e.getMessage()).append(")\n");
                }
            }
        });
        reader.start();
        boolean announced = damaged.await(60, TimeUnit.SECONDS);
        synchronized (log) {
            assertThat(announced).as("round %d: child reported the damage; its log:\n%s", round, log).isTrue();
        }
        Path index = IndexFiles.indexDir(base.resolve("ledger"));
        long replayStarted = System.nanoTime();
        if (when != Kill.ON_DAMAGE) {
            while (child.isAlive() && IndexFiles.Kind.WAL.files(index).isEmpty()) {
                Thread.sleep(2);
            }
            replayStarted = System.nanoTime();
        }
        if (when != Kill.NEVER) {
            Thread.sleep(millis);
            child.destroyForcibly();
        }
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        long ran = (System.nanoTime() - replayStarted) / 1_000_000;
        reader.join(10_000);
        if (when == Kill.NEVER) {
            synchronized (log) {
                assertThat(child.exitValue()).as("round %d: the child's exit; its log:\n%s", round, log).isZero();
            }
        }
        Optional<Long> savepoint = IndexFiles.savepoint(base.resolve("ledger"));
        System.out.printf("RebuildKillIT round %d: %s, the rebuilt index at block %s%n", round,
                when == Kill.NEVER ? "exited " + ran + " ms after its first indexed block"
                        : when == Kill.ON_DAMAGE ? "killed on announcing the damage"
                        : "killed " + ran + " ms after its first indexed block",
                savepoint.map(String::valueOf).orElse("none"));
        return new Child(savepoint, ran);
    }
}
