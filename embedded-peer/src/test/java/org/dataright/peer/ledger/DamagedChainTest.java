package org.dataright.peer.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 9 of the adversarial review: a block damaged in the middle of the chain was not found at open
 * (the index checks 8 blocks), so the ledger looked healthy until someone read that block. Now the walk
 * over the whole chain at open records the damage, naming the block, its file and offset and what is
 * wrong; the ledger serves what is intact and takes no new blocks; restoring the file ends it.
 */
class DamagedChainTest {
    private static final TestNetwork NET = new TestNetwork();
    private static final String CC = TestNetwork.CHAINCODE;
    /** Blocks 1..20 after block 0; open checks the index at 0, 2, 5, 8, 11, 14, 17 and 20. */
    private static final int BLOCKS = 20;

    @TempDir
    static Path pristine;
    private static List<BlockLocation> locations;

    @TempDir
    Path work;

    @BeforeAll
    static void buildLedger() {
        try (Ledger ledger = Ledger.open(NET.options(pristine).withMaxBlockFileBytes(8192))) {
            for (int i = 0; i < BLOCKS; i++) {
                ledger.commitBlock(List.of(NET.tx().write("k" + i, "v" + i).build()));
            }
        }
        locations = LedgerFiles.locations(pristine);
    }

    @Test
    void aFlippedByteInABlockTheIndexDoesNotCheckIsFoundAtOpen() {
        assertDamageFoundAtOpen(7);
    }

    @Test
    void aFlippedByteInABlockTheIndexChecksNoLongerRefusesTheOpen() {
        assertDamageFoundAtOpen(8);
    }

    @Test
    void anUndamagedLedgerReportsNoDamage() {
        try (Ledger ledger = Ledger.open(LedgerOptions.of(pristine, NET.orderer))) {
            assertThat(ledger.damage()).isEmpty();
        }
    }

    private void assertDamageFoundAtOpen(int block) {
        Path copy = work.resolve("copy");
        LedgerFiles.copyTree(pristine, copy);
        BlockLocation loc = locations.get(block);
        Path file = LedgerFiles.file(copy, loc.fileNumber());
        byte[] original = LedgerFiles.read(file);
        byte[] bytes = original.clone();
        bytes[(int) loc.offset() + BlockStore.RECORD_HEADER_BYTES + 40] ^= 0x10;
        LedgerFiles.write(file, bytes);

        try (Ledger ledger = Ledger.open(LedgerOptions.of(copy, NET.orderer))) {
            VerificationReport damage = ledger.damage().orElseThrow(() -> new AssertionError("the damage went unnoticed"));
            assertThat(damage.firstBadBlock()).hasValue(block);
            assertThat(damage.blocksVerified()).isEqualTo(block);
            assertThat(damage.location()).hasValue(BlockStore.fileName(loc.fileNumber()) + " at offset " + loc.offset());
            assertThat(damage.problem()).isEqualTo("bad record: checksum mismatch");

            // What is intact is served: other blocks, state, history.
            assertThat(ledger.getBlockByNumber(block - 1)).isPresent();
            assertThat(ledger.getBlockByNumber(block + 1)).isPresent();
            assertThat(ledger.getState(CC, "k" + (block - 1)).orElseThrow().value().toStringUtf8()).isEqualTo("v" + (block - 1));
            assertThatThrownBy(() -> ledger.getBlockByNumber(block))
                    .isInstanceOfSatisfying(LedgerCorruptionException.class, e -> assertThat(e.blockNumber()).isEqualTo(block))
                    .hasMessageContaining("checksum mismatch");
            // No new block on a record with a hole.
            assertThatThrownBy(() -> ledger.commitBlock(List.of(NET.tx().write("after", "damage").build())))
                    .isInstanceOfSatisfying(LedgerCorruptionException.class, e -> assertThat(e.blockNumber()).isEqualTo(block))
                    .hasMessageContaining("takes no new blocks until the block files are restored");
            assertThat(ledger.height()).isEqualTo(BLOCKS + 1);
        }

        LedgerFiles.write(file, original);
        try (Ledger ledger = Ledger.open(LedgerOptions.of(copy, NET.orderer))) {
            assertThat(ledger.damage()).isEmpty();
            ledger.commitBlock(List.of(NET.tx().write("after", "restore").build()));
            assertThat(ledger.verify().isOk()).isTrue();
        }
    }
}
