package org.dataright.evidence.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.dataright.evidence.certificate.CertificateContent;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.crypto.IssuerKey;
import org.dataright.evidence.fixture.LoggedAct;
import org.dataright.evidence.fixture.Tamper;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.CosignatureSigner;
import org.dataright.evidence.log.Ed25519NoteSigner;
import org.dataright.evidence.log.MerkleTree;
import org.dataright.evidence.log.NoteSignature;
import org.dataright.evidence.log.SignedNote;
import org.dataright.evidence.log.TlogPolicy;
import org.dataright.evidence.log.TlogProof;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version 2 certificates: the act's own envelope and a transparency-log proof. Each way the log proof can
 * be wrong fails the check it concerns, with the issuer's signature intact (a dishonest issuer signs again).
 */
class CertificateV2Test {
    private static LoggedAct logged;
    private static IssuerKey issuerKey;

    @BeforeAll
    static void log() {
        logged = LoggedAct.create();
        issuerKey = logged.reg().network().issuerKey(SignatureAlgorithm.ECDSA_P256_SHA256);
    }

    private static VerificationResult verify(String json) {
        return Verifier.forBundle(logged.bundle()).verify(json);
    }

    @Test
    void aCompactCertificatePassesEveryCheckAndCarriesNoOtherActsEnvelope() {
        EvidenceCertificate cert = logged.compact();
        VerificationResult result = Verifier.forBundle(logged.bundle()).verify(cert, logged.reg().digests());

        assertThat(result.failures()).isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.checks()).extracting(Check::name).contains("log-checkpoint", "log-leaf", "log-inclusion",
                "log-consistency");
        assertThat(result.checks()).filteredOn(c -> c.name().equals("block-data-hash")).singleElement()
                .extracting(Check::status).isEqualTo(Check.Status.SKIPPED);
        String json = cert.toJson();
        assertThat(cert.content().version()).isEqualTo(CertificateContent.VERSION_2);
        assertThat(cert.mediaType()).isEqualTo(EvidenceCertificate.MEDIA_TYPE_V2);
        assertThat(json).doesNotContain("blockEnvelopes").doesNotContain("transactionsFilter")
                .doesNotContain(unrelatedTxId())
                .doesNotContain(Base64.getEncoder().encodeToString(logged.reg().block1().getData().getData(0).toByteArray()));
        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(16 * 1024);
        assertThat(EvidenceCertificate.from(json)).isEqualTo(cert);
    }

    private static String unrelatedTxId() {
        return org.dataright.evidence.fabric.EndorserTransaction.parse(logged.reg().block1().getData().getData(0))
                .transactionId();
    }

    @Test
    void aFullBlockCertificateAlsoRecomputesTheDataHash() {
        VerificationResult result = verify(logged.full().toJson());
        assertThat(result.failures()).isEmpty();
        assertThat(result.checks()).filteredOn(c -> c.name().equals("block-data-hash")).singleElement()
                .extracting(Check::status).isEqualTo(Check.Status.PASSED);
        assertThat(logged.full().toJson()).contains("blockEnvelopes")
                .contains(Base64.getEncoder().encodeToString(logged.reg().block1().getData().getData(0).toByteArray()));
    }

    @Test
    void aVersion1CertificateStillVerifiesAndHasNoLogChecks() {
        VerificationResult result = verify(logged.reg().certificate().toJson());
        assertThat(result.passed()).isTrue();
        assertThat(result.checks()).extracting(Check::name).doesNotContain("log-checkpoint", "log-inclusion");
    }

    @Test
    void theIssuerRefusesAProofThatDoesNotProveTheAct() {
        TlogProof other = TlogProof.of(logged.tree(), logged.index() + 1, logged.checkpoint(), null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoggedAct.issue(logged.reg(), other, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not prove this act's leaf");
    }

    // ---- bad log proofs, each failing its named check ----

    private static String withProof(TlogProof proof) {
        return withProofText(proof.render());
    }

    private static String withProofText(String text) {
        return Tamper.resign(logged.compact(), issuerKey, t -> t.put("logProof", text));
    }

    private static void failsOnly(String json, CheckName expected, String reasonPart) {
        VerificationResult result = verify(json);
        assertThat(result.checks()).filteredOn(c -> c.name().equals(CheckName.ISSUER_SIGNATURE.id())).singleElement()
                .extracting(Check::status).isEqualTo(Check.Status.PASSED);
        assertThat(result.failures()).extracting(Check::name).first().isEqualTo(expected.id());
        assertThat(result.failures().get(0).reason()).contains(reasonPart);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void aForgedPathFailsInclusion() {
        List<byte[]> path = new ArrayList<>(logged.proof().path());
        path.set(0, flip(path.get(0)));
        failsOnly(withProof(new TlogProof(null, logged.index(), path, logged.checkpoint())), CheckName.LOG_INCLUSION,
                "recomputes the root");
    }

    @Test
    void aPathWithAMissingHashFailsInclusion() {
        List<byte[]> path = new ArrayList<>(logged.proof().path());
        path.remove(path.size() - 1);
        failsOnly(withProof(new TlogProof(null, logged.index(), path, logged.checkpoint())), CheckName.LOG_INCLUSION,
                "path has");
    }

    @Test
    void anotherIndexFailsInclusion() {
        failsOnly(withProof(new TlogProof(null, logged.index() - 1, logged.proof().path(), logged.checkpoint())),
                CheckName.LOG_INCLUSION, "recomputes the root");
    }

    @Test
    void anIndexBeyondTheTreeFailsInclusion() {
        failsOnly(withProof(new TlogProof(null, logged.tree().size(), logged.proof().path(), logged.checkpoint())),
                CheckName.LOG_INCLUSION, "not below the tree size");
    }

    @Test
    void aProofForAnotherLeafFailsInclusion() {
        failsOnly(withProof(TlogProof.of(logged.tree(), logged.index() + 1, logged.checkpoint(), null)),
                CheckName.LOG_INCLUSION, "recomputes the root");
    }

    @Test
    void aPathOfAnotherTreeSizeFailsInclusion() {
        // A genuine checkpoint of the whole tree, with the path the leaf has in the smaller tree of 3 leaves.
        MerkleTree tree = logged.tree();
        TlogProof proof = new TlogProof(null, logged.index(), tree.inclusionProof(logged.index(), 3).path(),
                logged.checkpoint());
        failsOnly(withProof(proof), CheckName.LOG_INCLUSION, "path has");
    }

    @Test
    void aCheckpointWithAnotherSizeFailsItsSignature() {
        String text = logged.proof().render();
        String size = "\n" + logged.tree().size() + "\n";
        String changed = text.replace(size, "\n" + (logged.tree().size() + 1) + "\n");
        assertThat(changed).isNotEqualTo(text);
        failsOnly(withProofText(changed), CheckName.LOG_CHECKPOINT, "does not verify");
    }

    @Test
    void aCheckpointSignedByAnUnknownKeyFails() {
        Ed25519NoteSigner rogue = Ed25519NoteSigner.generate(LoggedAct.ORIGIN);
        SignedNote forged = LoggedAct.sign(logged.tree(), logged.tree().size(), rogue);
        failsOnly(withProof(new TlogProof(null, logged.index(), logged.proof().path(), forged)), CheckName.LOG_CHECKPOINT,
                "no signature by a known key");
    }

    @Test
    void aCheckpointOfAnotherOriginFails() {
        Ed25519NoteSigner other = Ed25519NoteSigner.generate("other.example/log");
        SignedNote note = LoggedAct.sign(logged.tree(), logged.tree().size(), other);
        failsOnly(withProof(new TlogProof(null, logged.index(), logged.proof().path(), note)), CheckName.LOG_CHECKPOINT,
                "is not a log of the policy");
    }

    @Test
    void aTruncatedNoteFailsTheCheckpoint() {
        String text = logged.proof().render();
        failsOnly(withProofText(text.substring(0, text.length() - 20)), CheckName.LOG_CHECKPOINT, "tlog-proof");
    }

    @Test
    void aNoteWithTooManySignatureLinesFailsTheCheckpoint() {
        SignedNote note = logged.checkpoint();
        List<NoteSignature> sigs = new ArrayList<>(note.signatures());
        StringBuilder text = new StringBuilder(new TlogProof(null, logged.index(), logged.proof().path(), note).render());
        for (int i = 0; i < SignedNote.MAX_SIGNATURES; i++) {
            text.append(new NoteSignature("w" + i, i, new byte[72]).line());
        }
        assertThat(sigs).hasSize(1);
        failsOnly(withProofText(text.toString()), CheckName.LOG_CHECKPOINT, "signature lines");
    }

    @Test
    void anOversizedLogProofIsNotAWellFormedCertificate() {
        String huge = logged.proof().render() + "x".repeat(70 * 1024);
        VerificationResult result = verify(withProofText(huge));
        assertThat(result.failures()).extracting(Check::name).containsExactly(CheckName.FORMAT.id());
        assertThat(result.failures().get(0).reason()).contains("logProof has more than");
    }

    @Test
    void aBundleWithoutATlogPolicyTrustsNoLog() {
        VerificationResult result = Verifier.forBundle(logged.bundle().withTlogPolicy(null)).verify(logged.compact().toJson());
        assertThat(result.failures()).extracting(Check::name).first().isEqualTo(CheckName.LOG_CHECKPOINT.id());
        assertThat(result.failures().get(0).reason()).contains("no tlog policy");
    }

    @Test
    void aChangedEnvelopeFailsTheLeafInclusion() {
        // The dishonest issuer swaps in the other registration's envelope, still stating this act's position.
        String other = Base64.getEncoder().encodeToString(logged.reg().block2().getData().getData(0).toByteArray());
        VerificationResult result = verify(Tamper.resign(logged.compact(), issuerKey, t -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                t.get("proof")).put("envelope", other)));
        assertThat(result.failures()).extracting(Check::name).contains(CheckName.LOG_INCLUSION.id());
    }

    // ---- witnesses and quorum ----

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:03Z"), ZoneOffset.UTC);

    private static TrustBundle withWitnesses(String policyTail, CosignatureSigner... witnesses) {
        StringBuilder p = new StringBuilder("log " + logged.logKey().verifier().vkey() + "\n");
        for (CosignatureSigner w : witnesses) {
            p.append("witness ").append(w.name().replace('/', '-')).append(' ').append(w.verifier().vkey()).append('\n');
        }
        return logged.bundle().withTlogPolicy(TlogPolicy.parse(p + policyTail));
    }

    @Test
    void aCheckpointPassesWhenTheQuorumOfWitnessesCosigned() {
        CosignatureSigner judiciary = CosignatureSigner.generate("judiciary.example/witness", CLOCK);
        CosignatureSigner exchange = CosignatureSigner.generate("exchange.example/witness", CLOCK);
        TrustBundle bundle = withWitnesses("group both all judiciary.example-witness exchange.example-witness\nquorum both\n",
                judiciary, exchange);
        SignedNote one = logged.checkpoint().withSignature(judiciary);
        SignedNote two = one.withSignature(exchange);

        VerificationResult passing = Verifier.forBundle(bundle).verify(withProof(new TlogProof(null, logged.index(),
                logged.proof().path(), two)));
        assertThat(passing.failures()).isEmpty();
        assertThat(passing.checks()).filteredOn(c -> c.name().equals("log-checkpoint")).singleElement()
                .extracting(Check::reason).asString().contains("cosigned by judiciary.example-witness, exchange.example-witness");
        assertThat(passing.check(CheckName.TRUSTED_TIME).orElseThrow().reason()).startsWith("trusted time "
                + "2026-11-23T10:00:03Z (cosignature of witness judiciary.example-witness); claimed by the client "
                + "2026-11-23T10:00:00.123456789Z, within the 60 s window");

        VerificationResult short1 = Verifier.forBundle(bundle).verify(withProof(new TlogProof(null, logged.index(),
                logged.proof().path(), one)));
        assertThat(short1.failures()).extracting(Check::name).containsExactly(CheckName.LOG_CHECKPOINT.id());
        assertThat(short1.failures().get(0).reason()).contains("quorum 'both' is not met");
    }

    @Test
    void aClaimAfterTheWitnessesCosignedTheActFailsTrustedTime() {
        // The witness cosigned a checkpoint holding the act at 09:00; the client's header claims 10:00:00.12.
        CosignatureSigner judiciary = CosignatureSigner.generate("judiciary.example/witness",
                Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC));
        TrustBundle bundle = withWitnesses("quorum judiciary.example-witness\n", judiciary);

        VerificationResult result = Verifier.forBundle(bundle).verify(withProof(new TlogProof(null, logged.index(),
                logged.proof().path(), logged.checkpoint().withSignature(judiciary))));

        assertThat(result.failures()).extracting(Check::name).containsExactly(CheckName.TRUSTED_TIME.id());
        assertThat(result.failures().get(0).reason()).isEqualTo("the client claims 2026-11-23T10:00:00.123456789Z, "
                + "3600 s after the trusted time 2026-11-23T09:00:00Z (cosignature of witness judiciary.example-witness) by "
                + "which the act was recorded: the claimed time is forward-dated beyond the 60 s window");
    }

    @Test
    void aCosignatureOverAnotherRootFailsTheCheckpoint() {
        CosignatureSigner judiciary = CosignatureSigner.generate("judiciary.example/witness", CLOCK);
        TrustBundle bundle = withWitnesses("quorum judiciary.example-witness\n", judiciary);
        // The witness cosigned a checkpoint of a smaller tree; its signature line is moved onto this one.
        SignedNote other = LoggedAct.sign(logged.tree(), 2, logged.logKey()).withSignature(judiciary);
        NoteSignature moved = other.signatures().get(1);
        List<NoteSignature> sigs = new ArrayList<>(logged.checkpoint().signatures());
        sigs.add(moved);
        SignedNote spliced = new SignedNote(logged.checkpoint().text(), sigs);
        VerificationResult result = Verifier.forBundle(bundle).verify(withProof(new TlogProof(null, logged.index(),
                logged.proof().path(), spliced)));
        assertThat(result.failures()).extracting(Check::name).containsExactly(CheckName.LOG_CHECKPOINT.id());
        assertThat(result.failures().get(0).reason()).contains("judiciary.example/witness").contains("does not verify");
    }

    // ---- split views ----

    /** A certificate of the same act whose checkpoint is of {@code tree} at {@code size}, signed by the real log key. */
    private static String certificateAt(MerkleTree tree, long size) {
        SignedNote note = LoggedAct.sign(tree, size, logged.logKey());
        return withProof(TlogProof.of(tree, logged.index(), note, null));
    }

    /** The log's tree with {@code extra} more leaves. */
    private static MerkleTree grown(int extra, String tag) {
        MerkleTree tree = new MerkleTree();
        for (long i = 0; i < logged.tree().size(); i++) {
            tree.appendLeafHash(logged.tree().leafHash(i));
        }
        for (int i = 0; i < extra; i++) {
            tree.append((tag + i).getBytes(StandardCharsets.UTF_8));
        }
        return tree;
    }

    @Test
    void twoCheckpointsOfOneSizeWithDifferentRootsAreASplitView() {
        Verifier verifier = Verifier.forBundle(logged.bundle()).remembering(SeenCheckpoints.inMemory(), null);
        MerkleTree a = grown(3, "a");
        MerkleTree b = grown(3, "b");
        VerificationResult first = verifier.verify(certificateAt(a, a.size()));
        assertThat(first.passed()).isTrue();
        VerificationResult again = verifier.verify(certificateAt(a, a.size()));
        assertThat(again.checks()).filteredOn(c -> c.name().equals("log-consistency")).singleElement()
                .extracting(Check::status).isEqualTo(Check.Status.PASSED);

        VerificationResult fork = verifier.verify(certificateAt(b, b.size()));
        assertThat(fork.failures()).extracting(Check::name).containsExactly(CheckName.LOG_CONSISTENCY.id());
        String reason = fork.failures().get(0).reason();
        assertThat(reason).contains("split view").contains(Base64.getEncoder().encodeToString(a.root()))
                .contains(Base64.getEncoder().encodeToString(b.root()));
    }

    @Test
    void aLargerCheckpointIsComparedOnlineByAConsistencyProof() {
        MerkleTree honest = grown(5, "a");
        MerkleTree forked = grown(5, "b");
        long small = logged.tree().size() + 2;
        // The online source serves the honest log's proofs.
        ConsistencyProofs online = (log, size1, size2) -> honest.consistencyProof(size1, size2);
        Verifier verifier = Verifier.forBundle(logged.bundle()).remembering(SeenCheckpoints.inMemory(), online);
        assertThat(verifier.verify(certificateAt(honest, small)).passed()).isTrue();

        VerificationResult consistent = verifier.verify(certificateAt(honest, honest.size()));
        assertThat(consistent.failures()).isEmpty();
        assertThat(consistent.checks()).filteredOn(c -> c.name().equals("log-consistency")).singleElement()
                .extracting(Check::status).isEqualTo(Check.Status.PASSED);

        Verifier fresh = Verifier.forBundle(logged.bundle()).remembering(SeenCheckpoints.inMemory(), online);
        assertThat(fresh.verify(certificateAt(honest, small)).passed()).isTrue();
        VerificationResult inconsistent = fresh.verify(certificateAt(forked, forked.size()));
        assertThat(inconsistent.failures()).extracting(Check::name).containsExactly(CheckName.LOG_CONSISTENCY.id());
        assertThat(inconsistent.failures().get(0).reason()).contains("split view")
                .contains(Base64.getEncoder().encodeToString(honest.root(small)))
                .contains(Base64.getEncoder().encodeToString(forked.root()));
    }

    @Test
    void anotherRegistrysLogOfTheSameOriginIsNotASplitView() {
        SeenCheckpoints seen = SeenCheckpoints.inMemory();
        MerkleTree a = grown(3, "a");
        assertThat(Verifier.forBundle(logged.bundle()).remembering(seen, null).verify(certificateAt(a, a.size())).passed())
                .isTrue();
        // A second registry whose log has the default origin too, but its own key.
        Ed25519NoteSigner otherKey = Ed25519NoteSigner.generate(LoggedAct.ORIGIN);
        LoggedAct other = LoggedAct.create(logged.reg(), otherKey);
        MerkleTree b = grown(3, "b");
        SignedNote note = LoggedAct.sign(b, b.size(), otherKey);
        String json = Tamper.resign(logged.compact(), issuerKey,
                t -> t.put("logProof", TlogProof.of(b, logged.index(), note, null).render()));
        VerificationResult result = Verifier.forBundle(other.bundle()).remembering(seen, null).verify(json);
        assertThat(result.failures()).isEmpty();
        assertThat(seen.of(otherKey.verifier().vkey())).hasSize(1);
        assertThat(seen.of(logged.logKey().verifier().vkey())).hasSize(1);
    }

    @Test
    void offlineACheckpointOfAnotherSizeIsNotJudged() {
        MerkleTree tree = grown(4, "a");
        Verifier verifier = Verifier.forBundle(logged.bundle()).remembering(SeenCheckpoints.inMemory(), null);
        verifier.verify(certificateAt(tree, tree.size() - 1));
        VerificationResult later = verifier.verify(certificateAt(tree, tree.size()));
        assertThat(later.passed()).isTrue();
        assertThat(later.checks()).filteredOn(c -> c.name().equals("log-consistency")).singleElement()
                .satisfies(c -> {
                    assertThat(c.status()).isEqualTo(Check.Status.SKIPPED);
                    assertThat(c.reason()).contains("--online");
                });
    }

    @Test
    void theSeenCheckpointsSurviveInTheirFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dpr").resolve("seen-checkpoints");
        MerkleTree a = grown(3, "a");
        MerkleTree b = grown(3, "b");
        Verifier.forBundle(logged.bundle()).remembering(SeenCheckpoints.inFile(file), null).verify(certificateAt(a, a.size()));

        SeenCheckpoints reread = SeenCheckpoints.inFile(file);
        assertThat(reread.of(logged.logKey().verifier().vkey()))
                .containsExactly(new Checkpoint(LoggedAct.ORIGIN, a.size(), a.root()));
        assertThat(java.nio.file.Files.readString(file)).isEqualTo("dpr-seen-checkpoints/v1\n" + a.size() + " "
                + Base64.getEncoder().encodeToString(a.root()) + " " + logged.logKey().verifier().vkey() + "\n");
        VerificationResult fork = Verifier.forBundle(logged.bundle()).remembering(reread, null).verify(certificateAt(b, b.size()));
        assertThat(fork.failures()).extracting(Check::name).containsExactly(CheckName.LOG_CONSISTENCY.id());
    }

    @Test
    void aDamagedSeenCheckpointsFileIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("seen-checkpoints");
        java.nio.file.Files.writeString(file, "dpr-seen-checkpoints/v1\n12 not-base64! " + logged.logKey().verifier().vkey() + "\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SeenCheckpoints.inFile(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
    }

    private static byte[] flip(byte[] hash) {
        byte[] copy = hash.clone();
        copy[0] ^= 1;
        return copy;
    }
}
