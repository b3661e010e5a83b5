package org.dataright.evidence.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** c2sp.org/tlog-policy: parsing as the spec words it, and quorum evaluation over groups. */
class TlogPolicyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Ed25519NoteSigner LOG = Ed25519NoteSigner.generate("registry.example/log");
    private static final CosignatureSigner X1 = CosignatureSigner.generate("x1.example", CLOCK);
    private static final CosignatureSigner X2 = CosignatureSigner.generate("x2.example", CLOCK);
    private static final CosignatureSigner X3 = CosignatureSigner.generate("x3.example", CLOCK);
    private static final CosignatureSigner Y1 = CosignatureSigner.generate("y1.example", CLOCK);

    /** The spec's example shape: two of the X witnesses and any Y witness. */
    private static final String POLICY = "# the registry and two organisations' witnesses\n"
            + "log " + LOG.verifier().vkey() + " https://registry.example/tlog/\n\n"
            + "witness X1 " + X1.verifier().vkey() + "\n"
            + "  witness\tX2 " + X2.verifier().vkey() + "  \n"
            + "witness X3 " + X3.verifier().vkey() + "\n"
            + "group X-witnesses 2 X1 X2 X3\n"
            + "witness Y1 " + Y1.verifier().vkey() + " https://y1.example/\n"
            + "group Y-witnesses any Y1\n"
            + "group X-and-Y all X-witnesses Y-witnesses\n"
            + "quorum X-and-Y\n";

    private static SignedNote checkpoint(NoteSigner... cosigners) {
        SignedNote note = SignedNote.sign(new Checkpoint(LOG.name(), 5, TreeHash.leaf(new byte[] {1})).text(), LOG);
        for (NoteSigner c : cosigners) {
            note = note.withSignature(c);
        }
        return note;
    }

    @Test
    void theQuorumIsMetOnlyWhenEveryGroupIs() {
        TlogPolicy policy = TlogPolicy.parse(POLICY);
        assertThat(policy.logs()).singleElement().satisfies(l -> assertThat(l.url()).isEqualTo("https://registry.example/tlog/"));
        assertThat(policy.witnesses()).extracting(TlogPolicy.Witness::name).containsExactly("X1", "X2", "X3", "Y1");

        assertThat(policy.verify(checkpoint(X1, X3, Y1)).cosigners()).containsExactly("X1", "X3", "Y1");
        assertThatThrownBy(() -> policy.verify(checkpoint(X1, Y1))).hasMessageContaining("quorum 'X-and-Y' is not met")
                .hasMessageContaining("[X1, Y1]");
        assertThatThrownBy(() -> policy.verify(checkpoint(X1, X2))).hasMessageContaining("not met");
        assertThatThrownBy(() -> policy.verify(checkpoint())).hasMessageContaining("no witness cosigned");
    }

    @Test
    void renderingReadsBackToTheSamePolicy() {
        TlogPolicy policy = TlogPolicy.parse(POLICY);
        assertThat(TlogPolicy.parse(policy.render())).isEqualTo(policy);
        assertThat(policy.render()).startsWith("log ").endsWith("quorum X-and-Y\n").doesNotContain("#");
    }

    @Test
    void quorumNoneNeedsOnlyTheLogsSignature() {
        TlogPolicy policy = TlogPolicy.ofLog(LOG.verifier().vkey(), null);
        assertThat(policy.verify(checkpoint()).log().key()).isEqualTo(LOG.verifier());
        assertThat(policy.render()).isEqualTo("log " + LOG.verifier().vkey() + "\nquorum none\n");
    }

    @Test
    void aCheckpointNotSignedByTheLogFails() {
        TlogPolicy policy = TlogPolicy.ofLog(LOG.verifier().vkey(), null);
        Ed25519NoteSigner impostor = Ed25519NoteSigner.generate(LOG.name());
        SignedNote note = SignedNote.sign(new Checkpoint(LOG.name(), 5, TreeHash.leaf(new byte[] {1})).text(), impostor);
        assertThatThrownBy(() -> policy.verify(note)).hasMessageContaining("not signed by the log's key");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no quorum           | LOGLINE                                   | no quorum line",
        "two quorums         | LOGLINE\\nquorum none\\nquorum none         | exactly one quorum line",
        "unknown keyword     | LOGLINE\\nwitnesses W KEY\\nquorum none     | not log, witness, group or quorum",
        "undefined quorum    | LOGLINE\\nquorum W                         | not none or a witness or group",
        "later definition    | LOGLINE\\ngroup G any W\\nwitness W WKEY\\nquorum G | not a witness or group defined on an earlier line",
        "member twice        | LOGLINE\\nwitness W WKEY\\ngroup G 1 W W\\nquorum G | listed twice",
        "threshold too high  | LOGLINE\\nwitness W WKEY\\ngroup G 2 W\\nquorum G | threshold '2'",
        "threshold zero      | LOGLINE\\nwitness W WKEY\\ngroup G 0 W\\nquorum G | threshold '0'",
        "none as a name      | LOGLINE\\nwitness none WKEY\\nquorum none   | 'none' is predefined",
        "name twice          | LOGLINE\\nwitness W WKEY\\ngroup W any W\\nquorum W | already defined",
        "log key as witness  | LOGLINE\\nwitness W LOGKEY\\nquorum W       | cosignature/v1 key",
        "witness key as log  | log WKEY\\nquorum none                     | Ed25519 note key",
        "same key twice      | LOGLINE\\nLOGLINE\\nquorum none             | same public key",
        "bad vkey            | log nope\\nquorum none                     | verifier key",
        "control character   | LOGLINE\\u0001\\nquorum none                | control character",
    })
    void aMalformedPolicyIsRefusedNamingWhy(String name, String text, String reason) {
        String policy = text.replace("\\n", "\n").replace("LOGLINE", "log " + LOG.verifier().vkey())
                .replace("\\u0001", "\u0001").replace("LOGKEY", LOG.verifier().vkey()).replace("WKEY", X1.verifier().vkey());
        assertThatThrownBy(() -> TlogPolicy.parse(policy)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
