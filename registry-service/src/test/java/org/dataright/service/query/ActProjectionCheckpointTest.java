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
