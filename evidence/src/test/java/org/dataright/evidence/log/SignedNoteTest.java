package org.dataright.evidence.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedNoteTest {
    // The example of golang.org/x/mod/sumdb/note (its package documentation and note_test.go), the reference
    // implementation of the format. Ed25519 is deterministic, so signing must reproduce the note exactly.
    private static final String GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String GO_SIG = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    private static final String GO_NOTE = GO_TEXT + "\n" + GO_SIG;

    // The example of c2sp.org/signed-note, "Verifier keys".
    private static final String SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    private static final String SPEC_NOTE = "This is an example message.\n\n"
            + "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    @Test
    void signingTheGoExampleReproducesItByteForByte() {
        Ed25519NoteSigner signer = Ed25519NoteSigner.parse(GO_SKEY);

        assertThat(signer.verifier().vkey()).isEqualTo(GO_VKEY);
        assertThat(String.format("%08x", signer.keyId())).isEqualTo("c74f20a3");
        assertThat(signer.signerKey()).isEqualTo(GO_SKEY);
        assertThat(SignedNote.sign(GO_TEXT, signer).render()).isEqualTo(GO_NOTE);
        assertThat(signer.toString()).doesNotContain("AYEKFALV");
    }

    @Test
    void theExamplesVerifyWithTheirKeys() {
        SignedNote go = SignedNote.parse(GO_NOTE.getBytes(StandardCharsets.UTF_8));
        assertThat(go.text()).isEqualTo(GO_TEXT);
        assertThat(go.verify(NoteVerifiers.ofKeys(GO_VKEY))).extracting(NoteVerifier::name).containsExactly("PeterNeumann");

        SignedNote spec = SignedNote.parse(SPEC_NOTE.getBytes(StandardCharsets.UTF_8));
        assertThat(spec.text()).isEqualTo("This is an example message.\n");
        assertThat(spec.signatures().get(0).keyIdHex()).isEqualTo("530d903a");
        assertThat(spec.verify(NoteVerifiers.ofKeys(SPEC_VKEY))).hasSize(1);
        assertThat(spec.bytes()).isEqualTo(SPEC_NOTE.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void verifierKeysOfOtherImplementationsParseToTheirKeyIds() {
        // transparency-dev/formats note/note_cosigv1_test.go: an Ed25519 vkey and a native cosignature/v1 one.
        NoteVerifier ed = NoteVerifiers.parseKey("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6");
        assertThat(ed).isInstanceOf(Ed25519NoteVerifier.class);
        assertThat(ed.vkey()).isEqualTo("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6");
        NoteVerifier cosigner = NoteVerifiers.parseKey("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2");
        assertThat(cosigner).isInstanceOf(CosignatureVerifier.class);
        assertThat(cosigner.name()).isEqualTo("remora.n621.de");
    }

    @Test
    void badVerifierKeysAreRefused() {
        for (String bad : List.of(
                // golang.org/x/mod/sumdb/note note_test.go: wrong key length and unknown algorithm, key IDs adjusted.
                "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
                "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW=",
                "PeterNeumann+c74f20a3",
                "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                // The type byte 0x01 and 32 bytes that are no curve point.
                NoteVerifiers.vkey("bad", NoteKeyType.ED25519.keyId("bad", notAPoint()), NoteKeyType.ED25519, notAPoint()))) {
            assertThatThrownBy(() -> NoteVerifiers.parseKey(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> NoteVerifiers.parseKey("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessage("verifier key of PeterNeumann: key ID c74f20a4 is not the c74f20a3 its name, type and key give");
    }

    /** y = 2: no x satisfies the curve equation for it. */
    private static byte[] notAPoint() {
        byte[] y = new byte[32];
        y[0] = 2;
        return y;
    }

    @Test
    void malformedNotesAreRefused() {
        // The bad messages of golang.org/x/mod/sumdb/note note_test.go, and more.
        for (String bad : List.of(GO_TEXT, GO_TEXT + "\n", GO_TEXT + "\n" + GO_SIG.strip(), "\u0001" + GO_NOTE,
                GO_TEXT + "\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
                GO_NOTE + "Unexpected line.\n", GO_NOTE + "\n", GO_TEXT.replace("\n", "\r\n") + "\n" + GO_SIG,
                GO_TEXT + "\n" + GO_SIG.replace("\u2014 ", "- "), GO_TEXT + "\n" + GO_SIG.replace("\u2014 ", "\u2014  "),
                GO_TEXT + "\n" + GO_SIG.replace("AM=\n", "AM= \n"), GO_TEXT + "\n" + GO_SIG.replace("AM=\n", "AM\n"),
                GO_TEXT + "\n" + GO_SIG.replace("AM=\n", "AN=\n"), GO_TEXT + "\n\u2014 PeterNeumann AAAA\n",
                GO_TEXT + "\n\u2014 Peter+Neumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
                "\n" + GO_SIG.replace("\u2014 ", "\u2014\u00a0"), "")) {
            assertThatThrownBy(() -> SignedNote.parse(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] notUtf8 = ("?" + GO_NOTE).getBytes(StandardCharsets.UTF_8);
        notUtf8[0] = (byte) 0xff;
        assertThatThrownBy(() -> SignedNote.parse(notUtf8)).hasMessage("signed note is not valid UTF-8");
        assertThatThrownBy(() -> SignedNote.parse(GO_TEXT.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("signed note has no blank line between its text and its signatures");
    }

    @Test
    void everyTruncationOfANoteIsRefused() {
        byte[] note = GO_NOTE.getBytes(StandardCharsets.UTF_8);
        NoteVerifiers keys = NoteVerifiers.ofKeys(GO_VKEY);
        for (int length = 0; length < note.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(note, length);
            assertThatThrownBy(() -> SignedNote.parse(cut).verify(keys)).as("first %d bytes", length)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void sizeAndSignatureCountAreBounded() {
        String hundred = GO_TEXT + "\n" + GO_SIG.repeat(SignedNote.MAX_SIGNATURES);
        assertThat(SignedNote.parse(hundred).verify(NoteVerifiers.ofKeys(GO_VKEY))).hasSize(1);
        assertThatThrownBy(() -> SignedNote.parse(GO_TEXT + "\n" + GO_SIG.repeat(SignedNote.MAX_SIGNATURES + 1)))
                .hasMessage("signed note has more than 100 signature lines");
        byte[] big = new byte[SignedNote.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        assertThatThrownBy(() -> SignedNote.parse(big)).hasMessage("a signed note has at most 1048576 bytes, not 1048577");
        String text = "a".repeat(SignedNote.MAX_BYTES - 200) + "\n";
        Ed25519NoteSigner signer = Ed25519NoteSigner.generate("big.example");
        assertThat(SignedNote.parse(SignedNote.sign(text, signer).bytes()).text()).isEqualTo(text);
    }

    @Test
    void onlyKnownKeysCountAndAKnownKeyMustVerify() {
        Ed25519NoteSigner log = Ed25519NoteSigner.generate("log.example/a");
        Ed25519NoteSigner other = Ed25519NoteSigner.generate("other.example/b");
        SignedNote note = SignedNote.sign("hello\n", other, log);
        NoteVerifiers logKey = NoteVerifiers.of(log.verifier());

        assertThat(note.verify(logKey)).containsExactly(log.verifier());
        assertThat(note.verifiedBy(NoteVerifiers.of())).isEmpty();
        // Signed only by keys the reader does not know.
        assertThatThrownBy(() -> SignedNote.sign("hello\n", other).verify(logKey))
                .hasMessage("signed note: no signature by a known key (it is signed by other.example/b+"
                        + String.format("%08x", other.keyId()) + ")");
        // The same name with another key (another key ID) is another key: ignored, not trusted.
        Ed25519NoteSigner impostor = Ed25519NoteSigner.generate("log.example/a");
        assertThatThrownBy(() -> SignedNote.sign("hello\n", impostor).verify(logKey)).hasMessageContaining("no signature by a known key");
        // A known key's signature over a different text: the whole note is refused.
        NoteSignature sig = note.signatures().get(1);
        SignedNote moved = new SignedNote("hello!\n", List.of(sig));
        assertThatThrownBy(() -> moved.verify(logKey))
                .hasMessage("signed note: the signature of log.example/a (key ID " + sig.keyIdHex() + ") does not verify over the note's text");
        List<NoteSignature> both = new ArrayList<>(note.signatures());
        both.add(new NoteSignature(sig.keyName(), sig.keyId(), new byte[64]));
        assertThatThrownBy(() -> new SignedNote("hello\n", both).verify(logKey)).hasMessageContaining("does not verify");
        // Two verifiers for one (name, key ID) would make a line ambiguous.
        assertThatThrownBy(() -> NoteVerifiers.of(log.verifier(), Ed25519NoteVerifier.of(log.name(), log.verifier().publicKey())))
                .hasMessageContaining("a signature line could mean either");
    }

    @Test
    void aNoteRendersBackToItsBytesAndTextsMayHoldBlankLines() {
        Ed25519NoteSigner a = Ed25519NoteSigner.generate("a.example");
        Ed25519NoteSigner b = Ed25519NoteSigner.generate("b.example");
        SignedNote note = SignedNote.sign("first\n\nthird, after a blank line\n\n", a).withSignature(b);
        SignedNote parsed = SignedNote.parse(note.bytes());

        assertThat(parsed).isEqualTo(note);
        assertThat(parsed.text()).isEqualTo("first\n\nthird, after a blank line\n\n");
        assertThat(parsed.verify(NoteVerifiers.of(a.verifier(), b.verifier()))).hasSize(2);
        assertThatThrownBy(() -> SignedNote.sign("no newline", a)).hasMessage("a note text must end with a newline");
        assertThatThrownBy(() -> SignedNote.sign("tab\there\n", a)).hasMessageContaining("control character U+0009");
        assertThatThrownBy(() -> SignedNote.sign("lone \ud800 surrogate\n", a)).hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> Ed25519NoteSigner.generate("has space")).hasMessageContaining("has a space, a plus");
    }
}
