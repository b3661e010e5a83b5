package org.dataright.service.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dataright.evidence.log.CosignatureSigner;
import org.dataright.evidence.log.CosignatureVerifier;
import org.dataright.evidence.log.MerkleTree;
import org.dataright.evidence.log.NoteVerifier;
import org.dataright.evidence.log.NoteVerifiers;
import org.dataright.evidence.log.SignedNote;
import org.dataright.evidence.witness.FileWitnessStore;
import org.dataright.evidence.witness.Witness;
import org.dataright.evidence.witness.WitnessClient;
import org.dataright.evidence.witness.WitnessKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The witnesses the log asks to cosign each new checkpoint (c2sp.org/tlog-witness), and the
 * c2sp.org/tlog-policy that says which cosignatures make a checkpoint valid: the log's key and a
 * quorum of these witnesses ({@code registry.tlog.witness-quorum}: all of them by default, or k of them, so
 * that a witness that is down does not leave checkpoints short of the quorum). The local witness (on by default) runs in this process with its own
 * key and record under {@code <data dir>/tlog/witness/}, spoken to in the protocol's own bytes, so the
 * embedded default exercises the whole protocol; in fabric mode the judiciary and the exchange run
 * {@code dpr witness serve} and are listed in {@code registry.tlog.witnesses}. A witness that refuses
 * or is down costs its cosignature on that checkpoint, never the checkpoint.
 */
final class CheckpointWitnesses {
    private static final Logger log = LoggerFactory.getLogger(CheckpointWitnesses.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private record Configured(WitnessClient client, URI url) {
    }

    private final List<Configured> witnesses;
    /** How many cosignatures the policy's quorum needs (0 without witnesses). */
    private final int quorum;

    private CheckpointWitnesses(List<Configured> witnesses, int quorum) {
        this.witnesses = List.copyOf(witnesses);
        this.quorum = quorum;
    }

    static CheckpointWitnesses configure(TlogProperties properties, Path tlogDirectory, NoteVerifier logKey, Clock clock) {
        List<Configured> witnesses = new ArrayList<>();
        if (properties.localWitness()) {
            String name = logKey.name() + "/local-witness";
            Path dir = tlogDirectory.resolve("witness");
            try {
                CosignatureSigner key = WitnessKey.loadOrCreate(dir.resolve("witness.key"), name, clock);
                Witness local = new Witness(key, Map.of(logKey.name(), NoteVerifiers.of(logKey)),
                        new FileWitnessStore(dir.resolve("state")), null);
                witnesses.add(new Configured(new WitnessClient(key.verifier(), local::addCheckpoint), null));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the local witness in " + dir + ": " + e.getMessage(), e);
            }
        }
        HttpClient http = properties.witnesses().isEmpty() ? null
                : HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        for (String spec : properties.witnesses()) {
            String[] parts = spec.strip().split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("registry.tlog.witnesses: '" + spec + "' is not '<vkey> <url>'");
            }
            NoteVerifier key = NoteVerifiers.parseKey(parts[0]);
            if (!(key instanceof CosignatureVerifier witness)) {
                throw new IllegalArgumentException("registry.tlog.witnesses: " + parts[0]
                        + " is not a witness's cosignature/v1 key (make one with 'dpr witness init')");
            }
            URI url = URI.create(parts[1]);
            witnesses.add(new Configured(new WitnessClient(witness, WitnessClient.http(http, url, TIMEOUT)), url));
        }
        return new CheckpointWitnesses(witnesses, quorum(properties.witnessQuorum(), witnesses.size()));
    }

    /** The number of cosignatures {@code setting} ({@code all}, {@code any} or k) asks of {@code count} witnesses. */
    static int quorum(String setting, int count) {
        if (setting.equals("all")) {
            return count;
        }
        if (setting.equals("any")) {
            return Math.min(1, count);
        }
        int k;
        try {
            k = Integer.parseInt(setting);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("registry.tlog.witness-quorum: '" + setting
                    + "' is not all, any or a number of witnesses", e);
        }
        if (k < 1 || k > count) {
            throw new IllegalArgumentException("registry.tlog.witness-quorum: " + k + " cosignatures cannot be had from the "
                    + count + " witnesses asked (the local witness counts when it is on)");
        }
        return k;
    }

    /**
     * The checkpoint with the cosignature of every witness that gave one; a refusal is logged and skipped, and so
     * is a checkpoint left short of the quorum.
     */
    SignedNote cosign(SignedNote checkpoint, MerkleTree tree) {
        SignedNote note = checkpoint;
        int cosigned = 0;
        for (Configured w : witnesses) {
            try {
                note = w.client().cosign(note, (oldSize, newSize) -> tree.consistencyProof(oldSize, newSize).path());
                cosigned++;
            } catch (WitnessClient.WitnessException e) {
                log.warn("no cosignature on this checkpoint: {}", e.getMessage());
            }
        }
        if (cosigned < quorum) {
            log.warn("the checkpoint has {} of the {} cosignatures the policy's quorum needs: verifiers refuse it until"
                    + " more witnesses cosign it", cosigned, quorum);
        }
        return note;
    }

    /** How many witnesses are asked. */
    int count() {
        return witnesses.size();
    }

    /** The c2sp.org/tlog-policy a verifier of this log's checkpoints should hold; {@code logUrl} may be null. */
    String policy(String logVkey, String logUrl) {
        StringBuilder b = new StringBuilder("log ").append(logVkey).append(logUrl == null ? "" : " " + logUrl).append('\n');
        List<String> names = new ArrayList<>();
        for (Configured w : witnesses) {
            String name = w.client().witness().name();
            names.add(name);
            b.append("witness ").append(name).append(' ').append(w.client().witness().vkey());
            if (w.url() != null) {
                b.append(' ').append(w.url());
            }
            b.append('\n');
        }
        if (names.isEmpty()) {
            b.append("quorum none\n");
        } else if (names.size() == 1) {
            b.append("quorum ").append(names.get(0)).append('\n');
        } else if (quorum == names.size()) {
            b.append("group all-witnesses all ").append(String.join(" ", names)).append('\n');
            b.append("quorum all-witnesses\n");
        } else {
            b.append("group witness-quorum ").append(quorum).append(' ').append(String.join(" ", names)).append('\n');
            b.append("quorum witness-quorum\n");
        }
        return b.toString();
    }
}
