package org.dataright.evidence.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dataright.evidence.log.LogFixtures.entries;
import static org.dataright.evidence.log.LogFixtures.treeOf;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlogProofTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void aProofRendersParsesAndVerifies() {
        MerkleTree tree = treeOf(entries(13));
        Ed25519NoteSigner log = Ed25519NoteSigner.generate("log.example/evidence");
        SignedNote checkpoint = SignedNote.sign(Checkpoint.of(log.name(), tree).text(), log);
        TlogProof proof = TlogProof.of(tree, 6, checkpoint, "context".getBytes(StandardCharsets.UTF_8));

        String text = proof.render();
        assertThat(text).startsWith("c2sp.org/tlog-proof@v1\nextra Y29udGV4dA==\nindex 6\n");
        assertThat(text).contains("\n\nlog.example/evidence\n13\n");
        TlogProof parsed = TlogProof.parse(proof.bytes());
        assertThat(parsed).isEqualTo(proof);
        assertThat(parsed.render()).isEqualTo(text);
        Checkpoint verified = parsed.verify(TreeHash.leaf(entries(13).get(6)), NoteVerifiers.of(log.verifier()));
        assertThat(verified.size()).isEqualTo(13);

        assertThatThrownBy(() -> parsed.verify(TreeHash.leaf(entries(13).get(5)), NoteVerifiers.of(log.verifier())))
                .isInstanceOf(ProofException.class);
        Ed25519NoteSigner other = Ed25519NoteSigner.generate("log.example/evidence");
        assertThatThrownBy(() -> parsed.verify(TreeHash.leaf(entries(13).get(6)), NoteVerifiers.of(other.verifier())))
                .hasMessageContaining("no signature by a known key");
        TlogProof noExtra = TlogProof.of(tree, 0, checkpoint, null);
        assertThat(noExtra.render()).startsWith("c2sp.org/tlog-proof@v1\nindex 0\n");
        assertThat(TlogProof.parse(noExtra.render())).isEqualTo(noExtra);
    }

    @Test
    void malformedProofsAreRefused() {
        MerkleTree tree = treeOf(entries(4));
        Ed25519NoteSigner log = Ed25519NoteSigner.generate("log.example");
        String good = TlogProof.of(tree, 1, SignedNote.sign(Checkpoint.of(log.name(), tree).text(), log), null).render();
        String[] lines = good.split("\n", -1);
        List<String> bad = new ArrayList<>(List.of("", good.substring(0, good.length() - 1), good.replace("tlog-proof@v1", "tlog-proof@v2"),
                good.replace("index 1\n", "index 01\n"), good.replace("index 1\n", "index  1\n"), good.replace("index 1\n", "index -1\n"),
                good.replace("index 1\n", "index 1\nindex 1\n"), good.replace("index 1\n", "extra \nindex 1\n"),
                good.replace("index 1\n", ""), good.replace("\n\nlog.example", "\nlog.example"),
                good.replace(lines[2] + "\n", lines[2].substring(1) + "\n"), good.replace(lines[2] + "\n", lines[2] + " \n"),
                good.replace("index 1\n", "index 99999999999999999999\n"), good.replace("index 1\n", "index 1\r\n")));
        bad.add(good.replace(lines[2] + "\n", (lines[2] + "\n").repeat(65)));
        for (String b : bad) {
            assertThatThrownBy(() -> TlogProof.parse(b)).as(b).isInstanceOf(IllegalArgumentException.class);
        }
        // The checkpoint must be a checkpoint.
        String notACheckpoint = good.substring(0, good.indexOf("\n\n") + 2) + SignedNote.sign("hello\n", log).render();
        assertThatThrownBy(() -> TlogProof.parse(notACheckpoint)).hasMessageContaining("checkpoint has 1 lines");
    }

    @Test
    void aWitnessedLogEndToEnd() {
        // The log appends, signs its checkpoint, and asks three witnesses to cosign with a consistency proof
        // from the size each cosigned last; a client trusts two of three and verifies offline.
        Ed25519NoteSigner log = Ed25519NoteSigner.generate("log.dataright.example/evidence");
        List<CosignatureSigner> witnesses = List.of(CosignatureSigner.generate("w1.example", CLOCK),
                CosignatureSigner.generate("w2.example", CLOCK), CosignatureSigner.generate("w3.example", CLOCK));
        MerkleTree tree = new MerkleTree();
        long[] witnessed = new long[witnesses.size()];
        byte[][] witnessedRoot = {TreeHash.emptyRoot(), TreeHash.emptyRoot(), TreeHash.emptyRoot()};
        SignedNote latest = null;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 7 + round; i++) {
                tree.append(("round " + round + " entry " + i).getBytes(StandardCharsets.UTF_8));
            }
            Checkpoint checkpoint = Checkpoint.of(log.name(), tree);
            SignedNote note = SignedNote.sign(checkpoint.text(), log);
            for (int w = 0; w < witnesses.size(); w++) {
                if (w == 2 && round == 3) {
                    continue; // a witness that is down this round catches up in the next
                }
                // What a witness checks (tlog-witness add-checkpoint): the log's signature and consistency.
                SignedNote received = SignedNote.parse(note.bytes());
                received.verify(NoteVerifiers.of(log.verifier()));
                Checkpoint c = Checkpoint.parse(received.text());
                tree.consistencyProof(witnessed[w], c.size()).verify(witnessedRoot[w], c.rootHash());
                witnessed[w] = c.size();
                witnessedRoot[w] = c.rootHash();
                note = note.withSignature(witnesses.get(w));
            }
            latest = note;
        }
        TlogProof proof = TlogProof.of(tree, 17, latest, null);

        TlogProof received = TlogProof.parse(proof.bytes());
        byte[] leaf = TreeHash.leaf("round 2 entry 2".getBytes(StandardCharsets.UTF_8));
        assertThat(tree.leafHash(17)).isEqualTo(leaf);
        Checkpoint c = received.verify(leaf, NoteVerifiers.of(log.verifier()));
        List<NoteVerifier> cosigned = received.signedCheckpoint().verifiedBy(
                NoteVerifiers.of(witnesses.get(0).verifier(), witnesses.get(1).verifier()));
        assertThat(cosigned).hasSize(2);
        assertThat(c.size()).isEqualTo(tree.size());
        assertThat(received.signedCheckpoint().signatures()).hasSize(4);
    }
}
