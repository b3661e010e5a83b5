package org.dataright.service.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.EntryBundle;
import org.dataright.evidence.log.InclusionProof;
import org.dataright.evidence.log.LeafEntry;
import org.dataright.evidence.log.NoteVerifiers;
import org.dataright.evidence.log.SignedNote;
import org.dataright.evidence.log.TilePath;
import org.dataright.evidence.log.TileProofs;
import org.dataright.evidence.log.TreeHash;
import org.dataright.service.log.LogBlocks.Tx;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The log as a client sees it over HTTP: a checkpoint signed by the vkey's key, tiles from which the
 * checkpoint's root and an act's inclusion proof are recomputed, cache headers, problems for bad paths.
 */
@WebMvcTest(TlogController.class)
class LogHttpTest {
    private static final String ORIGIN = "dpr.example/registry/registry";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TransparencyLogs logs;

    @TempDir
    Path dir;

    private TransparencyLog log;

    @BeforeEach
    void open() {
        log = new TransparencyLog(null, ORIGIN, dir, Duration.ofSeconds(1));
        given(logs.log()).willReturn(log);
        // 300 leaves: one full tile at level 0 and a partial one, the act in the middle of block 10.
        LogBlocks.blocks(0, 10, 30).forEach(log::append);
        log.append(LogBlocks.block(10, Tx.valid("tx-act", "rights", "right~R-1", "asset~A-1")));
        LogBlocks.blocks(11, 1, 29).forEach(log::append);
        log.publish();
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void aClientVerifiesTheCheckpointRecomputesTheRootFromTilesAndProvesAnAct() throws Exception {
        String vkey = body("/tlog/vkey").strip();
        SignedNote note = SignedNote.parse(bytes("/tlog/checkpoint"));
        note.verify(NoteVerifiers.ofKeys(vkey));
        Checkpoint checkpoint = Checkpoint.parse(note.text());
        assertThat(checkpoint.origin()).isEqualTo(ORIGIN);
        assertThat(checkpoint.size()).isEqualTo(330);

        TileProofs tiles = new TileProofs(checkpoint.size(), path -> bytes("/tlog/" + path.path()));
        assertThat(tiles.root()).isEqualTo(checkpoint.rootHash());

        // Find the act's entry in the entry bundles and prove it from tiles alone.
        long index = -1;
        byte[] entry = null;
        for (long n = 0; n <= checkpoint.size() / TilePath.WIDTH && index < 0; n++) {
            List<byte[]> bundle = EntryBundle.decode(bytes("/tlog/" + TilePath.entriesFor(n, checkpoint.size()).path()));
            for (int i = 0; i < bundle.size(); i++) {
                if (new String(bundle.get(i), StandardCharsets.UTF_8).contains("\"txId\":\"tx-act\"")) {
                    index = n * TilePath.WIDTH + i;
                    entry = bundle.get(i);
                }
            }
        }
        assertThat(index).isEqualTo(300);
        Block act = LogBlocks.block(10, Tx.valid("tx-act", "rights", "right~R-1", "asset~A-1"));
        assertThat(entry).isEqualTo(LeafEntry.of(act).get(0));
        InclusionProof proof = tiles.inclusionProof(index);
        proof.verify(TreeHash.leaf(entry), checkpoint.rootHash());
        assertThat(tiles.leafHash(index)).isEqualTo(TreeHash.leaf(entry));
    }

    @Test
    void fullTilesAreImmutablePartialOnesShortLived() throws Exception {
        mvc.perform(get("/tlog/tile/0/000"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_OCTET_STREAM))
                .andExpect(header().string("Cache-Control", "max-age=31536000, public, immutable"))
                .andExpect(content().bytes(log.tree().tile(TilePath.parse("tile/0/000"))));
        mvc.perform(get("/tlog/tile/0/001.p/74"))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "max-age=5, public"));
        mvc.perform(get("/tlog/tile/entries/001.p/74"))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "max-age=5, public"));
        mvc.perform(get("/tlog/checkpoint"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN));
    }

    @Test
    void badPathsAreProblems() throws Exception {
        mvc.perform(get("/tlog/tile/0/1"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("INVALID_TILE_PATH"));
        mvc.perform(get("/tlog/tile/0/001"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("TILE_NOT_FOUND"));
        mvc.perform(get("/tlog/tile/0/001.p/75"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/tlog/tile/entries/002"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("TILE_NOT_FOUND"));
        mvc.perform(get("/tlog/tile/1/000"))
                .andExpect(status().isNotFound());
    }

    private byte[] bytes(String path) {
        try {
            return mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + ": " + e.getMessage(), e);
        }
    }

    private String body(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }
}
