package org.dataright.service.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dataright.fabric.msp.CertificateChains;
import org.dataright.service.config.RegistryProperties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The issuer made on first start, for each algorithm: kept, reloaded, signing verifiably, chaining to its root. */
class IssuerTest {
    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(RegistryProperties.SigningAlgorithm.class)
    void madeOnceKeptAndChainedToItsRoot(RegistryProperties.SigningAlgorithm algorithm) {
        RegistryProperties properties = new RegistryProperties(RegistryProperties.Mode.EMBEDDED, data, "registry", "rights",
                URI.create("http://localhost:8080"),
                new RegistryProperties.Embedded("RegistryMSP", "OrdererMSP", 0, Path.of("chaincode.jar"), 500,
                        java.time.Duration.ofMillis(20), java.time.Duration.ofSeconds(60)),
                new RegistryProperties.Fabric(null, "", "", null, null, List.of()),
                new RegistryProperties.Issuer(algorithm, null, null, List.of(), List.of(), "Test registry"),
                new RegistryProperties.Limits(65536, 20, java.time.Duration.ofSeconds(10), org.springframework.util.unit.DataSize.ofKilobytes(4)),
                new RegistryProperties.Timestamp(null, List.of(), Duration.ofSeconds(10), Duration.ofSeconds(5),
                        Duration.ofMinutes(10)));
        Issuer first = Issuer.load(properties);
        Issuer again = Issuer.load(properties);
        assertThat(again.key().certificate()).isEqualTo(first.key().certificate());
        assertThat(again.roots()).isEqualTo(first.roots());
        assertThat(again.key().algorithm()).isEqualTo(Issuer.algorithm(algorithm));

        byte[] message = "canonical content".getBytes(StandardCharsets.UTF_8);
        byte[] signature = again.key().sign(message);
        assertThat(again.key().algorithm().verifyProblem(first.key().certificate().getPublicKey(), message, signature)).isNull();
        assertThat(CertificateChains.problem(again.key().certificate(), List.of(), again.roots(), Instant.now())).isNull();
        assertThat(data.resolve("issuer").resolve(algorithm.name()).resolve("key.pem")).exists();
    }
}
