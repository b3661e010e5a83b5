package org.dataright.evidence.bench;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.dataright.evidence.certificate.ActRecord;
import org.dataright.evidence.certificate.CertificateIssuer;
import org.dataright.evidence.crypto.IssuerKey;
import org.dataright.evidence.digest.ChunkManifest;
import org.dataright.evidence.digest.ContentDigests;
import org.dataright.evidence.digest.FileDigests;
import org.dataright.evidence.fixture.FabricBlocks;
import org.dataright.evidence.fixture.Member;
import org.dataright.evidence.fixture.Registration;
import org.dataright.evidence.fixture.TestNetwork;
import org.dataright.evidence.fixture.TestPki;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.evidence.verify.VerificationResult;
import org.dataright.evidence.verify.Verifier;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Prints, with the machine's facts:
 * <ul>
 * <li>certificates issued per second ({@link CertificateIssuer}, signed and written as JSON), and
 *     certificates verified per second from JSON, on one thread and on all cores, for ECDSA and SM2
 *     issuers. Every certificate verified is a different one (its own transaction, creator signature,
 *     endorsements and issuer signature; blocks of two), built before timing; each timed pass uses a
 *     new {@link Verifier}, so nothing it may remember comes from an earlier pass;</li>
 * <li>hashing a 1 GiB file (created if missing, pseudo-random, read once beforehand so every
 *     measurement reads from the page cache): {@code sha256sum} and our SHA-256, SM3 (one thread),
 *     both together, the chunk manifest and all three in one read.</li>
 * </ul>
 * Each pass runs {@code bench.repeat} times (2) and the best is printed, with how many cores it kept busy.
 * MB = 10^6 bytes. Usage: {@code EvidenceBenchmark [file] [certificates per pass]}.
 */
public final class EvidenceBenchmark {
    private static final long SIZE = 1L << 30;
    private static final int BUFFER = 4 << 20;
    /** Each timed pass runs this many times and the best is printed: other work on the machine only slows a pass down. */
    private static final int REPEAT = Integer.getInteger("bench.repeat", 2);
    /** Certificates of a block: each block holds two registrations, and both are certified. */
    private static final int PER_BLOCK = 2;
    /** Registrations per enterprise: creators repeat, as in a registry, but not in every certificate. */
    private static final int PER_CREATOR = 20;

