package org.dataright.service.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.map.Standing;
import org.dataright.service.log.LogBlocks.Tx;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What a restart finds of the state map's snapshot: a good one is resumed from (the map root at once, a
 * standing served without replaying a block); a torn, edited, foreign or stale one is refused with a WARN
 * saying why, and the map rebuilt from the blocks reaches the same root.
 */
@ExtendWith(OutputCaptureExtension.class)
class StateMapSnapshotTest {
    private static final String ORIGIN = "dpr.example/registry/registry/0011223344556677";
    private static final List<Block> BLOCKS = assetBlocks(0, 8);

    @TempDir
    Path dir;

    private CapturedOutput output;

    @BeforeEach
    void capture(CapturedOutput captured) {
        output = captured;
    }

    /** Blocks whose three transactions each register a data asset: its asset and right records. */
    private static List<Block> assetBlocks(long first, int count) {
        List<Block> blocks = new ArrayList<>();
        for (long b = first; b < first + count; b++) {
            Tx[] txs = new Tx[3];
            for (int i = 0; i < 3; i++) {
                String asset = "A-" + b + "-" + i;
                txs[i] = Tx.valid("tx-" + b + "-" + i, "rights", "\u0000asset\u0000" + asset + "\u0000",
                        "\u0000right\u0000" + asset + "\u0000RESOURCE_HOLDING\u0000");
            }
            blocks.add(LogBlocks.block(b, txs));
        }
        return blocks;
    }

    private TransparencyLog open(Path directory, String origin) {
        return new TransparencyLog(null, origin, directory, Duration.ofSeconds(1), null, "rights", Duration.ofMinutes(5));
    }

    private TransparencyLog open() {
        return open(dir, ORIGIN);
    }

    /** The map root the log's latest checkpoint commits to, or null when it carries none (the map is catching up). */
    private static byte[] mapRoot(TransparencyLog log) {
        Checkpoint c = Checkpoint.parse(log.checkpoint().text());
        return c.extensions().isEmpty() ? null : Standing.mapRoot(c);
    }

    /** Runs the log over every block and closes it (which writes the snapshot); the map root it reached. */
    private byte[] logEveryBlock() {
        try (TransparencyLog log = open()) {
            BLOCKS.forEach(log::append);
            log.publish();
            return mapRoot(log);
        }
    }

    @Test
    void aRestartResumesFromTheSnapshotWithTheSameRootAndServesAStandingAtOnce() {
        byte[] root = logEveryBlock();
        assertThat(root).isNotNull();
        assertThat(dir.resolve("state-map")).exists();
        try (TransparencyLog log = open()) {
            assertThat(mapRoot(log)).as("the first checkpoint after the start carries the map root").isEqualTo(root);
            // The records' bytes are read back from block 5 and their hashes proved against the map root.
            Standing.Extract standing = log.standing("A-5-1", b -> BLOCKS.get((int) b)).verify(n -> Checkpoint.parse(n.text()));
            assertThat(standing.registered()).isTrue();
            assertThat(standing.records()).hasSize(2);
            assertThat(standing.checkpoint().size()).isEqualTo(24);
            // Blocks after the snapshot are applied on top of it, as by a log that never stopped.
            assetBlocks(8, 2).forEach(log::append);
            log.publish();
            root = mapRoot(log);
        }
        assertThat(logged()).contains("loaded: 24 data assets as of block 8");
        try (TransparencyLog fresh = open(dir.resolve("fresh"), ORIGIN)) {
            BLOCKS.forEach(fresh::append);
            assetBlocks(8, 2).forEach(fresh::append);
            fresh.publish();
            assertThat(mapRoot(fresh)).isEqualTo(root);
        }
    }

    @Test
    void aTornSnapshotIsRefusedAndTheMapRebuiltToTheSameRoot() throws Exception {
        byte[] root = logEveryBlock();
        try (var channel = Files.newByteChannel(dir.resolve("state-map"), StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 40);
        }
        assertRebuilt(root, "ends early: it is torn");
    }

