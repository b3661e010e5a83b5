package org.dataright.evidence.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.dataright.evidence.crypto.SignatureAlgorithm;
import org.dataright.evidence.digest.ChunkManifest;
import org.dataright.evidence.digest.ContentDigests;
import org.dataright.evidence.digest.FileDigests;
import org.dataright.evidence.fabric.BlockHashes;
import org.dataright.evidence.fixture.Registration;
import org.dataright.evidence.fixture.TestNetwork;
import org.dataright.evidence.verify.VerificationResult;
import org.dataright.evidence.verify.Verifier;

/**
 * Prints certificates verified per second (ECDSA and SM2 issuers, full verification from JSON) and
 * hashing throughput on a 1 GiB file (created if missing) for SHA-256, SM3, both in one pass, the
 * parallel chunk manifest and all three in one read, next to {@code sha256sum} on the same file.
 * MB = 10^6 bytes. Usage: {@code EvidenceBenchmark [file] [seconds per verification run]}.
 */
public final class EvidenceBenchmark {
    private static final long SIZE = 1L << 30;
    private static final int BUFFER = 1 << 20;

    private EvidenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/dpr-bench-1g.bin");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.printf("cores: %d, java %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        verification(SignatureAlgorithm.ECDSA_P256_SHA256, seconds);
        verification(SignatureAlgorithm.SM2_SM3, seconds);
        hashing(file);
    }

    private static void verification(SignatureAlgorithm algorithm, int seconds) {
        TestNetwork net = new TestNetwork();
        Registration reg = Registration.create(net, algorithm);
        String json = reg.certificate().toJson();
        Verifier verifier = Verifier.forBundle(net.bundle());
        runFor(verifier, json, 2);
        long start = System.nanoTime();
        long count = runFor(verifier, json, seconds);
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("verify (%s issuer, %d-byte certificate, 22 checks): %.0f certificates/s%n", algorithm,
                json.length(), count / elapsed);
    }

    private static long runFor(Verifier verifier, String json, int seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long count = 0;
        while (System.nanoTime() < end) {
            VerificationResult r = verifier.verify(json);
            if (!r.passed()) {
                throw new IllegalStateException("benchmark certificate failed verification:\n" + r);
            }
            count++;
        }
        return count;
    }

    private static void hashing(Path file) throws Exception {
        ensureFile(file);
        time("sha256sum (coreutils)", file, () -> sha256sum(file));
        time("SHA-256 (JDK MessageDigest)", file, () -> {
            MessageDigest sha = BlockHashes.newSha256();
            stream(file, (b, n) -> sha.update(b, 0, n));
            return HexFormat.of().formatHex(sha.digest());
        });
        time("SM3 (Bouncy Castle, one core)", file, () -> {
            SM3Digest sm3 = new SM3Digest();
            stream(file, (b, n) -> sm3.update(b, 0, n));
            byte[] out = new byte[32];
            sm3.doFinal(out, 0);
            return HexFormat.of().formatHex(out);
        });
        time("SHA-256 + SM3 in one pass", file, () -> {
            try (InputStream in = Files.newInputStream(file)) {
                ContentDigests d = ContentDigests.of(in);
                return d.sha256() + " " + d.sm3();
            }
        });
        time("chunk manifest (4 MiB chunks, all cores)", file, () -> ChunkManifest.of(file).root());
        time("SHA-256 + SM3 + manifest in one read", file, () -> FileDigests.of(file).manifestRoot());
    }

    @FunctionalInterface
    private interface Job {
        String run() throws Exception;
    }

    @FunctionalInterface
    private interface Sink {
        void accept(byte[] bytes, int length);
    }

    private static void time(String name, Path file, Job job) throws Exception {
        long start = System.nanoTime();
        String result = job.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-42s %8.1f MB/s  (%.2f s)  %s%n", name, Files.size(file) / 1e6 / seconds, seconds,
                result.length() > 20 ? result.substring(0, 16) + "…" : result);
    }

    private static void stream(Path file, Sink sink) throws IOException {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sink.accept(buffer, n);
            }
        }
    }

    private static String sha256sum(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("sha256sum", file.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("sha256sum failed: " + out);
        }
        return out.split(" ")[0];
    }

    /** Pseudo-random content, so that no layer can take a shortcut on repeated data. */
    private static void ensureFile(Path file) throws IOException {
        if (Files.exists(file) && Files.size(file) == SIZE) {
            return;
        }
        SplittableRandom random = new SplittableRandom(20261123);
        byte[] block = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < SIZE; written += block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        block[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                out.write(block);
            }
        }
        System.out.println("created " + file + " (" + SIZE + " bytes)");
    }
}
