package org.dataright.service.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.dataright.evidence.log.TreeHash;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a restart finds of the log on disk: it resumes, cuts off an unfinished block, rebuilds when damaged. */
class LogDurabilityTest {
    private static final String ORIGIN = "dpr.example/registry/registry";
    private static final List<Block> BLOCKS = LogBlocks.blocks(0, 6, 3);

    @TempDir
    Path dir;

    private TransparencyLog open() {
        return new TransparencyLog(null, ORIGIN, dir, Duration.ofSeconds(1));
    }

    private static byte[] fullRoot() {
        return TreeRoots.of(BLOCKS);
    }

    @Test
    void aRestartResumesFromItsPositionWithTheSameTreeAndKey() throws Exception {
        String vkey;
        try (TransparencyLog log = open()) {
            BLOCKS.subList(0, 4).forEach(log::append);
            vkey = log.vkey();
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("log.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (TransparencyLog log = open()) {
            assertThat(log.vkey()).isEqualTo(vkey);
            assertThat(log.nextBlock()).isEqualTo(4);
            assertThat(log.tree().size()).isEqualTo(12);
            // A block the log has is ignored; the following ones are appended.
            BLOCKS.forEach(log::append);
            assertThat(log.tree().root()).isEqualTo(fullRoot());
            assertThat(log.checkpoint().text()).startsWith(ORIGIN + "\n12\n");
        }
    }

    @Test
    void aMissingLeavesFileIsRebuiltFromBlockZero() throws Exception {
        try (TransparencyLog log = open()) {
            BLOCKS.forEach(log::append);
        }
        Files.delete(dir.resolve("leaves"));
        assertRebuilt();
    }

    @Test
    void aLeafWhoseHashDoesNotMatchIsDamage() throws Exception {
        try (TransparencyLog log = open()) {
            BLOCKS.forEach(log::append);
        }
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("leaves").toFile(), "rw")) {
            file.seek(10);
            int b = file.read();
            file.seek(10);
            file.write(b ^ 1);
        }
        assertRebuilt();
        assertThat(dir.resolve("leaves.damaged")).exists();
    }

    @Test
    void aLeavesFileShorterThanItsPositionIsDamage() throws Exception {
        try (TransparencyLog log = open()) {
            BLOCKS.forEach(log::append);
        }
        try (var channel = Files.newByteChannel(dir.resolve("leaves"), StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 7);
        }
        assertRebuilt();
    }

    @Test
    void leavesWrittenPastThePositionAreCutOffAndTheirBlockReadAgain() throws Exception {
        Path position = dir.resolve("position");
        byte[] positionAfterFour;
        try (TransparencyLog log = open()) {
            BLOCKS.subList(0, 4).forEach(log::append);
            positionAfterFour = Files.readAllBytes(position);
            log.append(BLOCKS.get(4));
        }
        // The process stopped after block 4's leaves were synced but before its position was written.
        Files.write(position, positionAfterFour);
        try (TransparencyLog log = open()) {
            assertThat(log.nextBlock()).isEqualTo(4);
            assertThat(log.tree().size()).isEqualTo(12);
            BLOCKS.forEach(log::append);
            assertThat(log.tree().root()).isEqualTo(fullRoot());
        }
        assertThat(dir.resolve("leaves.damaged")).doesNotExist();
    }

    @Test
    void anUnreadablePositionIsDamage() throws Exception {
        try (TransparencyLog log = open()) {
            BLOCKS.forEach(log::append);
        }
        Files.writeString(dir.resolve("position"), "dpr-tlog-position/v1\nnext-blo");
        assertRebuilt();
    }

    @Test
    void aBlockOutOfOrderIsRefusedAndNothingIsStored() {
        try (TransparencyLog log = open()) {
            log.append(BLOCKS.get(0));
            assertThatThrownBy(() -> log.append(BLOCKS.get(2))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("expects block 1");
            assertThat(log.tree().size()).isEqualTo(3);
        }
    }

    @Test
    void aCheckpointIsSignedOnlyWhenTheTreeGrew() {
        try (TransparencyLog log = open()) {
            assertThat(log.checkpoint().text()).isEqualTo(ORIGIN + "\n0\n" + java.util.Base64.getEncoder()
                    .encodeToString(TreeHash.emptyRoot()) + "\n");
            assertThat(log.publish()).isFalse();
            log.append(BLOCKS.get(0));
            assertThat(log.publish()).isTrue();
            assertThat(log.publish()).isFalse();
            assertThat(log.checkpoint().text()).startsWith(ORIGIN + "\n3\n");
        }
    }

    @Test
    void aKeyOfAnotherOriginIsRefused() {
        open().close();
        assertThatThrownBy(() -> new TransparencyLog(null, "other.example/log", dir, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is for origin");
    }

    private void assertRebuilt() {
        try (TransparencyLog log = open()) {
            assertThat(log.nextBlock()).isZero();
            assertThat(log.tree().size()).isZero();
            BLOCKS.forEach(log::append);
            assertThat(log.tree().root()).isEqualTo(fullRoot());
        }
        try (TransparencyLog log = open()) {
            assertThat(log.nextBlock()).isEqualTo(BLOCKS.size());
            assertThat(log.tree().root()).isEqualTo(fullRoot());
        }
    }
}
