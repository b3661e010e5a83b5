package org.dataright.service.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dataright.fabric.crypto.Pem;
import org.dataright.service.config.RegistryProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Fabric mode: the connection goes to a peer of a Fabric network, as the service's own identity. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "registry.mode", havingValue = "fabric")
class FabricLedgerConfiguration {

    @Bean
    GatewayTarget gatewayTarget(RegistryProperties properties) {
        RegistryProperties.Fabric fabric = properties.fabric();
        require(fabric.connectionProfile(), "registry.fabric.connection-profile");
        require(fabric.certificate(), "registry.fabric.certificate");
        require(fabric.privateKey(), "registry.fabric.private-key");
        if (fabric.mspId().isBlank()) {
            throw new IllegalStateException("fabric mode needs registry.fabric.msp-id");
        }
        ConnectionProfile profile = ConnectionProfile.read(fabric.connectionProfile(), fabric.peer(), fabric.mspId());
        List<String> roots = new ArrayList<>();
        for (Path root : fabric.caRootCertificates()) {
            roots.add(read(root));
        }
        return new GatewayTarget(profile.endpoint(), profile.tlsRootCertificate(), profile.hostnameOverride(), fabric.mspId(),
                Pem.certificate(read(fabric.certificate())), Pem.privateKey(read(fabric.privateKey())), roots);
    }

    @Bean(destroyMethod = "close")
    LedgerConnection ledgerConnection(GatewayTarget target, RegistryProperties properties) {
        return new LedgerConnection(target, properties.channel(), properties.chaincodeName());
    }

    private static void require(Path path, String property) {
        if (path == null) {
            throw new IllegalStateException("fabric mode needs " + property);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
