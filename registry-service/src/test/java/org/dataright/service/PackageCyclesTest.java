package org.dataright.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dataright.testsupport.PackageCycles;
import org.junit.jupiter.api.Test;

/** The features' packages depend one way: config below, then ledger, then the features that use it. */
class PackageCyclesTest {

    @Test
    void theServicesPackagesFormNoCycle() {
        assertThat(PackageCycles.in(Path.of("target/classes"), "org.dataright.service")).isEmpty();
    }
}
