package org.dataright.evidence.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.ConsistencyProof;
import org.dataright.evidence.log.CosignatureSigner;
import org.dataright.evidence.log.Ed25519NoteSigner;
import org.dataright.evidence.log.InclusionProof;
import org.dataright.evidence.log.MerkleTree;
import org.dataright.evidence.log.NoteVerifier;
import org.dataright.evidence.log.NoteVerifiers;
import org.dataright.evidence.log.ProofException;
import org.dataright.evidence.log.SignedNote;
import org.dataright.evidence.log.TilePath;
import org.dataright.evidence.log.TlogPolicy;
import org.dataright.evidence.log.TlogProof;
import org.junit.jupiter.api.Test;

/**
 * The transparency log's parsers and proof verifiers on arbitrary input. In every build this runs in
 * regression mode over the seeds in {@code TransparencyLogFuzzTestInputs/<method>/};
 * {@code JAZZER_FUZZ=1} fuzzes. The properties: parsers refuse only with
 * {@link IllegalArgumentException}, and what they accept renders back to the very same bytes (one
 * spelling per value); a verifier accepts a proof only if it is the tree's own proof.
 */
public class TransparencyLogFuzzTest {
    /** A fixed log of 37 entries, signed by a fixed key and cosigned by a fixed witness at a fixed time. */
    static final MerkleTree TREE = new MerkleTree();
    static final Ed25519NoteSigner LOG = Ed25519NoteSigner.fromSeed("log.dataright.example/fuzz", seed(1));
    static final CosignatureSigner WITNESS = CosignatureSigner.fromSeed("witness.dataright.example/fuzz", seed(2),
            Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC));
    static final NoteVerifiers LOG_KEY = NoteVerifiers.of(LOG.verifier());
    static final NoteVerifiers KEYS = NoteVerifiers.of(LOG.verifier(), WITNESS.verifier());
    private static final byte[] NO_ROOT = Arrays.copyOf("a root of no tree of this log".getBytes(StandardCharsets.UTF_8), 32);
    /** Every hash any proof of the tree holds, so fuzzed paths are made of real nodes as often as not. */
    private static final List<byte[]> NODES = new ArrayList<>();

    static {
        for (int i = 0; i < 37; i++) {
            TREE.append(("fuzz entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, byte[]> distinct = new LinkedHashMap<>();
        for (long size = 1; size <= TREE.size(); size++) {
            distinct.put(HexFormat.of().formatHex(TREE.root(size)), TREE.root(size));
            for (long i = 0; i < size; i++) {
                TREE.inclusionProof(i, size).path().forEach(h -> distinct.put(HexFormat.of().formatHex(h), h));
                TREE.consistencyProof(i, size).path().forEach(h -> distinct.put(HexFormat.of().formatHex(h), h));
            }
        }
        NODES.addAll(distinct.values());
    }

    @FuzzTest(maxDuration = "1m")
    void parseNote(byte[] input) {
        SignedNote note;
        try {
            note = SignedNote.parse(input);
        } catch (IllegalArgumentException refused) {
            return; // the documented refusal; any other exception is a finding
        }
        if (!Arrays.equals(note.bytes(), input)) {
            throw new AssertionError("a parsed note does not render back to its bytes");
        }
        List<NoteVerifier> verified;
        try {
            verified = note.verifiedBy(KEYS);
        } catch (IllegalArgumentException badSignature) {
            verified = List.of();
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(note.text());
        } catch (IllegalArgumentException notACheckpoint) {
            return;
        }
        if (!checkpoint.text().equals(note.text())) {
            throw new AssertionError("a parsed checkpoint does not render back to its text");
        }
        if (verified.contains(LOG.verifier()) && checkpoint.size() <= TREE.size()
                && !Arrays.equals(checkpoint.rootHash(), TREE.root(checkpoint.size()))) {
            throw new AssertionError("a checkpoint the log never signed verified under its key");
        }
    }

    @FuzzTest(maxDuration = "1m")
    void parseProof(byte[] input) {
        TlogProof proof;
        try {
            proof = TlogProof.parse(input);
        } catch (IllegalArgumentException refused) {
            return;
        }
        if (!Arrays.equals(proof.bytes(), input)) {
            throw new AssertionError("a parsed tlog proof does not render back to its bytes");
        }
        if (proof.index() >= TREE.size()) {
            return;
        }
        Checkpoint verified;
        try {
            verified = proof.verify(TREE.leafHash(proof.index()), LOG_KEY);
        } catch (IllegalArgumentException refused) {
            return;
        }
        if (!proof.inclusionProof().equals(TREE.inclusionProof(proof.index(), verified.size()))) {
            throw new AssertionError("a tlog proof verified that is not the tree's proof");
        }
    }

    @FuzzTest(maxDuration = "1m")
    void verifyProofs(FuzzedDataProvider data) {
        long size = data.consumeLong(0, TREE.size() + 3);
        long other = data.consumeLong(0, TREE.size() + 3);
        List<byte[]> path = new ArrayList<>();
        for (int n = data.consumeInt(0, 8); n > 0; n--) {
            path.add(data.consumeBoolean() ? NODES.get(data.consumeInt(0, NODES.size() - 1)) : data.consumeBytes(32));
        }
        byte[] leaf = data.consumeBoolean() ? NODES.get(data.consumeInt(0, NODES.size() - 1)) : data.consumeBytes(32);
        // A root always belongs with its size, as a verified checkpoint gives them: the fuzzer picks neither.
        byte[] root = rootOf(size);
        byte[] otherRoot = rootOf(other);
        InclusionProof inclusion;
        ConsistencyProof consistency;
        try {
            inclusion = new InclusionProof(other, size, path);
            consistency = new ConsistencyProof(other, size, path);
        } catch (IllegalArgumentException refused) {
            return; // a hash that is not 32 bytes
        }
        if (accepts(() -> inclusion.verify(leaf, root))
                && !(size <= TREE.size() && Arrays.equals(leaf, TREE.leafHash(other))
                        && inclusion.equals(TREE.inclusionProof(other, size)))) {
            throw new AssertionError("accepted an inclusion proof that is not the tree's: " + inclusion);
        }
        // The empty tree is consistent with every tree, whatever its root, and a tree with itself, by the empty proof.
        if (accepts(() -> consistency.verify(otherRoot, root)) && !(other == 0 || other == size ? path.isEmpty()
                : size <= TREE.size() && consistency.equals(TREE.consistencyProof(other, size)))) {
            throw new AssertionError("accepted a consistency proof that is not the tree's: " + consistency);
        }
    }

    /** A tlog policy parses only to a policy that renders back to an equal one, and judges a checkpoint by refusing or passing. */
    @FuzzTest(maxDuration = "1m")
    void parsePolicy(String input) {
        TlogPolicy policy;
        try {
            policy = TlogPolicy.parse(input);
        } catch (IllegalArgumentException refused) {
            return;
        }
        if (!TlogPolicy.parse(policy.render()).equals(policy)) {
            throw new AssertionError("a parsed tlog policy does not read back from its rendering");
        }
        SignedNote checkpoint = SignedNote.sign(Checkpoint.of(LOG.name(), TREE).text(), LOG).withSignature(WITNESS);
        try {
            policy.verify(checkpoint);
        } catch (IllegalArgumentException refused) {
            // the documented refusal: another log, or a quorum not met
        }
    }

    @FuzzTest(maxDuration = "1m")
    void parseTilePath(String input) {
        TilePath path;
        try {
            path = TilePath.parse(input);
        } catch (IllegalArgumentException refused) {
            return;
        }
        if (!path.path().equals(input)) {
            throw new AssertionError("tile path " + input + " parses but renders as " + path.path());
        }
    }

    /** The tree's root of that size; beyond the tree, a root no path leads to (a root the fuzzer chose, it would match). */
    private static byte[] rootOf(long size) {
        return size <= TREE.size() ? TREE.root(size) : NO_ROOT;
    }

    private static boolean accepts(Runnable verification) {
        try {
            verification.run();
            return true;
        } catch (ProofException refused) {
            return false;
        }
    }

    @Test
    void theSeedsAreValidAndVerify() {
        SignedNote note = SignedNote.parse(resource("parseNote/cosigned-checkpoint.txt"));
        assertThat(note.verify(KEYS)).hasSize(2);
        assertThat(Checkpoint.parse(note.text()).rootHash()).isEqualTo(TREE.root());
        TlogProof proof = TlogProof.parse(resource("parseProof/leaf-17.tlog-proof"));
        assertThat(proof.verify(TREE.leafHash(17), LOG_KEY).size()).isEqualTo(37);
        assertThat(TlogProof.parse(resource("parseProof/extra-leaf-0.tlog-proof")).extra()).isNotNull();
    }

    /** Writes the seeds (run by hand when the formats change): {@code main(<resources dir>/TransparencyLogFuzzTestInputs)}. */
    public static void main(String[] args) throws IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
        SignedNote note = SignedNote.sign(Checkpoint.of(LOG.name(), TREE).text(), LOG).withSignature(WITNESS);
        write(dir.resolve("parseNote/cosigned-checkpoint.txt"), note.bytes());
        write(dir.resolve("parseProof/leaf-17.tlog-proof"), TlogProof.of(TREE, 17, note, null).bytes());
        write(dir.resolve("parseProof/extra-leaf-0.tlog-proof"),
                TlogProof.of(TREE, 0, SignedNote.sign(Checkpoint.of(LOG.name(), TREE).text(), LOG), new byte[] {1, 2, 3}).bytes());
        write(dir.resolve("parseTilePath/partial"), "tile/0/x001/x234/067.p/17".getBytes(StandardCharsets.UTF_8));
        write(dir.resolve("parseTilePath/entries"), "tile/entries/000".getBytes(StandardCharsets.UTF_8));
    }

    private static void write(java.nio.file.Path file, byte[] bytes) throws IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.write(file, bytes);
    }

    private static byte[] seed(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) n);
        return seed;
    }

    private static byte[] resource(String name) {
        try (InputStream in = TransparencyLogFuzzTest.class.getResourceAsStream("TransparencyLogFuzzTestInputs/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read test resource " + name, e);
        }
    }
}
