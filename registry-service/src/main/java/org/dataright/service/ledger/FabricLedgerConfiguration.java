package org.dataright.service.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dataright.fabric.crypto.Pem;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.ConnectionProfile;
import org.dataright.ledger.client.LedgerEndpoint;
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
        LedgerEndpoint endpoint;
        try {
            endpoint = ConnectionProfile.read(fabric.connectionProfile()).endpoint(fabric.peer(), fabric.mspId(),
                    properties.channel(), properties.chaincodeName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the connection profile " + fabric.connectionProfile() + ": "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the connection profile " + fabric.connectionProfile() + " cannot be used: "
                    + e.getMessage(), e);
        }
        List<String> roots = new ArrayList<>();
        for (Path root : fabric.caRootCertificates()) {
            roots.add(read(root));
        }
        return new GatewayTarget(endpoint, new ClientIdentity(fabric.mspId(), Pem.certificate(read(fabric.certificate())),
                Pem.privateKey(read(fabric.privateKey()))), roots);
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
