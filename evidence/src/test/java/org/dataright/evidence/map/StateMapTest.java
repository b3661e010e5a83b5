package org.dataright.evidence.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StateMapTest {
    private static byte[] key(int i) {
        return AssetRecords.mapKey("A-" + i);
    }

    private static byte[] value(int i, int version) {
        return AssetRecords.recordHash(("record " + i + " v" + version).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theRootDependsOnTheContentOnlyAndEveryProofRecomputesIt() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(i);
        }
        StateMap a = new StateMap();
        ids.forEach(i -> a.put(key(i), value(i, 0)));
        Collections.shuffle(ids, new Random(7));
        StateMap b = new StateMap();
        ids.forEach(i -> b.put(key(i), value(i, 1)));
        ids.forEach(i -> b.put(key(i), value(i, 0)));
        // Extra keys added and removed again leave the shape as the remaining keys alone give it.
        for (int i = 300; i < 400; i++) {
            b.put(key(i), value(i, 0));
        }
        for (int i = 300; i < 400; i++) {
            b.remove(key(i));
        }
        assertThat(b.root()).isEqualTo(a.root());
        assertThat(b.size()).isEqualTo(300);

        byte[] root = a.root();
        for (int i = 0; i < 300; i++) {
            MapProof proof = a.proof(key(i));
            assertThat(proof.end()).isEqualTo(MapProof.End.MEMBER);
            assertThat(proof.verify(root)).isEqualTo(value(i, 0));
            assertThat(proof.siblings().size()).isLessThan(30);
        }
        for (int i = 300; i < 400; i++) {
            MapProof absent = a.proof(key(i));
            assertThat(absent.end()).isNotEqualTo(MapProof.End.MEMBER);
            assertThat(absent.verify(root)).isNull();
        }
    }

    @Test
    void forgedProofsFailWithTheCheckNamed() {
        StateMap map = new StateMap();
        for (int i = 0; i < 50; i++) {
            map.put(key(i), value(i, 0));
        }
        byte[] root = map.root();
        MapProof real = map.proof(key(3));
        // Another value for the same key.
        assertThatThrownBy(() -> MapProof.member(key(3), value(3, 9), real.siblings()).verify(root))
                .hasMessageContaining("[map-root]");
        // Claiming absence of a key that is there: end at an empty subtree or at another leaf.
        assertThatThrownBy(() -> MapProof.empty(key(3), real.siblings()).verify(root)).hasMessageContaining("[map-root]");
        MapProof otherLeaf = map.proof(key(4));
        assertThatThrownBy(() -> MapProof.otherLeaf(key(3), key(4), value(4, 0), otherLeaf.siblings()).verify(root))
                .hasMessageContaining("[map-");
        // A sibling changed, a sibling dropped.
        List<byte[]> changed = real.siblings();
        changed.set(0, value(99, 0));
        assertThatThrownBy(() -> MapProof.member(key(3), value(3, 0), changed).verify(root)).hasMessageContaining("[map-root]");
        List<byte[]> shorter = real.siblings().subList(1, real.siblings().size());
        assertThatThrownBy(() -> MapProof.member(key(3), value(3, 0), shorter).verify(root)).hasMessageContaining("[map-root]");
    }

    @Test
    void anEmptyMapHasTheZeroRootAndProvesEveryKeyAbsent() {
        StateMap map = new StateMap();
        assertThat(map.root()).isEqualTo(new byte[32]);
        assertThat(map.proof(key(1)).verify(map.root())).isNull();
        map.put(key(1), value(1, 0));
        assertThat(map.proof(key(1)).siblings()).isEmpty();
        map.remove(key(1));
        assertThat(map.root()).isEqualTo(new byte[32]);
        assertThat(map.get(key(1))).isNull();
    }

    @Test
    void aMapBuiltAtOnceHasTheRootAndProofsOfOneBuiltEntryByEntry() {
        StateMap incremental = new StateMap();
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            incremental.put(key(i), value(i, 0));
            keys.add(key(i));
        }
        keys.sort(java.util.Arrays::compareUnsigned);
        byte[][] values = keys.stream().map(incremental::get).toArray(byte[][]::new);
        StateMap built = StateMap.of(keys.toArray(byte[][]::new), values);
        assertThat(built.root()).isEqualTo(incremental.root());
        assertThat(built.size()).isEqualTo(500);
        assertThat(built.proof(key(7)).verify(built.root())).isEqualTo(value(7, 0));
        assertThat(built.proof(key(900)).verify(built.root())).isNull();
        assertThat(StateMap.of(new byte[0][], new byte[0][]).root()).isEqualTo(new StateMap().root());
        assertThat(StateMap.of(new byte[][] {key(1)}, new byte[][] {value(1, 0)}).proof(key(1)).siblings()).isEmpty();

        byte[][] unsorted = {keys.get(1).clone(), keys.get(0).clone()};
        assertThatThrownBy(() -> StateMap.of(unsorted, new byte[][] {value(0, 0), value(1, 0)}))
                .hasMessageContaining("not strictly ascending at 1");
        byte[][] twice = {keys.get(0), keys.get(0)};
        assertThatThrownBy(() -> StateMap.of(twice, new byte[][] {value(0, 0), value(1, 0)}))
                .hasMessageContaining("not strictly ascending");
    }

    @Test
    void statesRestoredFromTheirRecordsHaveTheSameRootAndRefuseARecordOfAnotherAsset() {
        java.util.Map<String, java.util.SortedMap<String, AssetStates.RecordRef>> records = new java.util.HashMap<>();
        StateMap expected = new StateMap();
        for (int i = 0; i < 50; i++) {
            String asset = "A-" + i;
            java.util.SortedMap<String, AssetStates.RecordRef> bucket = new java.util.TreeMap<>();
            bucket.put("\u0000asset\u0000" + asset + "\u0000", new AssetStates.RecordRef(i, 0, value(i, 0)));
            bucket.put("\u0000right\u0000" + asset + "\u0000RESOURCE_HOLDING\u0000", new AssetStates.RecordRef(i, 1, value(i, 1)));
            records.put(asset, bucket);
            expected.put(AssetRecords.mapKey(asset), AssetRecords.mapValue(AssetStates.hashes(bucket)));
        }
        AssetStates restored = AssetStates.restore("rights", 50, records);
        assertThat(restored.root()).isEqualTo(expected.root());
        assertThat(restored.nextBlock()).isEqualTo(50);
        assertThat(restored.recordsOf("A-3")).containsOnlyKeys("\u0000asset\u0000A-3\u0000",
                "\u0000right\u0000A-3\u0000RESOURCE_HOLDING\u0000");
        assertThat(restored.snapshot().root()).isEqualTo(expected.root());

        records.get("A-4").put("\u0000asset\u0000A-5\u0000", new AssetStates.RecordRef(4, 0, value(4, 0)));
        assertThatThrownBy(() -> AssetStates.restore("rights", 50, records)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not of asset A-4");
    }
}
