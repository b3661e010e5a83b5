package org.dataright.evidence.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.fixture.CrowdedBlock;
import org.dataright.evidence.verify.VerificationResult;
import org.dataright.evidence.verify.Verifier;

/**
 * Prints, with the machine's facts, what a version 2 certificate costs for the acts of one block of
 * {@code n} acts (500 by default, the embedded peer's block size under load): the JSON size of each
 * compact certificate (min, median, max) against the full-block and version 1 forms; certificates
 * issued per second and the time to issue one (build, check its log proof, sign, write JSON — the
 * service's wait for a checkpoint comes on top, at most one checkpoint interval); certificates verified
 * per second from JSON on one thread, each pass with a new {@link Verifier}. Each pass runs
 * {@code bench.repeat} times (2) and the best is printed. Usage: {@code CertificateV2Benchmark [acts]}.
 */
public final class CertificateV2Benchmark {
    private static final int REPEAT = Integer.getInteger("bench.repeat", 2);

    private CertificateV2Benchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        EvidenceBenchmark.machine();
        CrowdedBlock block = CrowdedBlock.of(n);

        List<String> compact = new ArrayList<>();
        double issueSeconds = Double.MAX_VALUE;
        for (int r = 0; r < REPEAT; r++) {
            compact.clear();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                compact.add(block.certificate(i, false).toJson());
            }
            issueSeconds = Math.min(issueSeconds, (System.nanoTime() - start) / 1e9);
        }
        int[] sizes = compact.stream().mapToInt(j -> j.getBytes(StandardCharsets.UTF_8).length).sorted().toArray();
        int full = block.certificate(0, true).toJson().getBytes(StandardCharsets.UTF_8).length;
        int v1 = block.certificateV1(0).toJson().getBytes(StandardCharsets.UTF_8).length;
        String proof = EvidenceCertificate.from(compact.get(0)).content().logProof();
        System.out.printf(Locale.ROOT, "block of %d acts; log of %d leaves%n", n, block.tree().size());
        System.out.printf(Locale.ROOT, "compact v2 certificate JSON: min %,d B, median %,d B, max %,d B (limit 16,384 B); "
                + "its tlog proof %,d B%n", sizes[0], sizes[n / 2], sizes[n - 1], proof.length());
        System.out.printf(Locale.ROOT, "full-block v2 certificate: %,d B; v1 certificate: %,d B%n", full, v1);
        System.out.printf(Locale.ROOT, "issue: %,.0f certificates/s, %.2f ms each (one thread, best of %d)%n",
                n / issueSeconds, issueSeconds * 1000 / n, REPEAT);

        double verifySeconds = Double.MAX_VALUE;
        for (int r = 0; r < REPEAT; r++) {
            Verifier verifier = Verifier.forBundle(block.bundle());
            long start = System.nanoTime();
            for (String json : compact) {
                VerificationResult result = verifier.verify(json);
                if (!result.passed()) {
                    throw new IllegalStateException("a certificate did not verify: " + result.failures());
                }
            }
            verifySeconds = Math.min(verifySeconds, (System.nanoTime() - start) / 1e9);
        }
        System.out.printf(Locale.ROOT, "verify offline: %,.0f certificates/s, %.2f ms each (one thread, best of %d)%n",
                n / verifySeconds, verifySeconds * 1000 / n, REPEAT);
        System.out.printf(Locale.ROOT, "sizes checked: %s%n", Arrays.stream(sizes).allMatch(s -> s <= 16 * 1024)
                ? "every compact certificate <= 16 KB" : "SOME COMPACT CERTIFICATE IS ABOVE 16 KB");
    }
}
