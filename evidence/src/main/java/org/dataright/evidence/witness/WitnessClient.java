package org.dataright.evidence.witness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.dataright.evidence.log.AddCheckpoint;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.CosignatureVerifier;
import org.dataright.evidence.log.SignedNote;

/**
 * The log's side of c2sp.org/tlog-witness for one witness: submits a new checkpoint with a consistency
 * proof from the last size this witness cosigned, learns that size from a 409 when it does not know
 * it (a new client, a restarted service), and returns the checkpoint with the witness's cosignature
 * added, verified against the witness's key.
 */
public final class WitnessClient {
    /** Where add-checkpoint requests go: a witness over HTTP or one in this process. */
    @FunctionalInterface
    public interface Endpoint {
        Witness.Answer addCheckpoint(byte[] body) throws IOException, InterruptedException;
    }

    /** The consistency proof path between two sizes of the log's tree. */
    @FunctionalInterface
    public interface Prover {
        List<byte[]> consistency(long oldSize, long newSize);
    }

    private final CosignatureVerifier witness;
    private final Endpoint endpoint;
    private long knownSize;

    public WitnessClient(CosignatureVerifier witness, Endpoint endpoint) {
        this.witness = witness;
        this.endpoint = endpoint;
    }

    /** A witness at its submission prefix (the URL add-checkpoint is appended to). */
    public static Endpoint http(HttpClient client, URI submissionPrefix, Duration timeout) {
        URI uri = URI.create(submissionPrefix.toString().replaceAll("/+$", "") + "/add-checkpoint");
        return body -> {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Witness.Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        };
    }

    public CosignatureVerifier witness() {
        return witness;
    }

    /**
     * The checkpoint with this witness's cosignature.
     *
     * @throws WitnessException when the witness refuses or cannot be reached, saying which and why
     */
    public synchronized SignedNote cosign(SignedNote checkpoint, Prover prover) {
        long size = Checkpoint.parse(checkpoint.text()).size();
        for (int attempt = 0; attempt < 2; attempt++) {
            long old = knownSize <= size ? knownSize : 0;
            List<byte[]> proof = old == 0 || old == size ? List.of() : prover.consistency(old, size);
            Witness.Answer answer;
            try {
                answer = endpoint.addCheckpoint(new AddCheckpoint(old, proof, checkpoint).bytes());
            } catch (IOException e) {
                throw new WitnessException(witness.name() + " cannot be reached: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WitnessException("interrupted while asking " + witness.name() + " to cosign", e);
            }
            if (answer.status() == 200) {
                SignedNote cosigned;
                try {
                    cosigned = Witness.cosigned(checkpoint, answer.body(), witness);
                } catch (IllegalArgumentException e) {
                    throw new WitnessException(witness.name() + " answered 200 without a valid cosignature: "
                            + e.getMessage(), e);
                }
                knownSize = size;
                return cosigned;
            }
            if (answer.status() == 409 && answer.contentType().startsWith(Witness.SIZE_CONTENT_TYPE)) {
                long theirs = parseSize(answer.body());
                if (theirs > size) {
                    throw new WitnessException(witness.name() + " has cosigned a tree of " + theirs
                            + " leaves, larger than this log's " + size + ": the log lost leaves, or another log uses its key");
                }
                knownSize = theirs;
                continue;
            }
            throw new WitnessException(witness.name() + " refused the checkpoint of size " + size + " (HTTP "
                    + answer.status() + "): " + answer.body().strip());
        }
        throw new WitnessException(witness.name() + " changed its recorded size twice during one request");
    }

    private long parseSize(String body) {
        try {
            return Long.parseLong(body.strip());
        } catch (NumberFormatException e) {
            throw new WitnessException(witness.name() + " answered 409 with a size that is not a number: '"
                    + body.strip() + "'", e);
        }
    }

    /** A witness that did not cosign. */
    public static final class WitnessException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WitnessException(String message) {
            super(message);
        }

        WitnessException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
