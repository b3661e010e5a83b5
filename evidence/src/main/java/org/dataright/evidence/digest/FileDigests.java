package org.dataright.evidence.digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

    /**
     * All three digests in one read of the stream: the manifest's chunks are hashed on all cores,
     * and the whole content's SHA-256 and SM3 beside them (see {@link DigestPipeline}).
     */
    public static FileDigests of(InputStream in) throws IOException {
        return of(DigestPipeline.from(in), ChunkManifest.CHUNK_SIZE);
    }

    /** Like {@link #of(InputStream)}, reading the file through its channel. */
    public static FileDigests of(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return of(DigestPipeline.from(channel), ChunkManifest.CHUNK_SIZE);
        }
    }

    static FileDigests of(DigestPipeline.Source source, int chunkSize) throws IOException {
        DigestPipeline.Result read = DigestPipeline.run(source, chunkSize, true, true);
        ChunkManifest manifest = ChunkManifest.fromResult(chunkSize, read);
        return new FileDigests(read.whole().sha256(), read.whole().sm3(), manifest.root());
    }
}
