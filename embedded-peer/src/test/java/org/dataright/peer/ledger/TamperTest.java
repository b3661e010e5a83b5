package org.dataright.peer.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes changed in the block files are found, at the block they were changed in: by the record
 * checksum when the bytes are flipped blindly, by the hash chain and the orderer's signature when
 * the tamperer also fixes the checksum.
 */
class TamperTest {
    private static final TestNetwork NET = new TestNetwork();
    private static final int BLOCKS = 20;
    private static final int TRIALS = 40;

    @TempDir
    static Path pristine;
    private static List<BlockLocation> locations;

    @TempDir
    Path work;

    @BeforeAll
    static void buildLedger() {
        try (Ledger ledger = Ledger.open(NET.options(pristine).withMaxBlockFileBytes(8192))) {
            for (int i = 0; i < BLOCKS; i++) {
                ledger.commitBlock(List.of(NET.tx().write("k" + i, "v" + i).build(), NET.tx().write("j" + i, "w").build()));
            }
        }
        locations = LedgerFiles.locations(pristine);
        assertThat(locations).hasSize(BLOCKS + 1);
    }

    @Test
    void randomlyFlippedBytesAreDetectedAtTheirBlock() {
        Random random = new Random(20261123L);
        for (int trial = 0; trial < TRIALS; trial++) {
            Path copy = work.resolve("trial-" + trial);
            LedgerFiles.copyTree(pristine, copy);
            int block = random.nextInt(locations.size());
            BlockLocation loc = locations.get(block);
            Path file = LedgerFiles.file(copy, loc.fileNumber());
            byte[] bytes = LedgerFiles.read(file);
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                int at = (int) loc.offset() + random.nextInt(BlockStore.RECORD_HEADER_BYTES + loc.length());
                bytes[at] ^= (byte) (1 + random.nextInt(255));
            }
            LedgerFiles.write(file, bytes);
            assertDetectedAt(copy, block, "trial " + trial + ": " + flips + " byte(s) flipped in block " + block);
        }
    }

    @Test
    void changedContentWithARecomputedChecksumBreaksTheChainAtThatBlock() throws Exception {
        for (int block : new int[] {0, 7, BLOCKS}) {
            Path copy = work.resolve("rewritten-" + block);
            LedgerFiles.copyTree(pristine, copy);
            BlockLocation loc = locations.get(block);
            Path file = LedgerFiles.file(copy, loc.fileNumber());
            byte[] bytes = LedgerFiles.read(file);
            int payloadStart = (int) loc.offset() + BlockStore.RECORD_HEADER_BYTES;
            Block original = Block.parseFrom(ByteBuffer.wrap(bytes, payloadStart, loc.length()));
            // Rewrite the data as a forger would: same length, one byte of one envelope changed.
            byte[] data0 = original.getData().getData(0).toByteArray();
            data0[data0.length - 3] ^= 0x01;
            Block forged = original.toBuilder()
                    .setData(original.getData().toBuilder().setData(0, ByteString.copyFrom(data0))).build();
            byte[] forgedBytes = forged.toByteArray();
            assertThat(forgedBytes).hasSize(loc.length());
            System.arraycopy(forgedBytes, 0, bytes, payloadStart, forgedBytes.length);
            ByteBuffer.wrap(bytes).putInt((int) loc.offset() + 4, BlockStore.crc(forgedBytes, 0, forgedBytes.length));
            LedgerFiles.write(file, bytes);
            assertDetectedAt(copy, block, "data of block " + block + " rewritten with a valid checksum");
        }
    }

    /** Either opening refuses, naming the block, or the ledger opens with damage() naming it, and verify() names it too. */
    private static void assertDetectedAt(Path copy, int block, String what) {
        Ledger ledger;
        try {
            ledger = Ledger.open(LedgerOptions.of(copy, NET.orderer));
        } catch (LedgerCorruptionException e) {
            assertThat(e.blockNumber()).as(what + " → " + e.getMessage()).isEqualTo(block);
            return;
        }
        try (ledger) {
            assertThat(ledger.damage()).as(what).hasValueSatisfying(d -> assertThat(d.firstBadBlock()).hasValue(block));
            VerificationReport report = ledger.verify();
            assertThat(report.firstBadBlock()).as(what + " → " + report).hasValue(block);
            assertThat(report.blocksVerified()).isEqualTo(block);
            assertThatThrownBy(() -> ledger.getBlockByNumber(block)).as(what)
                    .isInstanceOfSatisfying(LedgerCorruptionException.class, e -> assertThat(e.blockNumber()).isEqualTo(block));
        }
    }
}
