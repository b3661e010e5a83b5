package org.dataright.evidence.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dataright.evidence.log.LogFixtures.b64;
import static org.dataright.evidence.log.LogFixtures.entries;
import static org.dataright.evidence.log.LogFixtures.treeOf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointTest {
    /** The example of c2sp.org/tlog-checkpoint and tlog-cosignature. */
    private static final String SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    private static final String SPEC_COSIGNED = SPEC_BODY + "\n"
            + "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
            + "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void theSpecExampleParsesAndRendersBack() {
        Checkpoint c = Checkpoint.parse(SPEC_BODY);
        assertThat(c.origin()).isEqualTo("example.com/behind-the-sofa");
        assertThat(c.size()).isEqualTo(20852163);
        assertThat(c.rootHash()).isEqualTo(b64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="));
        assertThat(c.extensions()).isEmpty();
        assertThat(c.text()).isEqualTo(SPEC_BODY);

        SignedNote note = SignedNote.parse(SPEC_COSIGNED.getBytes(StandardCharsets.UTF_8));
        assertThat(Checkpoint.parse(note.text())).isEqualTo(c);
        // The witness's cosignature states the time of the spec's signed-message example, "time 1679315147".
        assertThat(CosignatureVerifier.timestamp(note.signatures().get(1))).isEqualTo(1679315147L);
        // transparency-dev/formats note/note_cosigv1_test.go TestCoSigV1Timestamp.
        NoteSignature formats = new NoteSignature("w", 0, Arrays.copyOfRange(
                b64("ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA=="), 4, 76));
        assertThat(CosignatureVerifier.timestamp(formats)).isEqualTo(1727964367L);
        assertThatThrownBy(() -> CosignatureVerifier.timestamp(note.signatures().get(0))).hasMessageContaining("a cosignature/v1 has 72");
    }

    @Test
    void onlyTheExactFormParses() {
        String root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
        assertThat(Checkpoint.parse("o\n0\n" + root + "\n").size()).isZero();
        assertThat(Checkpoint.parse("o\n9223372036854775807\n" + root + "\n").size()).isEqualTo(Long.MAX_VALUE);
        assertThat(Checkpoint.parse("o\n1\n" + root + "\next one\nanother\n").extensions()).containsExactly("ext one", "another");
        for (String bad : List.of("o\n1\n" + root, "o\n1\n" + root + "\n\n", "\n1\n" + root + "\n", "o \n1\n" + root + "\n",
                " o\n1\n" + root + "\n", "o\n01\n" + root + "\n", "o\n00\n" + root + "\n", "o\n-1\n" + root + "\n",
                "o\n+1\n" + root + "\n", "o\n1 \n" + root + "\n", "o\n9223372036854775808\n" + root + "\n",
                "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n", "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n",
                "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx\n", "o\n1\n" + root + " \n", "o\n1\n" + root + "\n\next\n",
                "o\n1\n" + root + "\next \n", "o\r\n1\n" + root + "\n", "o\n1\n", "o\n1\n" + root + "\n\t\n", "",
                "o\n1\n" + root + "\n" + "e\n".repeat(98))) {
            assertThatThrownBy(() -> Checkpoint.parse(bad)).as(bad.replace("\n", "\\n")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Checkpoint.parse("o\n012\n" + root + "\n"))
                .hasMessage("checkpoint size (line 2) '012' is not a decimal number without leading zeros");
        assertThatThrownBy(() -> Checkpoint.parse("o\n1\n" + base64Of(new byte[31]) + "\n"))
                .hasMessage("checkpoint root hash (line 3) must be 32 bytes, not 31 bytes");
        assertThatThrownBy(() -> new Checkpoint("o", 1, new byte[32], List.of("two\nlines"))).hasMessageContaining("must be one line");
    }

    private static String base64Of(byte[] b) {
        return java.util.Base64.getEncoder().encodeToString(b);
    }

    @Test
    void aLogSignsItsCheckpointAndAReaderOpensIt() {
        MerkleTree tree = treeOf(entries(10));
        Ed25519NoteSigner log = Ed25519NoteSigner.generate("log.dataright.example/evidence");
        Checkpoint c = Checkpoint.of(log.name(), tree);
        byte[] published = SignedNote.sign(c.text(), log).bytes();

        SignedNote opened = SignedNote.parse(published);
        opened.verify(NoteVerifiers.ofKeys(log.verifier().vkey()));
        assertThat(Checkpoint.parse(opened.text())).isEqualTo(c);
        assertThat(Checkpoint.parse(opened.text()).rootHash()).isEqualTo(tree.root());
    }

    @Test
    void aCosignatureSignsTheDocumentedBytes() throws Exception {
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        CosignatureSigner witness = CosignatureSigner.fromSeed("witness.example/w1", seed, CLOCK);
        byte[] text = SPEC_BODY.getBytes(StandardCharsets.UTF_8);
        byte[] sig = witness.sign(text, 1679315147L);

        assertThat(sig).hasSize(72);
        assertThat(ByteBuffer.wrap(sig).getLong()).isEqualTo(1679315147L);
        // Checked with the JDK directly over the message as tlog-cosignature spells it.
        byte[] message = ("cosignature/v1\ntime 1679315147\n" + SPEC_BODY).getBytes(StandardCharsets.UTF_8);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(publicKey(witness.verifier().publicKey()));
        jdk.update(message);
        assertThat(jdk.verify(Arrays.copyOfRange(sig, 8, 72))).isTrue();
        // RFC 8032 section 7.1 test 1: the key of this seed.
        assertThat(HexFormat.of().formatHex(witness.verifier().publicKey()))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        // The key ID is SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4].
        byte[] id = Rfc6962Reference.sha256("witness.example/w1\n".getBytes(StandardCharsets.UTF_8), new byte[] {4},
                witness.verifier().publicKey());
        assertThat(witness.keyId()).isEqualTo(ByteBuffer.wrap(id).getInt());
        assertThat(witness.verifier().vkey()).startsWith("witness.example/w1+" + HexFormat.of().formatHex(id, 0, 4) + "+BN");
    }

    @Test
    void cosignaturesVerifyOnlyOverTheirCheckpointAndTime() {
        CosignatureSigner witness = CosignatureSigner.generate("witness.example/w1", CLOCK);
        Ed25519NoteSigner log = Ed25519NoteSigner.generate("log.example");
        String body = "log.example\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\nextension\n";
        SignedNote note = SignedNote.sign(body, log).withSignature(witness);
        NoteVerifiers witnesses = NoteVerifiers.ofKeys(witness.verifier().vkey());

        assertThat(note.verifiedBy(witnesses)).containsExactly(witness.verifier());
        assertThat(CosignatureVerifier.timestamp(note.signatures().get(1))).isEqualTo(CLOCK.instant().getEpochSecond());
        NoteSignature cosig = note.signatures().get(1);
        // Another timestamp in the signature bytes, another body (the extension line is signed too).
        byte[] bytes = cosig.signature();
        bytes[7] ^= 1;
        assertThatThrownBy(() -> new SignedNote(body, List.of(new NoteSignature(cosig.keyName(), cosig.keyId(), bytes)))
                .verifiedBy(witnesses)).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> new SignedNote(body.replace("extension", "extensioN"), List.of(cosig)).verifiedBy(witnesses))
                .hasMessageContaining("does not verify");
        // The same key as a plain Ed25519 note key has another key ID: the cosignature is not its signature.
        NoteVerifiers asNoteKey = NoteVerifiers.of(Ed25519NoteVerifier.of(witness.name(), witness.verifier().publicKey()));
        assertThat(note.verifiedBy(asNoteKey)).isEmpty();
        assertThatThrownBy(() -> witness.sign(new byte[0], -1)).hasMessageContaining("must not be negative");
    }

    private static PublicKey publicKey(byte[] raw) throws Exception {
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(raw));
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }
}
