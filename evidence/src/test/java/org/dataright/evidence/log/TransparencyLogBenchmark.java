package org.dataright.evidence.log;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prints, with the machine's facts, what the transparency log library costs at {@code leaves}
 * leaves (1,000,000 by default): appends per second (leaf hashing included) and the heap the tree
 * holds; the root; inclusion and consistency proofs generated and verified per second, with their
 * sizes; the same proofs computed from tiles; checkpoint signing and note and cosignature
 * verification per second (the JDK's Ed25519). One thread. Each pass runs {@code bench.repeat}
 * times (2) and the best is printed, with how many cores it kept busy. Not a unit test: run it with
 * {@code exec:java} (see the module README).
 */
public final class TransparencyLogBenchmark {
    private static final int REPEAT = Integer.getInteger("bench.repeat", 2);

    private TransparencyLogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int leaves = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int proofs = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        machine();

        // Entries like a registry's: about 120 bytes each, all different; built before timing.
        List<byte[]> entries = new ArrayList<>(leaves);
        for (int i = 0; i < leaves; i++) {
            entries.add(String.format(Locale.ROOT, "{\"act\":\"REGISTER_ASSET\",\"assetId\":\"A-%015d\",\"sha256\":\"%064x\"}", i, (long) i * 7919)
                    .getBytes(StandardCharsets.UTF_8));
        }
        warmUp(entries.subList(0, Math.min(leaves, 50_000)));

        MerkleTree[] built = new MerkleTree[1];
        Timing append = best(() -> {
            MerkleTree tree = new MerkleTree();
            for (byte[] e : entries) {
                tree.append(e);
            }
            built[0] = tree;
        });
        MerkleTree tree = built[0];
        System.out.printf(Locale.ROOT, "append %,d entries (leaf hash + stored nodes): %.2f s, %,.0f appends/s (%.2f cores busy)%n",
                leaves, append.seconds, leaves / append.seconds, append.cores());
        List<byte[]> leafHashes = new ArrayList<>(leaves);
        for (byte[] e : entries) {
            leafHashes.add(TreeHash.leaf(e));
        }
        Timing appendHashes = best(() -> {
            MerkleTree t = new MerkleTree();
            for (byte[] h : leafHashes) {
                t.appendLeafHash(h);
            }
        });
        System.out.printf(Locale.ROOT, "append %,d leaf hashes (nodes only): %,.0f appends/s%n", leaves, leaves / appendHashes.seconds);
        System.out.printf(Locale.ROOT, "heap held by one tree of %,d leaves: %.1f MB (%.1f bytes per leaf)%n", leaves,
                heapOf(tree, entries) / 1e6, heapOf(tree, entries) / (double) leaves);

        int rounds = 10_000;
        Timing root = best(() -> {
            for (int i = 0; i < rounds; i++) {
                tree.root(leaves - (i % 1000));
            }
        });
        System.out.printf(Locale.ROOT, "root of a tree of about %,d leaves: %,.0f roots/s%n", leaves, rounds / root.seconds);

        SplittableRandom random = new SplittableRandom(14);
        long[] indexes = random.longs(proofs, 0, leaves).toArray();
        long size = leaves;
        List<InclusionProof> made = new ArrayList<>(proofs);
        Timing prove = best(() -> {
            made.clear();
            for (long index : indexes) {
                made.add(tree.inclusionProof(index, size));
            }
        });
        byte[] rootHash = tree.root();
        Timing verify = best(() -> {
            for (int i = 0; i < proofs; i++) {
                made.get(i).verify(leafHashes.get((int) indexes[i]), rootHash);
            }
        });
        int pathMin = Integer.MAX_VALUE;
        int pathMax = 0;
        for (InclusionProof p : made) {
            pathMin = Math.min(pathMin, p.path().size());
            pathMax = Math.max(pathMax, p.path().size());
        }
        System.out.printf(Locale.ROOT, "inclusion proofs at %,d: generated %,.0f/s, verified %,.0f/s; path %d-%d hashes = %d-%d bytes%n",
                leaves, proofs / prove.seconds, proofs / verify.seconds, pathMin, pathMax, pathMin * 32, pathMax * 32);

        long[][] pairs = new long[proofs][];
        for (int i = 0; i < proofs; i++) {
            long b = random.nextLong(2, leaves + 1);
            pairs[i] = new long[] {random.nextLong(1, b), b};
        }
        List<ConsistencyProof> consistency = new ArrayList<>(proofs);
        Timing proveConsistency = best(() -> {
            consistency.clear();
            for (long[] p : pairs) {
                consistency.add(tree.consistencyProof(p[0], p[1]));
            }
        });
        byte[][][] roots = new byte[proofs][][];
        for (int i = 0; i < proofs; i++) {
            roots[i] = new byte[][] {tree.root(pairs[i][0]), tree.root(pairs[i][1])};
        }
        Timing verifyConsistency = best(() -> {
            for (int i = 0; i < proofs; i++) {
                consistency.get(i).verify(roots[i][0], roots[i][1]);
            }
        });
        int consistencyMax = 0;
        for (ConsistencyProof c : consistency) {
            consistencyMax = Math.max(consistencyMax, c.path().size());
        }
        System.out.printf(Locale.ROOT, "consistency proofs up to %,d: generated %,.0f/s, verified %,.0f/s; at most %d hashes%n",
                leaves, proofs / proveConsistency.seconds, proofs / verifyConsistency.seconds, consistencyMax);

        int tileProofs = Math.min(proofs, 20_000);
        Timing fromTiles = best(() -> {
            // One client, one checkpoint: tiles read once each (from the tree, standing in for a tile store).
            TileProofs client = new TileProofs(size, tree::tile);
            for (int i = 0; i < tileProofs; i++) {
                client.inclusionProof(indexes[i]);
            }
        });
        System.out.printf(Locale.ROOT, "inclusion proofs computed from tiles (cached per client): %,.0f/s%n", tileProofs / fromTiles.seconds);

        Ed25519NoteSigner log = Ed25519NoteSigner.generate("log.dataright.example/evidence");
        CosignatureSigner witness = CosignatureSigner.generate("witness.example/w1", Clock.systemUTC());
        Checkpoint checkpoint = Checkpoint.of(log.name(), tree);
        int notes = 2_000;
        SignedNote[] signed = new SignedNote[1];
        Timing sign = best(() -> {
            for (int i = 0; i < notes; i++) {
                signed[0] = SignedNote.sign(checkpoint.text(), log);
            }
        });
        SignedNote cosigned = signed[0].withSignature(witness);
        byte[] published = cosigned.bytes();
        NoteVerifiers logKey = NoteVerifiers.of(log.verifier());
        NoteVerifiers witnessKey = NoteVerifiers.of(witness.verifier());
        Timing open = best(() -> {
            for (int i = 0; i < notes; i++) {
                Checkpoint.parse(SignedNote.parse(published).verify(logKey).isEmpty() ? "" : cosigned.text());
            }
        });
        Timing cosignatures = best(() -> {
            for (int i = 0; i < notes; i++) {
                cosigned.verifiedBy(witnessKey);
            }
        });
        TlogProof tlogProof = TlogProof.of(tree, indexes[0], cosigned, null);
        System.out.printf(Locale.ROOT, "checkpoints signed %,.0f/s; parsed and log signature verified %,.0f/s; cosignatures verified %,.0f/s%n",
                notes / sign.seconds, notes / open.seconds, notes / cosignatures.seconds);
        System.out.printf(Locale.ROOT, "a tlog-proof at %,d leaves with one cosignature: %d bytes (%d path hashes)%n",
                leaves, tlogProof.bytes().length, tlogProof.path().size());
        System.out.printf(Locale.ROOT, "load average at the end: %.2f%n", loadAverage());
    }

    private static void warmUp(List<byte[]> entries) throws Exception {
        MerkleTree tree = new MerkleTree();
        for (byte[] e : entries) {
            tree.append(e);
        }
        byte[] root = tree.root();
        for (int i = 0; i < entries.size(); i++) {
            tree.inclusionProof(i).verify(tree.leafHash(i), root);
            if (i > 0) {
                tree.consistencyProof(i, entries.size()).verify(tree.root(i), root);
            }
        }
        Ed25519NoteSigner key = Ed25519NoteSigner.generate("warm.example");
        for (int i = 0; i < 500; i++) {
            SignedNote.sign("warm\n", key).verify(NoteVerifiers.of(key.verifier()));
        }
    }

    /** Heap growth from building a second tree like {@code tree}, after full collections. */
    private static long heapOf(MerkleTree tree, List<byte[]> entries) {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        MerkleTree copy = new MerkleTree();
        for (long i = 0; i < tree.size(); i++) {
            copy.appendLeafHash(tree.leafHash(i));
        }
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        if (copy.size() != entries.size()) {
            throw new IllegalStateException("the copy has " + copy.size() + " leaves");
        }
        return after - before;
    }

    static void machine() {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "%s | %d cores | %s %s (%s) | max heap %d MiB | load average %.2f%n",
                ZonedDateTime.now().withNano(0), rt.availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("os.arch"), rt.maxMemory() >> 20, loadAverage());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    @FunctionalInterface
    private interface Job {
        void run() throws Exception;
    }

    /** A job's wall time and the CPU time this JVM spent meanwhile. */
    private record Timing(double seconds, double cpuSeconds) {
        double cores() {
            return cpuSeconds / seconds;
        }
    }

    private static Timing best(Job job) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Timing best = null;
        for (int r = 0; r < REPEAT; r++) {
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            job.run();
            Timing t = new Timing((System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9);
            best = best == null || t.seconds < best.seconds ? t : best;
        }
        return best;
    }
}
