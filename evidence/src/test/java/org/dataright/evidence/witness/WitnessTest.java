package org.dataright.evidence.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.dataright.evidence.log.AddCheckpoint;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.CosignatureSigner;
import org.dataright.evidence.log.CosignatureVerifier;
import org.dataright.evidence.log.Ed25519NoteSigner;
import org.dataright.evidence.log.MerkleTree;
import org.dataright.evidence.log.NoteVerifiers;
import org.dataright.evidence.log.SignedNote;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WitnessTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC);
    private static final String ORIGIN = "registry.example/log";

    private final Ed25519NoteSigner log = Ed25519NoteSigner.generate(ORIGIN);
    private final CosignatureSigner witnessKey = CosignatureSigner.generate("judiciary.example/witness", CLOCK);
    private final MemoryStore store = new MemoryStore();
    private final List<byte[]> entries = entries(40);
    private Witness witness;

    @BeforeEach
    void newWitness() {
        witness = new Witness(witnessKey, Map.of(ORIGIN, NoteVerifiers.of(log.verifier())), store, null);
    }

    @Test
    void aGrowingLogIsCosignedAndTheCosignatureVerifies() {
        MerkleTree tree = treeOf(entries.subList(0, 10));
        Witness.Answer first = witness.addCheckpoint(request(0, tree, tree.size(), log).bytes());
        assertThat(first.status()).isEqualTo(200);
        SignedNote cosigned = Witness.cosigned(signed(tree, log), first.body(), witnessKey.verifier());
        assertThat(cosigned.verifiedBy(NoteVerifiers.of(witnessKey.verifier(), log.verifier()))).hasSize(2);
        assertThat(CosignatureVerifier.timestamp(cosigned.signatures().get(1))).isEqualTo(CLOCK.instant().getEpochSecond());

        MerkleTree bigger = treeOf(entries.subList(0, 33));
        assertThat(witness.addCheckpoint(request(10, bigger, bigger.size(), log).bytes()).status()).isEqualTo(200);
        assertThat(store.latest(ORIGIN).size()).isEqualTo(33);
        // The same checkpoint again is cosigned again (a fresh timestamp).
        assertThat(witness.addCheckpoint(request(33, bigger, bigger.size(), log).bytes()).status()).isEqualTo(200);
    }

    @Test
    void aForkedLogIsRefusedAndTheWitnessKeepsItsView() {
        MerkleTree tree = treeOf(entries.subList(0, 10));
        witness.addCheckpoint(request(0, tree, 10, log).bytes());
        List<byte[]> forked = new ArrayList<>(entries.subList(0, 20));
        forked.set(3, "entry 3, rewritten".getBytes(StandardCharsets.UTF_8));
        MerkleTree fork = treeOf(forked);
        // An honest-looking proof computed in the fork cannot bridge the witness's root to the fork's.
        Witness.Answer answer = witness.addCheckpoint(request(10, fork, 20, log).bytes());
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body()).contains("not consistent with the one of size 10");
        assertThat(store.latest(ORIGIN).size()).isEqualTo(10);

        MerkleTree sameSize = treeOf(forked.subList(0, 10));
        Witness.Answer split = witness.addCheckpoint(request(10, sameSize, 10, log).bytes());
        assertThat(split.status()).isEqualTo(409);
        assertThat(split.body()).contains("split view").contains(HexFormat.of().formatHex(tree.root()));
    }

    @Test
    void aStaleOldSizeIsAnsweredWithTheSizeTheWitnessHas() {
        MerkleTree tree = treeOf(entries.subList(0, 10));
        witness.addCheckpoint(request(0, tree, 10, log).bytes());
        MerkleTree bigger = treeOf(entries.subList(0, 12));
        Witness.Answer answer = witness.addCheckpoint(request(0, bigger, 12, log).bytes());
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.contentType()).isEqualTo(Witness.SIZE_CONTENT_TYPE);
        assertThat(answer.body()).isEqualTo("10\n");
    }

    @Test
    void unknownLogsKeysAndBadBodiesAreRefusedWithTheSpecsStatus() {
        MerkleTree tree = treeOf(entries.subList(0, 5));
        Ed25519NoteSigner stranger = Ed25519NoteSigner.generate(ORIGIN);
        assertThat(witness.addCheckpoint(request(0, tree, 5, stranger).bytes()).status()).isEqualTo(403);
        Ed25519NoteSigner otherLog = Ed25519NoteSigner.generate("other.example/log");
        assertThat(witness.addCheckpoint(request(0, tree, 5, otherLog).bytes()).status()).isEqualTo(404);
        assertThat(witness.addCheckpoint("old 01\n\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(witness.addCheckpoint("garbage".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        String tooBig = "old 9\n\n" + signed(tree, log).render();
        assertThat(witness.addCheckpoint(tooBig.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(store.latest(ORIGIN)).isNull();
    }

    @Test
    void aFullAuditWitnessRefusesARootItCannotReproduceAndWaitsUntilItsCopyCatchesUp() {
        MerkleTree own = treeOf(entries.subList(0, 30));
        Witness.Auditor auditor = (origin, size) -> size <= own.size() ? own.root(size) : null;
        Witness audit = new Witness(witnessKey, Map.of(ORIGIN, NoteVerifiers.of(log.verifier())), store, auditor);
        List<byte[]> other = new ArrayList<>(entries.subList(0, 8));
        other.set(7, "an entry the ledger does not hold".getBytes(StandardCharsets.UTF_8));
        Witness.Answer refused = audit.addCheckpoint(request(0, treeOf(other), 8, log).bytes());
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("own copy of the ledger");
        assertThat(audit.addCheckpoint(request(0, treeOf(entries.subList(0, 35)), 35, log).bytes()).status())
                .isEqualTo(503);
        assertThat(audit.addCheckpoint(request(0, treeOf(entries.subList(0, 30)), 30, log).bytes()).status())
                .isEqualTo(200);
    }

    @Test
    void aClientLearnsTheWitnessesSizeAndNamesARefusal() {
        MerkleTree tree = treeOf(entries.subList(0, 17));
        new WitnessClient(witnessKey.verifier(), witness::addCheckpoint).cosign(signed(treeOf(entries.subList(0, 4)), log),
                (a, b) -> tree.consistencyProof(a, b).path());
        // A new client (a restarted service) does not know the witness cosigned size 4 and learns it from a 409.
        WitnessClient client = new WitnessClient(witnessKey.verifier(), witness::addCheckpoint);
        SignedNote cosigned = client.cosign(signed(tree, log), (a, b) -> tree.consistencyProof(a, b).path());
        assertThat(cosigned.verifiedBy(NoteVerifiers.of(witnessKey.verifier()))).hasSize(1);
        assertThat(store.latest(ORIGIN).size()).isEqualTo(17);

        List<byte[]> forked = new ArrayList<>(entries.subList(0, 25));
        forked.set(0, "a rewritten first act".getBytes(StandardCharsets.UTF_8));
        MerkleTree fork = treeOf(forked);
        assertThatThrownBy(() -> client.cosign(signed(fork, log), (a, b) -> fork.consistencyProof(a, b).path()))
                .isInstanceOf(WitnessClient.WitnessException.class)
                .hasMessageContaining("refused the checkpoint of size 25 (HTTP 422)");
        WitnessClient unreachable = new WitnessClient(witnessKey.verifier(), body -> {
            throw new java.io.IOException("connection refused");
        });
        assertThatThrownBy(() -> unreachable.cosign(signed(tree, log), (a, b) -> List.of()))
                .hasMessageContaining("cannot be reached: connection refused");
    }

    @Test
    void aRequestRendersAndParsesBack() {
        MerkleTree tree = treeOf(entries.subList(0, 21));
        AddCheckpoint request = request(13, tree, 21, log);
        assertThat(AddCheckpoint.parse(request.bytes()).render()).isEqualTo(request.render());
        assertThat(request.render()).startsWith("old 13\n");
    }

    private static List<byte[]> entries(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(("entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static MerkleTree treeOf(List<byte[]> entries) {
        MerkleTree tree = new MerkleTree();
        entries.forEach(tree::append);
        return tree;
    }

    private static SignedNote signed(MerkleTree tree, Ed25519NoteSigner key) {
        return SignedNote.sign(Checkpoint.of(key.name(), tree).text(), key);
    }

    private static AddCheckpoint request(long oldSize, MerkleTree tree, long size, Ed25519NoteSigner key) {
        assertThat(tree.size()).as("test trees are built at the checkpoint's size").isEqualTo(size);
        List<byte[]> proof = oldSize == 0 || oldSize > size ? List.of() : tree.consistencyProof(oldSize, size).path();
        return new AddCheckpoint(oldSize, proof, signed(tree, key));
    }

    private static final class MemoryStore implements Witness.Store {
        private final Map<String, Checkpoint> latest = new HashMap<>();

        @Override
        public Checkpoint latest(String origin) {
            return latest.get(origin);
        }

        @Override
        public void record(Checkpoint checkpoint) {
            latest.put(checkpoint.origin(), checkpoint);
        }
    }
}
