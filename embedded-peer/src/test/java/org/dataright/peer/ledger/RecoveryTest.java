package org.dataright.peer.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery from crashes (torn tails, an index behind the blocks) and refusal of real damage. */
class RecoveryTest {
    private static final TestNetwork NET = new TestNetwork();
    private static final String CC = TestNetwork.CHAINCODE;

    @TempDir
    Path dir;

    private void commitBlocks(int count, int from) {
        try (Ledger ledger = Ledger.open(NET.options(dir).withMaxBlockFileBytes(4096))) {
            for (int i = from; i < from + count; i++) {
                ledger.commitBlock(List.of(NET.tx().write("k" + i, "v" + i).write("shared", "s" + i).build()));
            }
        }
    }

    @Test
    void blocksAreRolledIntoSeveralFilesAndReadBack() throws Exception {
        commitBlocks(12, 0);
        try (Stream<Path> files = Files.list(LedgerFiles.blocksDir(dir))) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("blockfile_")).count()).isGreaterThan(2);
        }
        try (Ledger ledger = Ledger.open(LedgerOptions.of(dir, NET.orderer))) {
            assertThat(ledger.height()).isEqualTo(13);
            for (long n = 0; n < 13; n++) {
                assertThat(ledger.getBlockByNumber(n).orElseThrow().getHeader().getNumber()).isEqualTo(n);
            }
            assertThat(ledger.verify().isOk()).isTrue();
        }
    }

    @Test
    void droppedIndexesAreRebuiltFromTheBlocks() {
        commitBlocks(6, 0);
        List<HistoryEntry> history;
        List<StateEntry> state;
        try (Ledger ledger = Ledger.open(LedgerOptions.of(dir, NET.orderer))) {
            history = ledger.getHistory(CC, "shared");
            state = ledger.getStateRange(CC, "", "");
        }
        Ledger.dropIndexes(dir);
        assertThat(dir.resolve(Ledger.INDEX_DIR)).doesNotExist();
        try (Ledger ledger = Ledger.open(LedgerOptions.of(dir, NET.orderer))) {
            assertThat(ledger.height()).isEqualTo(7);
            assertThat(ledger.getHistory(CC, "shared")).isEqualTo(history);
            assertThat(ledger.getStateRange(CC, "", "")).isEqualTo(state);
            assertThat(ledger.getBlockByNumber(3)).isPresent();
        }
    }

    @Test
    void blocksBeyondTheSavepointAreReplayed() {
        commitBlocks(3, 0);
        Path oldIndex = dir.resolveSibling(dir.getFileName() + "-index");
        LedgerFiles.copyTree(dir.resolve(Ledger.INDEX_DIR), oldIndex);
        commitBlocks(3, 3);
        // As if the process died after the blocks were fsync'd but before their index batches were written.
        LedgerFiles.deleteTree(dir.resolve(Ledger.INDEX_DIR));
        LedgerFiles.copyTree(oldIndex, dir.resolve(Ledger.INDEX_DIR));
        LedgerFiles.deleteTree(oldIndex);
        try (Ledger ledger = Ledger.open(LedgerOptions.of(dir, NET.orderer))) {
            assertThat(ledger.height()).isEqualTo(7);
            assertThat(ledger.getState(CC, "k5").orElseThrow().value().toStringUtf8()).isEqualTo("v5");
            assertThat(ledger.getHistory(CC, "shared")).hasSize(6);
            assertThat(ledger.verify().isOk()).isTrue();
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndKeptAside() throws Exception {
        commitBlocks(2, 0);
        Path last = lastFile();
        byte[] before = LedgerFiles.read(last);
        byte[] torn = {0, 0, 1, 0, 9, 9, 9, 9, 42, 42, 42};
        LedgerFiles.write(last, concat(before, torn));

        try (Ledger ledger = Ledger.open(LedgerOptions.of(dir, NET.orderer))) {
            assertThat(ledger.height()).isEqualTo(3);
            assertThat(LedgerFiles.read(last)).isEqualTo(before);
            ledger.commitBlock(List.of(NET.tx().write("after", "crash").build()));
            assertThat(ledger.verify().isOk()).isTrue();
        }
        try (Stream<Path> aside = Files.list(LedgerFiles.blocksDir(dir).resolve("torn"))) {
            List<Path> kept = aside.toList();
            assertThat(kept).hasSize(1);
            assertThat(LedgerFiles.read(kept.get(0))).isEqualTo(torn);
        }
    }

    @Test
    void aBadRecordInTheMiddleIsAHardErrorNamingTheBlock() {
        commitBlocks(5, 0);
        List<BlockLocation> locations = LedgerFiles.locations(dir);
        BlockLocation third = locations.get(2);
        Path file = LedgerFiles.file(dir, third.fileNumber());
        byte[] bytes = LedgerFiles.read(file);
        bytes[(int) third.offset() + BlockStore.RECORD_HEADER_BYTES + 10] ^= 0x40;
        LedgerFiles.write(file, bytes);
        Ledger.dropIndexes(dir);

        assertThatThrownBy(() -> Ledger.open(LedgerOptions.of(dir, NET.orderer)))
                .isInstanceOfSatisfying(LedgerCorruptionException.class, e -> assertThat(e.blockNumber()).isEqualTo(2))
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void aTruncatedCommittedBlockIsCorruptionNotATornTail() {
        commitBlocks(3, 0);
        Path last = lastFile();
        byte[] bytes = LedgerFiles.read(last);
        LedgerFiles.write(last, Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> Ledger.open(LedgerOptions.of(dir, NET.orderer)))
                .isInstanceOfSatisfying(LedgerCorruptionException.class, e -> assertThat(e.blockNumber()).isEqualTo(3));
    }

    @Test
    void blockFilesLostUnderAnIndexAreRefused() {
        commitBlocks(2, 0);
        LedgerFiles.deleteTree(LedgerFiles.blocksDir(dir));
        assertThatThrownBy(() -> Ledger.open(LedgerOptions.of(dir, NET.orderer)))
                .isInstanceOf(LedgerCorruptionException.class)
                .hasMessageContaining("no block files");
    }

    @Test
    void recoveredBlocksAreByteForByteTheOriginals() {
        commitBlocks(4, 0);
        Block original;
        try (Ledger ledger = Ledger.open(LedgerOptions.of(dir, NET.orderer))) {
            original = ledger.getBlockByNumber(4).orElseThrow();
        }
        Ledger.dropIndexes(dir);
        try (Ledger ledger = Ledger.open(LedgerOptions.of(dir, NET.orderer))) {
            assertThat(ledger.getBlockByNumber(4)).contains(original);
            assertThat(ledger.getChainInfo().getHeight()).isEqualTo(5);
        }
    }

    private Path lastFile() {
        List<BlockLocation> locations = LedgerFiles.locations(dir);
        return LedgerFiles.file(dir, locations.get(locations.size() - 1).fileNumber());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
