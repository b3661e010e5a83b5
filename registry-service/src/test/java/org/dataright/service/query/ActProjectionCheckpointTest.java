package org.dataright.service.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hyperledger.fabric.client.FileCheckpointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The act projection opens over what a kill can leave of its checkpoint; the ledger is not needed for that. */
class ActProjectionCheckpointTest {
    @TempDir
    Path dir;

    /** Finding 9: the projection retried a damaged block every 2 s for ever, and nothing said so. */
    @Test
    void aProjectionThatStaysAtABlockTheLedgerHasForLongerThanTheBoundIsStuck() throws Exception {
        try (FileCheckpointer checkpointer = new FileCheckpointer(dir.resolve("checkpoint.json"))) {
            checkpointer.checkpointBlock(4);
        }
        ActProjection projection = new ActProjection(null, "rights", dir, new ObjectMapper());
        try {
            java.time.Instant opened = java.time.Instant.now();
            java.time.Instant later = opened.plus(ActProjection.STUCK_AFTER).plusSeconds(5);
            assertThat(projection.stuck(9, later)).hasValueSatisfying(why -> assertThat(why)
                    .startsWith("the act projection has been waiting for block 5 since ").contains("the ledger's height is 9"));
            assertThat(projection.stuck(9, opened)).as("within the bound").isEmpty();
            assertThat(projection.stuck(5, later.plusSeconds(3600))).as("nothing to read: waiting is not stuck").isEmpty();
        } finally {
            projection.close();
        }
    }

    @Test
    void anIntactCheckpointIsResumedFrom() throws Exception {
        try (FileCheckpointer checkpointer = new FileCheckpointer(dir.resolve("checkpoint.json"))) {
            checkpointer.checkpointBlock(5);
        }
        ActProjection projection = new ActProjection(null, "rights", dir, new ObjectMapper());
        try {
            assertThat(projection.nextBlock()).isEqualTo(6);
            assertThat(dir.resolve("checkpoint.damaged.json")).doesNotExist();
        } finally {
            projection.close();
        }
    }

    @Test
    void anUnreadableCheckpointIsKeptAsideAndTheProjectionRebuiltFromBlockZero() throws Exception {
        new ActProjection(null, "rights", dir, new ObjectMapper()).close();
        Path acts = dir.resolve("acts");
        Files.writeString(acts.resolve("stale-marker"), "from before the crash");
        Files.writeString(dir.resolve("checkpoint.json"), "{\"blockNumber\":12,\"transac");

        ActProjection projection = new ActProjection(null, "rights", dir, new ObjectMapper());
        try {
            assertThat(projection.nextBlock()).isZero();
            assertThat(dir.resolve("checkpoint.damaged.json")).hasContent("{\"blockNumber\":12,\"transac");
            assertThat(acts.resolve("stale-marker")).doesNotExist();
        } finally {
            projection.close();
        }
    }
}
