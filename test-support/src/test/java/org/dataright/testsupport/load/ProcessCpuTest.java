package org.dataright.testsupport.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {
    @Test
    void utimePlusStimeAreFields14And15() {
        String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 97 0 0 0 1234 567 0 0 20 0 31 0 9870 4096000 5000 18446744073709551615";
        assertThat(ProcessCpu.ticks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void aProgramNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "77 (my (odd) prog) R 1 77 77 0 -1 0 0 0 0 0 10 5 0 0 20 0 1 0 100 0 0";
        assertThat(ProcessCpu.ticks(stat)).isEqualTo(15);
    }

    @Test
    void aLineThatIsNotStatIsRefused() {
        assertThatThrownBy(() -> ProcessCpu.ticks("no parenthesis here")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a /proc/PID/stat line");
        assertThatThrownBy(() -> ProcessCpu.ticks("1 (x) S 1 2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("with 5 fields");
    }

    @Test
    void thisProcessHasUsedSomeCpuAndAnEndedOneReportsMinusOne() {
        assertThat(ProcessCpu.millis(ProcessHandle.current().pid())).isPositive();
        assertThat(ProcessCpu.millis(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
