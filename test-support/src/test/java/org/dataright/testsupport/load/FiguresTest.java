package org.dataright.testsupport.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FiguresTest {
    private static final long MS = 1_000_000;

    @Test
    void percentilesAreNearestRank() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[99 - i] = i + 1; // 100 … 1, sorted by percentile()
        }
        assertThat(Latencies.percentile(hundred.clone(), 50)).isEqualTo(50);
        assertThat(Latencies.percentile(hundred.clone(), 95)).isEqualTo(95);
        assertThat(Latencies.percentile(hundred.clone(), 99)).isEqualTo(99);
        assertThat(Latencies.percentile(hundred.clone(), 100)).isEqualTo(100);
        assertThat(Latencies.percentile(new long[] {7}, 1)).isEqualTo(7);
        assertThat(Latencies.percentile(new long[] {3, 1, 2}, 50)).isEqualTo(2);
        assertThat(Latencies.percentile(new long[0], 99)).isZero();
        assertThatThrownBy(() -> Latencies.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void actsQueriesFailuresAndCpuAreCountedApart() {
        Figures one = new Figures("embedded", 1, 0);
        one.record(Operation.act("registerAsset").units(1), 10 * MS);
        one.record(Operation.act("registerAsset").units(1), 30 * MS);
        one.record(Operation.query("getRight"), 1 * MS);
        one.record(Operation.act("registerAsset").failed("MVCC_READ_CONFLICT"), 99 * MS);
        Figures two = new Figures("embedded", 1, 0);
        two.record(Operation.act("offerTransfer"), 20 * MS);
        two.record(Operation.act("registerAssets").units(50), 40 * MS);
        two.record(Operation.act("registerAsset").failed("MVCC_READ_CONFLICT"), 5 * MS);
        two.record(Operation.act("acceptTransfer").failed("NOT_OFFERED"), 5 * MS);

        Figures all = new Figures("embedded", 2, 2.0);
        all.merge(one);
        all.merge(two);
        all.cpu("peer", 100);
        all.cpu("client", 60);

        assertThat(all.committedActs()).isEqualTo(4);
        assertThat(all.committedActsPerSecond()).isEqualTo(2.0);
        assertThat(all.unitsPerSecond()).as("registered data assets, not acts").isEqualTo((1 + 1 + 50) / 2.0);
        assertThat(all.queriesPerSecond()).isEqualTo(0.5);
        assertThat(all.actMillis(50)).isEqualTo(20.0);
        assertThat(all.actMillis(99)).isEqualTo(40.0);
        assertThat(all.millis("getRight", 99)).isEqualTo(1.0);
        assertThat(all.counts()).containsExactly(Map.entry("getRight", 1), Map.entry("offerTransfer", 1),
                Map.entry("registerAsset", 2), Map.entry("registerAssets", 1));
        assertThat(all.failures()).isEqualTo(Map.of("registerAsset MVCC_READ_CONFLICT", 2L, "acceptTransfer NOT_OFFERED", 1L));
        assertThat(all.failureCount()).isEqualTo(3);
        assertThat(all.cpuMillisPerAct()).containsExactly(Map.entry("peer", 25.0), Map.entry("client", 15.0));
        assertThat(all.cpuMillisPerActTotal()).isCloseTo(40.0, within(1e-9));
        assertThat(all.describe()).contains("2.0 committed acts/s", "failed: registerAsset MVCC_READ_CONFLICT × 2",
                "peer 25.00", "all 40.00");
    }

    @Test
    void withNothingCommittedTheCpuPerActIsZeroNotInfinite() {
        Figures none = new Figures("fabric", 4, 10);
        none.record(Operation.act("registerAsset").failed("ENDORSEMENT_POLICY_UNSATISFIABLE"), MS);
        none.cpu("peers", 500);
        assertThat(none.committedActsPerSecond()).isZero();
        assertThat(none.actMillis(99)).isZero();
        assertThat(none.cpuMillisPerAct()).containsExactly(Map.entry("peers", 0.0));
    }
}
