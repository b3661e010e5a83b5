package org.dataright.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The side-by-side benchmark's copy of configtx.yaml gets its block cutting, and only that changes. */
class BatchSettingsTest {
    @Test
    void theOrdererSectionsBatchTimeoutAndMaxMessageCountAreReplaced() {
        String configtx = Network.read(Network.DIR.resolve("configtx/configtx.yaml"));
        String tuned = SideBySideBenchmark.withBatch(configtx, 321, 20);
        assertThat(tuned).containsPattern("(?m)^  BatchTimeout: 20ms$").containsPattern("(?m)^    MaxMessageCount: 321$");
        assertThat(tuned.lines().count()).isEqualTo(configtx.lines().count());
        assertThat(tuned.replace("BatchTimeout: 20ms", "BatchTimeout: 2s").replace("MaxMessageCount: 321", "MaxMessageCount: 500"))
                .isEqualTo(configtx);
    }

    @Test
    void aConfigtxWithoutTheSettingOrWithItTwiceIsRefused() {
        assertThatThrownBy(() -> SideBySideBenchmark.withBatch("Orderer:\n  BatchSize:\n    MaxMessageCount: 10\n", 500, 20))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no line matching").hasMessageContaining("BatchTimeout");
        assertThatThrownBy(() -> SideBySideBenchmark.withBatch("  BatchTimeout: 2s\n  BatchTimeout: 1s\n    MaxMessageCount: 10\n",
                500, 20)).isInstanceOf(IllegalStateException.class).hasMessageContaining("more than one line");
    }
}
