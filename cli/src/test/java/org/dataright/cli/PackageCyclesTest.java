package org.dataright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dataright.testsupport.PackageCycles;
import org.junit.jupiter.api.Test;

/** The packages layer: base, then profile and the command base, then the features; the top command above them all. */
class PackageCyclesTest {

    @Test
    void dprsPackagesFormNoCycle() {
        assertThat(PackageCycles.in(Path.of("target/classes"), "org.dataright.cli")).isEmpty();
    }
}
