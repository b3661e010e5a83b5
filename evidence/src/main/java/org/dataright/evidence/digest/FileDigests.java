package org.dataright.evidence.digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What is known of a file to be checked against a certificate: any of its SHA-256, SM3 and chunk
 * manifest root. Computed from the file itself, or given as digests by a client that hashed locally.
 */
public record FileDigests(String sha256, String sm3, String manifestRoot) {

    public FileDigests {
        HexDigest.optional("sha256", sha256);
        HexDigest.optional("sm3", sm3);
        HexDigest.optional("manifestRoot", manifestRoot);
        if (sha256 == null && sm3 == null && manifestRoot == null) {
            throw new IllegalArgumentException("file digests need at least one of sha256, sm3, manifestRoot");
        }
    }

    /** All three digests in one read of the stream (the manifest's chunks are hashed on all cores). */
    public static FileDigests of(InputStream in) throws IOException {
        ContentDigests.Both whole = new ContentDigests.Both();
        ChunkManifest manifest = ChunkManifest.compute(in, ChunkManifest.CHUNK_SIZE, whole::update);
        ContentDigests digests = whole.finish();
        return new FileDigests(digests.sha256(), digests.sm3(), manifest.root());
    }

    public static FileDigests of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }
}