    @Test
    void anEditedSnapshotIsRefusedByItsDigest() throws Exception {
        byte[] root = logEveryBlock();
        flipByte(dir.resolve("state-map"), Files.size(dir.resolve("state-map")) - 33);
        assertRebuilt(root, "its digest is not the SHA-256 of its content");
    }

    @Test
    void anEditedSnapshotWithItsDigestRecomputedIsRefusedByTheCommittedRoot() throws Exception {
        byte[] root = logEveryBlock();
        Path file = dir.resolve("state-map");
        flipByte(file, Files.size(file) - 33);
        byte[] bytes = Files.readAllBytes(file);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(bytes, bytes.length - 32));
        System.arraycopy(digest, 0, bytes, bytes.length - 32, 32);
        Files.write(file, bytes);
        assertRebuilt(root, "the checkpoint of size 24 committed");
    }

    @Test
    void aSnapshotOfAnotherLogIsRefused() throws Exception {
        byte[] root = logEveryBlock();
        // Another registry, with its own key, over the same blocks: its snapshot is not this log's.
        Path other = dir.resolve("other");
        try (TransparencyLog log = open(other, ORIGIN)) {
            BLOCKS.forEach(log::append);
        }
        Files.copy(other.resolve("state-map"), dir.resolve("state-map"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRebuilt(root, "its checkpoint is not signed by this log's key");

        // A log of another origin (another channel) given this one's snapshot.
        Path channel = dir.resolve("channel-b");
        Files.createDirectories(channel);
        Files.copy(dir.resolve("state-map"), channel.resolve("state-map"));
        open(channel, "dpr.example/registry/channel-b/8899aabbccddeeff").close();
        assertThat(logged()).contains("it is of the log '" + ORIGIN
                + "', not 'dpr.example/registry/channel-b/8899aabbccddeeff'");
    }

    @Test
    void aSnapshotAheadOfTheLogsLeavesIsRefused() throws Exception {
        byte[] root = logEveryBlock();
        // The leaves are lost: the log starts again from block 0, and the snapshot of block 8 is ahead of it.
        Files.delete(dir.resolve("leaves"));
        try (TransparencyLog log = open()) {
            assertThat(mapRoot(log)).as("the empty map of the empty log").isEqualTo(new byte[32]);
            BLOCKS.forEach(log::append);
            log.publish();
            assertThat(mapRoot(log)).isEqualTo(root);
        }
        assertThat(logged()).contains("it is as of block 8, and the log has read only the"
                + " blocks below 0");
    }

    @Test
    void withoutASnapshotTheMapIsRebuiltFromBlockZero() {
        byte[] root = logEveryBlock();
        try (TransparencyLog log = open(dir.resolve("none"), ORIGIN)) {
            assertThat(logged()).contains("no state map snapshot");
            BLOCKS.forEach(log::append);
            log.publish();
            assertThat(mapRoot(log)).isEqualTo(root);
        }
    }

    /** The map starts over: no root until the blocks are applied again, then the same root; the WARN says why. */
    private void assertRebuilt(byte[] root, String why) {
        try (TransparencyLog log = open()) {
            assertThat(mapRoot(log)).as("no map root while the map is rebuilt").isNull();
            BLOCKS.forEach(log::append);
            log.publish();
            assertThat(mapRoot(log)).isEqualTo(root);
        }
        assertThat(logged()).contains("is not used (").contains(why);
        assertThat(dir.resolve("state-map.rejected")).exists();
        try (TransparencyLog log = open()) {
            assertThat(mapRoot(log)).as("the rebuilt map was snapshotted on close").isEqualTo(root);
        }
    }

    /** What the log wrote so far. */
    private String logged() {
        return output.getOut();
    }

    private static void flipByte(Path file, long at) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 1);
        }
    }
}
