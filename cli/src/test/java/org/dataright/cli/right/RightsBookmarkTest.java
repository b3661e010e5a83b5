package org.dataright.cli.right;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dataright.cli.base.CliException;
import org.junit.jupiter.api.Test;

/** A ledger bookmark (a composite key, with NULs) survives being printed and pasted into a shell. */
class RightsBookmarkTest {
    private static final String LEDGER = "\u0000holder~right\u0000RegistryMSP::OU=client,CN=Beta\u0000A-1/RESOURCE_HOLDING\u0000";

    @Test
    void aBookmarkWithNulsIsPrintedWithoutThemAndTakenBack() {
        String printed = RightsCommand.forShell(LEDGER);
        assertThat(printed).startsWith("b64:").doesNotContain("\u0000").matches("b64:[A-Za-z0-9_-]+");
        assertThat(RightsCommand.fromShell(printed)).isEqualTo(LEDGER);
    }

    @Test
    void aPlainBookmarkIsLeftAsItIs() {
        assertThat(RightsCommand.forShell("abc")).isEqualTo("abc");
        assertThat(RightsCommand.fromShell("abc")).isEqualTo("abc");
        assertThat(RightsCommand.fromShell(null)).isNull();
    }

    @Test
    void aDamagedBookmarkIsAUsageError() {
        assertThatThrownBy(() -> RightsCommand.fromShell("b64:not*base64")).isInstanceOf(CliException.class)
                .hasMessageContaining("is not a bookmark dpr printed");
    }
}