    private EvidenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/dpr-bench-1g.bin");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        machine();
        certificates(count);
        hashing(file);
        System.out.printf(Locale.ROOT, "load average at the end: %.2f%n", loadAverage());
    }

    static void machine() {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "%s | %d cores | %s %s (%s) | max heap %d MiB | load average %.2f%n",
                ZonedDateTime.now().withNano(0), rt.availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("os.arch"), rt.maxMemory() >> 20,
                loadAverage());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    // ---- certificates ----

    private static void certificates(int count) throws Exception {
        TestNetwork net = new TestNetwork();
        TrustBundle bundle = net.bundle();
        System.out.printf(Locale.ROOT, "building %d + %d (warm-up) registrations in blocks of %d, %d per enterprise …%n",
                count, count / 4, PER_BLOCK, PER_CREATOR);
        List<Registered> warmBlocks = blocks(net, count / 4, "W");
        List<Registered> blocks = blocks(net, count, "A");
        for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
            IssuerKey key = net.issuerKey(algorithm);
            List<String> warm = issue(warmBlocks, key);
            verifyAll(Verifier.forBundle(bundle), warm, 1);
            verifyAll(Verifier.forBundle(bundle), warm, Runtime.getRuntime().availableProcessors());

            long start = System.nanoTime();
            List<String> certificates = issue(blocks, key);
            double issueSeconds = (System.nanoTime() - start) / 1e9;
            int bytes = certificates.stream().mapToInt(String::length).sum() / certificates.size();
            System.out.printf(Locale.ROOT, "%s issuer: issued %d certificates (%d bytes each on average) in %.2f s: "
                    + "%.0f certificates/s (one thread)%n", algorithm, certificates.size(), bytes, issueSeconds,
                    certificates.size() / issueSeconds);
            for (int threads : new int[] {1, Runtime.getRuntime().availableProcessors()}) {
                Timing best = null;
                for (int r = 0; r < REPEAT; r++) {
                    Timing t = Timing.of(() -> verifyAll(Verifier.forBundle(bundle), certificates, threads));
                    best = best == null || t.seconds < best.seconds ? t : best;
                }
                System.out.printf(Locale.ROOT, "%s issuer: verified %d distinct certificates, all 22 checks, %d thread(s), "
                        + "new verifier: %.2f s, %.0f certificates/s (%.1f cores busy; best of %d)%n", algorithm,
                        certificates.size(), threads, best.seconds, certificates.size() / best.seconds, best.cores(), REPEAT);
            }
        }
    }

    /** A block of registrations, with the asset ids and digests each registered. */
    private record Registered(Block block, List<String> assetIds, List<FileDigests> digests) {
    }

    /** {@code count} registrations by {@code count / PER_CREATOR} enterprises, in blocks of {@link #PER_BLOCK}. */
    private static List<Registered> blocks(TestNetwork net, int count, String prefix) {
        List<Member> creators = new ArrayList<>();
        for (int i = 0; i < Math.max(1, count / PER_CREATOR); i++) {
            creators.add(Member.of("Org1MSP", TestPki.leaf(net.org1Ca, "enterprise " + prefix + i, "client", "enterprise")));
        }
        List<Registered> blocks = new ArrayList<>();
        ByteString previous = FabricBlocks.hashOf(net.configBlock());
        for (int b = 0; b * PER_BLOCK < count; b++) {
            List<ByteString> envelopes = new ArrayList<>();
            List<String> assetIds = new ArrayList<>();
            List<FileDigests> digests = new ArrayList<>();
            for (int i = b * PER_BLOCK; i < Math.min(count, (b + 1) * PER_BLOCK); i++) {
                assetIds.add("A-" + prefix + String.format(Locale.ROOT, "%015d", i));
                digests.add(Registration.digestsOf((prefix + " content " + i).getBytes(StandardCharsets.UTF_8)));
                envelopes.add(Registration.registerAsset(net, creators.get(i % creators.size()), List.of(net.peer1, net.peer2),
                        assetIds.get(assetIds.size() - 1), digests.get(digests.size() - 1)).envelope());
            }
            Block block = FabricBlocks.block(b + 1, previous, envelopes, new byte[envelopes.size()], net.orderer);
            blocks.add(new Registered(block, assetIds, digests));
            previous = FabricBlocks.hashOf(block);
        }
        return blocks;
    }

    /** Issues the certificate of every registration, as canonical JSON. */
    private static List<String> issue(List<Registered> blocks, IssuerKey key) {
        List<String> out = new ArrayList<>();
        for (Registered r : blocks) {
            for (int tx = 0; tx < r.assetIds().size(); tx++) {
                String assetId = r.assetIds().get(tx);
                ActRecord act = new ActRecord("REGISTER_ASSET", assetId, assetId + "/RESOURCE_HOLDING",
                        TestNetwork.assetKey(assetId), r.digests().get(tx), List.of());
                out.add(CertificateIssuer.issue(r.block(), tx, TxValidationCode.VALID, act, key, Registration.ISSUED_AT)
                        .toJson());
            }
        }
        return out;
    }

    /** Verifies every certificate once, on {@code threads} threads. */
    private static String verifyAll(Verifier verifier, List<String> certificates, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int i = first; i < certificates.size(); i += threads) {
                        VerificationResult r = verifier.verify(certificates.get(i));
                        if (!r.passed()) {
                            throw new IllegalStateException("benchmark certificate " + i + " failed verification:\n" + r);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
            return certificates.size() + " passed";
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- hashing ----

    private static void hashing(Path file) throws Exception {
        ensureFile(file);
        warmUp(file);
        System.out.printf(Locale.ROOT, "hashing %s (%d bytes, in the page cache), best of %d; sha256sum's cores are not counted%n",
                file, Files.size(file), REPEAT);
        double sha256sum = time("sha256sum (coreutils)", file, () -> sha256sum(file));
        double sha256 = time("SHA-256 (JDK, FileChannel, one thread)", file, () -> {
            MessageDigest sha = BlockHashes.newSha256();
            read(file, (b, n) -> sha.update(b, 0, n));
            return HexFormat.of().formatHex(sha.digest());
        });
        double sm3 = time("SM3 (Bouncy Castle, one thread)", file, () -> {
            SM3Digest d = new SM3Digest();
            read(file, (b, n) -> d.update(b, 0, n));
            byte[] out = new byte[32];
            d.doFinal(out, 0);
            return HexFormat.of().formatHex(out);
        });
        double both = time("SHA-256 + SM3 (ContentDigests)", file, () -> {
            ContentDigests d = ContentDigests.of(file);
            return d.sha256() + " " + d.sm3();
        });
        double manifest = time("chunk manifest, all cores (ChunkManifest)", file, () -> ChunkManifest.of(file).root());
        double all = time("all three in one read (FileDigests)", file, () -> FileDigests.of(file).manifestRoot());
        System.out.printf(Locale.ROOT, "SHA-256 / sha256sum: %.2fx   chunk manifest / one-thread SM3: %.2fx   "
                + "SHA-256 + SM3 / one-thread SM3: %.2fx   all three / one-thread SM3: %.2fx%n",
                sha256 / sha256sum, manifest / sm3, both / sm3, all / sm3);
    }

    @FunctionalInterface
    private interface Job {
        String run() throws Exception;
    }

    @FunctionalInterface
    private interface Sink {
        void accept(byte[] bytes, int length);
    }

    /** A job's wall time and the CPU time this JVM spent meanwhile. */
    private record Timing(double seconds, double cpuSeconds, String result) {
        static Timing of(Job job) throws Exception {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            String result = job.run();
            return new Timing((System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9, result);
        }

        /** How many cores the job kept busy on average. */
        double cores() {
            return cpuSeconds / seconds;
        }
    }

    /** Prints and returns the best MB/s of {@link #REPEAT} runs; "cores busy" shows how much of the machine it got. */
    private static double time(String name, Path file, Job job) throws Exception {
        Timing best = null;
        for (int r = 0; r < REPEAT; r++) {
            Timing t = Timing.of(job);
            best = best == null || t.seconds < best.seconds ? t : best;
        }
        double rate = Files.size(file) / 1e6 / best.seconds;
        System.out.printf(Locale.ROOT, "%-44s %7.1f MB/s  %6.2f s  %4.2f cores busy  %s%n", name, rate, best.seconds,
                best.cores(), best.result.substring(0, 16) + "…");
        return rate;
    }

    private static void read(Path file, Sink sink) throws IOException {
        byte[] buffer = new byte[BUFFER];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer target = ByteBuffer.wrap(buffer);
            while (channel.read(target.clear()) >= 0) {
                sink.accept(buffer, target.position());
            }
        }
    }

    /** Brings the file into the page cache and compiles the hashing code, so every measurement starts alike. */
    private static void warmUp(Path file) throws Exception {
        MessageDigest sha = BlockHashes.newSha256();
        SM3Digest sm3 = new SM3Digest();
        long[] seen = {0};
        read(file, (b, n) -> {
            if (seen[0] < (64 << 20)) {
                sha.update(b, 0, n);
                sm3.update(b, 0, n);
            }
            seen[0] += n;
        });
        byte[] head = new byte[32 << 20];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.read(ByteBuffer.wrap(head));
        }
        Path sample = Files.createTempFile("dpr-bench-warm", ".bin");
        try {
            Files.write(sample, head);
            FileDigests.of(sample);
            ContentDigests.of(sample);
        } finally {
            Files.delete(sample);
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
        byte[] block = new byte[1 << 20];
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
