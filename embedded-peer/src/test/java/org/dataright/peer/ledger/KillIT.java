package org.dataright.peer.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability under SIGKILL: a child JVM commits blocks and is killed ({@link Process#destroyForcibly},
 * SIGKILL on Linux) at random moments — while starting, recovering, validating, appending, fsyncing
 * or indexing. After each kill the ledger is reopened: every block the child acknowledged is there
 * and the whole chain verifies. Every third round the child itself does the recovery instead.
 */
class KillIT {
    private static final int ROUNDS = 50;
    private static final long SEED = 20261123L;
    private static final int ENVELOPES = 400;

    @TempDir
    Path base;

    @Test
    void everyAcknowledgedBlockSurvivesSigkill() throws Exception {
        // One endorsement per transaction, from the creator's own peer: the least signature work
        // for a child that must get to committing soon after a cold start.
        TestNetwork net = new TestNetwork("OR('RegistryMSP.peer')");
        KillChild.save(base, "orderer", net.orderer);
        try (OutputStream out = Files.newOutputStream(base.resolve(KillChild.ENVELOPES))) {
            for (int i = 0; i < ENVELOPES; i++) {
                new TxBuilder(TestNetwork.CHANNEL, TestNetwork.CHAINCODE, net.registryPeer).endorsedBy(net.registryPeer)
                        .write("k" + (i % 50), "v" + i).write("counter", Integer.toString(i)).build().writeDelimitedTo(out);
            }
        }
        try (Ledger ledger = Ledger.open(net.options(base.resolve("ledger")))) {
            assertThat(ledger.height()).isEqualTo(1);
        }
        Random random = new Random(SEED);
        long acknowledged = -1;
        int killedWhileCommitting = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Round r = runAndKill(random, round);
            if (r.openedAt >= 0) {
                assertThat(r.openedAt).as("round %d: height after the child's own recovery", round).isGreaterThan(acknowledged);
            }
            if (r.lastAck > acknowledged) {
                killedWhileCommitting++;
                acknowledged = r.lastAck;
            }
            if (round % 3 != 2 || round == ROUNDS - 1) {
                try (Ledger ledger = Ledger.open(LedgerOptions.of(base.resolve("ledger"), net.orderer))) {
                    assertThat(ledger.height()).as("round %d: height", round).isGreaterThan(acknowledged);
                    for (long n = Math.max(0, acknowledged - 5); n <= acknowledged; n++) {
                        assertThat(ledger.getBlockByNumber(n)).as("round %d: acknowledged block %d", round, n).isPresent();
                    }
                    VerificationReport report = ledger.verify();
                    assertThat(report.isOk()).as("round %d: %s", round, report).isTrue();
                }
            }
        }
        assertThat(killedWhileCommitting).as("rounds in which the child got to commit").isGreaterThan(ROUNDS / 2);
    }

    private record Round(long openedAt, long lastAck) {
    }

    private Round runAndKill(Random random, int round) throws Exception {
        Path stderr = base.resolve("child-" + round + ".err");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A short-lived JVM: C1 only, serial GC, so that it spends the CPU on committing.
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"),
                KillChild.class.getName(), base.toString())
                .redirectError(stderr.toFile())
                .start();
        AtomicLong opened = new AtomicLong(-1);
        AtomicLong lastAck = new AtomicLong(-1);
        List<String> unexpected = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("OPEN ")) {
                        opened.set(Long.parseLong(line.substring(5)));
                    } else if (line.startsWith("ACK ")) {
                        lastAck.set(Long.parseLong(line.substring(4)));
                    } else {
                        unexpected.add(line);
                    }
                }
            } catch (IOException e) {
                // The pipe breaks when the child is killed mid-line; what was read before counts.
                unexpected.add("(stdout closed: " + e.getMessage() + ")");
            }
        });
        reader.start();
        if (random.nextInt(5) == 0) {
            // Kill at any moment from the start: during JVM start-up, recovery or the first commits.
            Thread.sleep(random.nextInt(900));
        } else {
            // Kill somewhere in the commit loop: after the first acknowledgement, at a random phase of
            // validating, appending, fsyncing or indexing a later block.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lastAck.get() < 0 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(child.isAlive()).as("child of round %d died: %s", round,
                    Files.exists(stderr) ? Files.readString(stderr) : "").isTrue();
            assertThat(lastAck.get()).as("child of round %d committed a block within 60 s", round).isNotNegative();
            Thread.sleep(random.nextInt(150));
        }
        if (!child.isAlive()) {
            throw new AssertionError("child of round " + round + " exited by itself with " + child.exitValue()
                    + ": " + Files.readString(stderr));
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        assertThat(unexpected).as("round %d: unexpected child output", round).allMatch(l -> l.startsWith("(stdout closed"));
        return new Round(opened.get(), lastAck.get());
    }
}
