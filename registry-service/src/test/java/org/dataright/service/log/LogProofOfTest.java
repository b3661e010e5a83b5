package org.dataright.service.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.LeafEntry;
import org.dataright.evidence.log.NoteVerifiers;
import org.dataright.evidence.log.TlogProof;
import org.dataright.evidence.log.TreeHash;
import org.dataright.service.log.LogBlocks.Tx;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding an act's leaf from its block and transaction id, and proving it under a checkpoint that covers it. */
class LogProofOfTest {
    private static final String ORIGIN = "dpr.example/registry/registry";

    @TempDir
    Path dir;

    /** An interval far beyond the test, so only the log's own decisions sign checkpoints. */
    private TransparencyLog open(Duration interval) {
        return new TransparencyLog(null, ORIGIN, dir, interval);
    }

    @Test
    void anActsLeafIsFoundByTransactionIdAndProvenAfterARestart() {
        Block b0 = LogBlocks.block(0, Tx.valid("tx-0", "rights", "k0"));
        Block b1 = LogBlocks.block(1, Tx.invalid("tx-bad", TxValidationCode.MVCC_READ_CONFLICT, "rights", "k"),
                Tx.valid("tx-a", "rights", "ka"), Tx.valid("tx-b", "rights", "kb"));
        Block b2 = LogBlocks.block(2);
        Block b3 = LogBlocks.block(3, Tx.valid("tx-c", "rights", "kc"));
        try (TransparencyLog log = open(Duration.ZERO)) {
            for (Block b : new Block[] {b0, b1, b2, b3}) {
                log.append(b);
            }
        }
        try (TransparencyLog log = open(Duration.ZERO)) {
            TlogProof proof = log.proofOf("tx-b", 1, Duration.ofSeconds(5));
            assertThat(proof.index()).isEqualTo(2);
            Checkpoint c = proof.verify(TreeHash.leaf(LeafEntry.of(b1).get(1)), NoteVerifiers.ofKeys(log.vkey()));
            assertThat(c.size()).isEqualTo(4);
            assertThat(log.proofOf("tx-c", 3, Duration.ofSeconds(5)).index()).isEqualTo(3);
            assertThatThrownBy(() -> log.proofOf("tx-bad", 1, Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no valid transaction tx-bad");
            assertThatThrownBy(() -> log.proofOf("tx-a", 2, Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aBlockTheLogHasNotReadIsNotYetLogged() {
        try (TransparencyLog log = open(Duration.ZERO)) {
            log.append(LogBlocks.block(0, Tx.valid("tx-0", "rights", "k0")));
            assertThatThrownBy(() -> log.proofOf("tx-1", 1, Duration.ofMillis(100)))
                    .isInstanceOf(TransparencyLog.NotYetLogged.class).hasMessageContaining("has not read block 1");
        }
    }

    @Test
    void aLeafNoCheckpointCoversWaitsUntilOneIsDue() {
        try (TransparencyLog log = open(Duration.ofDays(1))) {
            // The log signed a checkpoint of the empty tree when it opened; the next is due only in a day.
            log.append(LogBlocks.block(0, Tx.valid("tx-0", "rights", "k0")));
            assertThatThrownBy(() -> log.proofOf("tx-0", 0, Duration.ofMillis(100)))
                    .isInstanceOf(TransparencyLog.NotYetLogged.class).hasMessageContaining("no checkpoint")
                    .hasMessageContaining("covers leaf 0");
            log.publish();
            assertThat(log.proofOf("tx-0", 0, Duration.ofMillis(100)).index()).isZero();
        }
    }
}
