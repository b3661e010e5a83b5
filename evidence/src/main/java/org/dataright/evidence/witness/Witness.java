package org.dataright.evidence.witness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.dataright.evidence.log.AddCheckpoint;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.CosignatureSigner;
import org.dataright.evidence.log.CosignatureVerifier;
import org.dataright.evidence.log.NoteSignature;
import org.dataright.evidence.log.NoteVerifiers;
import org.dataright.evidence.log.ProofException;
import org.dataright.evidence.log.SignedNote;

/**
 * A c2sp.org/tlog-witness: for each log it knows (by origin and key) it cosigns a checkpoint only when
 * the checkpoint is consistent with the last one it cosigned, so that a log cannot show two
 * histories to two audiences without one witness refusing. A <em>full-audit</em> witness also has an
 * {@link Auditor} that recomputes the tree from its own copy of the ledger and refuses a root it
 * cannot reproduce. The answers are the spec's HTTP statuses; the transport is the caller's.
 * Thread-safe: checking the old size and recording the new checkpoint happen atomically, as the
 * spec demands (otherwise two requests could roll the recorded size back).
 */
public final class Witness {
    /** Where a witness keeps the last checkpoint it cosigned per origin; {@link #record} is durable before it returns. */
    public interface Store {
        /** The last checkpoint cosigned for {@code origin}, or null if none. */
        Checkpoint latest(String origin);

        void record(Checkpoint checkpoint);
    }

    /** Recomputes a log's root from the witness's own copy of what the log is made of. */
    public interface Auditor {
        /** The root of the first {@code size} leaves of the log {@code origin}, or null while its copy is shorter. */
        byte[] rootAt(String origin, long size);
    }

    /** An answer to add-checkpoint: an HTTP status, a content type and a body. */
    public record Answer(int status, String contentType, String body) {
        static Answer text(int status, String body) {
            return new Answer(status, "text/plain; charset=utf-8", body + "\n");
        }
    }

    public static final String SIZE_CONTENT_TYPE = "text/x.tlog.size";

    private final CosignatureSigner signer;
    private final Map<String, NoteVerifiers> logs;
    private final Store store;
    private final Auditor auditor;

    /**
     * @param logs the logs this witness cosigns: origin to the keys its checkpoints are signed with
     * @param auditor null for a witness that checks consistency only
     */
    public Witness(CosignatureSigner signer, Map<String, NoteVerifiers> logs, Store store, Auditor auditor) {
        if (signer == null || store == null || logs == null || logs.isEmpty()) {
            throw new IllegalArgumentException("a witness needs its cosigning key, a store and at least one log");
        }
        this.signer = signer;
        this.logs = Map.copyOf(logs);
        this.store = store;
        this.auditor = auditor;
    }

    public CosignatureVerifier verifier() {
        return signer.verifier();
    }

    /** Handles one add-checkpoint request body. */
    public synchronized Answer addCheckpoint(byte[] body) {
        AddCheckpoint request;
        Checkpoint checkpoint;
        try {
            request = AddCheckpoint.parse(body);
            checkpoint = Checkpoint.parse(request.checkpoint().text());
        } catch (IllegalArgumentException e) {
            return Answer.text(400, e.getMessage());
        }
        NoteVerifiers keys = logs.get(checkpoint.origin());
        if (keys == null) {
            return Answer.text(404, "this witness does not witness the log '" + checkpoint.origin() + "'");
        }
        try {
            if (request.checkpoint().verifiedBy(keys).isEmpty()) {
                return Answer.text(403, "the checkpoint is not signed by a key this witness trusts for '"
                        + checkpoint.origin() + "'");
            }
        } catch (IllegalArgumentException e) {
            return Answer.text(403, e.getMessage());
        }
        if (request.oldSize() > checkpoint.size()) {
            return Answer.text(400, "the old size " + request.oldSize() + " is larger than the checkpoint's size "
                    + checkpoint.size());
        }
        Checkpoint latest = store.latest(checkpoint.origin());
        long latestSize = latest == null ? 0 : latest.size();
        if (request.oldSize() != latestSize) {
            return new Answer(409, SIZE_CONTENT_TYPE, latestSize + "\n");
        }
        if (latest != null) {
            if (checkpoint.size() == latest.size()) {
                if (!Arrays.equals(checkpoint.rootHash(), latest.rootHash())) {
                    return Answer.text(409, "split view: this witness cosigned another root for size " + latest.size()
                            + " (" + hex(latest.rootHash()) + ", not " + hex(checkpoint.rootHash()) + ")");
                }
            } else {
                try {
                    request.consistencyProof(checkpoint.size()).verify(latest.rootHash(), checkpoint.rootHash());
                } catch (ProofException e) {
                    return Answer.text(422, "the checkpoint of size " + checkpoint.size()
                            + " is not consistent with the one of size " + latest.size() + " cosigned before: "
                            + e.getMessage());
                }
            }
        }
        if (auditor != null) {
            byte[] own = auditor.rootAt(checkpoint.origin(), checkpoint.size());
            if (own == null) {
                return Answer.text(503, "this witness's copy of the ledger has not reached " + checkpoint.size()
                        + " leaves yet; try again");
            }
            if (!Arrays.equals(own, checkpoint.rootHash())) {
                return Answer.text(422, "the root " + hex(checkpoint.rootHash()) + " of size " + checkpoint.size()
                        + " is not the one this witness computes from its own copy of the ledger (" + hex(own) + ")");
            }
        }
        store.record(checkpoint);
        byte[] text = request.checkpoint().text().getBytes(StandardCharsets.UTF_8);
        NoteSignature cosignature = new NoteSignature(signer.name(), signer.keyId(), signer.sign(text));
        return new Answer(200, "text/plain; charset=utf-8", cosignature.line());
    }

    /** The cosignature lines of a 200 answer added to {@code checkpoint}, verified against {@code witness}. */
    public static SignedNote cosigned(SignedNote checkpoint, String answerBody, CosignatureVerifier witness) {
        SignedNote with = SignedNote.parse(checkpoint.text() + "\n" + answerBody);
        with.verify(NoteVerifiers.of(witness));
        NoteSignature line = with.signatures().stream()
                .filter(s -> s.keyName().equals(witness.name()) && s.keyId() == witness.keyId())
                .findFirst().orElseThrow();
        List<NoteSignature> all = new ArrayList<>(checkpoint.signatures());
        all.removeIf(s -> s.keyName().equals(witness.name()) && s.keyId() == witness.keyId());
        all.add(line);
        return new SignedNote(checkpoint.text(), all);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
