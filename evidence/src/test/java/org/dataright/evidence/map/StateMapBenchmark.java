package org.dataright.evidence.map;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prints what the state map costs at {@code assets} data assets (1,000,000 by default): updates per
 * second (each asset entered, then a tenth changed again, as pledges would), the heap it holds, proof
 * generation and verification per second, and the size of a standing's map proof (hashes, bytes as the
 * standing's hex writes them) for a present and an absent asset. One thread. Not a unit test: run it with
 * {@code exec:java} (see the module README).
 */
public final class StateMapBenchmark {
    private StateMapBenchmark() {
    }

    public static void main(String[] args) {
        int assets = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int proofs = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        System.out.printf(Locale.ROOT, "%s, %d cores, Java %s%n", ManagementFactory.getOperatingSystemMXBean().getName(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        byte[][] keys = new byte[assets][];
        for (int i = 0; i < assets; i++) {
            keys[i] = AssetRecords.mapKey(String.format(Locale.ROOT, "A-%015d", i));
        }
        System.gc();
        long heapBefore = usedHeap();
        StateMap map = new StateMap();
        long t0 = System.nanoTime();
        for (int i = 0; i < assets; i++) {
            map.put(keys[i], value(i, 0));
        }
        double enter = (System.nanoTime() - t0) / 1e9;
        System.gc();
        long heap = usedHeap() - heapBefore;
        System.out.printf(Locale.ROOT, "enter %,d assets: %.2f s, %,.0f updates/s; map heap %,d MB (%.0f bytes per asset)%n",
                assets, enter, assets / enter, heap >> 20, (double) heap / assets);
        SplittableRandom random = new SplittableRandom(1);
        int changes = assets / 10;
        t0 = System.nanoTime();
        for (int i = 0; i < changes; i++) {
            int a = random.nextInt(assets);
            map.put(keys[a], value(a, 1));
        }
        double change = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "change %,d random assets: %,.0f updates/s%n", changes, changes / change);

        byte[] root = map.root();
        MapProof[] made = new MapProof[proofs];
        t0 = System.nanoTime();
        for (int i = 0; i < proofs; i++) {
            made[i] = map.proof(keys[random.nextInt(assets)]);
        }
        double gen = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        long siblings = 0;
        int longest = 0;
        for (MapProof p : made) {
            p.verify(root);
            siblings += p.siblings().size();
            longest = Math.max(longest, p.siblings().size());
        }
        double ver = (System.nanoTime() - t0) / 1e9;
        double mean = (double) siblings / proofs;
        System.out.printf(Locale.ROOT, "proofs: %,.0f made/s, %,.0f verified/s; %.1f sibling hashes on average, %d at most"
                + " (a present asset's proof ~%.0f bytes as hex JSON)%n", proofs / gen, proofs / ver, mean, longest,
                mean * 67 + 64 + 40);
        MapProof absent = map.proof(AssetRecords.mapKey("A-never-registered"));
        absent.verify(root);
        System.out.printf(Locale.ROOT, "an absent asset's proof: ends at %s, %d sibling hashes%n", absent.end(),
                absent.siblings().size());
    }

    private static byte[] value(int asset, int version) {
        return AssetRecords.recordHash(("records of " + asset + " v" + version).getBytes(StandardCharsets.UTF_8));
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
