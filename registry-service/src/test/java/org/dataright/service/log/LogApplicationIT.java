package org.dataright.service.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.EntryBundle;
import org.dataright.evidence.log.NoteVerifiers;
import org.dataright.evidence.log.SignedNote;
import org.dataright.evidence.log.TilePath;
import org.dataright.evidence.log.TileProofs;
import org.dataright.evidence.log.TreeHash;
import org.dataright.ledger.client.Committed;
import org.dataright.service.RegistryClient;
import org.dataright.service.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole service in embedded mode: a registered act becomes a leaf of the log, proven from the served
 * tiles under the served checkpoint; after a restart with the leaves file gone the log is rebuilt from the
 * ledger to the same tree.
 */
class LogApplicationIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path data;

    private ConfigurableApplicationContext context;
    private RegistryClient client;

    private void start() {
        context = TestServices.start(data);
        client = new RegistryClient(TestServices.baseUrl(context));
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aRegisteredActIsProvenFromTilesAndTheLogIsRebuiltFromTheLedger() throws Exception {
        start();
        RegistryClient.Participant enterprise = client.enrol(data, "enterprise", "tlog-enterprise");
        Committed act = client.registerAsset(enterprise,
                RegistryClient.assetDescription("tlog data set".getBytes(StandardCharsets.UTF_8)));

        String vkey = new String(client.getBytes("/tlog/vkey").body(), StandardCharsets.UTF_8).strip();
        Found found = awaitLeaf(act.transactionId(), vkey);
        assertThat(new String(found.entry(), StandardCharsets.UTF_8)).contains("\"block\":" + act.blockNumber() + ",");
        found.tiles().inclusionProof(found.index()).verify(TreeHash.leaf(found.entry()), found.checkpoint().rootHash());
        assertThat(Files.getPosixFilePermissions(data.resolve("tlog").resolve("log.key")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

        context.close();
        context = null;
        Files.delete(data.resolve("tlog").resolve("leaves"));
        start();

        Found again = awaitLeaf(act.transactionId(), vkey);
        assertThat(again.index()).isEqualTo(found.index());
        assertThat(again.entry()).isEqualTo(found.entry());
        TileProofs old = new TileProofs(found.checkpoint().size(), this::tile);
        assertThat(old.root()).isEqualTo(found.checkpoint().rootHash());
    }

    record Found(Checkpoint checkpoint, TileProofs tiles, long index, byte[] entry) {
    }

    /** Reads checkpoints until one covers the transaction's leaf; verifies each and its root from tiles. */
    private Found awaitLeaf(String txId, String vkey) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            var answer = client.getBytes("/tlog/checkpoint");
            if (answer.statusCode() == 200) {
                SignedNote note = SignedNote.parse(answer.body());
                note.verify(NoteVerifiers.ofKeys(vkey));
                Checkpoint checkpoint = Checkpoint.parse(note.text());
                TileProofs tiles = new TileProofs(checkpoint.size(), this::tile);
                assertThat(tiles.root()).isEqualTo(checkpoint.rootHash());
                for (long n = 0; n * TilePath.WIDTH < checkpoint.size(); n++) {
                    List<byte[]> bundle = EntryBundle.decode(tile(TilePath.entriesFor(n, checkpoint.size())));
                    for (int i = 0; i < bundle.size(); i++) {
                        if (new String(bundle.get(i), StandardCharsets.UTF_8).contains("\"txId\":\"" + txId + "\"")) {
                            long index = n * TilePath.WIDTH + i;
                            assertThat(tiles.leafHash(index)).isEqualTo(TreeHash.leaf(bundle.get(i)));
                            return new Found(checkpoint, tiles, index, bundle.get(i));
                        }
                    }
                }
            }
            assertThat(Instant.now()).as("the log never had a leaf of " + txId).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private byte[] tile(TilePath path) {
        try {
            var answer = client.getBytes("/tlog/" + path.path());
            assertThat(answer.statusCode()).as(path.path()).isEqualTo(200);
            return answer.body();
        } catch (Exception e) {
            throw new IllegalStateException(path.path() + ": " + e.getMessage(), e);
        }
    }
}
