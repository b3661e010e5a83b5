package org.dataright.cli.verify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.dataright.evidence.log.ConsistencyProof;
import org.dataright.evidence.log.TileProofs;
import org.dataright.evidence.log.TlogPolicy;
import org.dataright.evidence.verify.ConsistencyProofs;

/**
 * Consistency proofs computed from a log's C2SP tiles, fetched over plain HTTP from the URL its tlog
 * policy line gives ({@code <url>tile/…}). Nothing fetched is trusted: the verifier checks the proof
 * against both signed roots.
 */
final class TileConsistency implements ConsistencyProofs {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** A hash tile is at most 256 × 32 bytes. */
    private static final int MAX_TILE = 256 * 32;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    @Override
    public ConsistencyProof between(TlogPolicy.Log log, long size1, long size2) {
        if (log.url() == null) {
            throw new IllegalArgumentException("the trust bundle's tlog policy gives no URL for " + log.key().name());
        }
        String base = log.url().endsWith("/") ? log.url() : log.url() + "/";
        return new TileProofs(size2, path -> fetch(URI.create(base + path.path()))).consistencyProof(size1);
    }

    private byte[] fetch(URI uri) {
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered HTTP " + answer.statusCode());
            }
            if (answer.body().length > MAX_TILE) {
                throw new IllegalStateException(uri + " sent " + answer.body().length + " bytes, more than a tile holds");
            }
            return answer.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot fetch " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + uri, e);
        }
    }
}
