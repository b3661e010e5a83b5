package org.dataright.service.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.LedgerEndpoint;
import org.dataright.peer.node.EmbeddedPeer;
import org.dataright.peer.node.PeerConfig;
import org.dataright.peer.node.PeerIdentities;
import org.dataright.service.config.RegistryProperties;
import org.dataright.service.enrollment.RegistryCa;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Embedded mode: the service starts the embedded peer (a one-node Fabric network on loopback, see
 * {@code embedded-peer}) in {@code <data dir>/peer/}, which launches the chaincode jar as a
 * chaincode-as-a-service process, and connects to it with the ledger client exactly as fabric mode
 * connects to a Fabric peer. The peer's identities ({@code <data dir>/peer/crypto/}) are made first,
 * so the enrollment CA is the organisation CA whose root the peer's MSP trusts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "registry.mode", havingValue = "embedded", matchIfMissing = true)
public class EmbeddedLedgerConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedLedgerConfiguration.class);
    /** The service's own client identity: no role attribute, so it can read the ledger but act in no one's name. */
    static final String SERVICE_IDENTITY = "registry-service";

    @Bean
    PeerIdentities peerIdentities(RegistryProperties properties) {
        try {
            return PeerIdentities.loadOrGenerate(peerDirectory(properties).resolve("crypto"),
                    properties.embedded().mspId(), properties.embedded().ordererMspId());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or make the embedded network's identities: " + e.getMessage(), e);
        }
    }

    @Bean
    RegistryCa registryCa(PeerIdentities identities, RegistryProperties properties) {
        RegistryCa ca = new RegistryCa(properties.embedded().mspId(), properties.dataDir().resolve("ca"), identities);
        SigningIdentity registrar = ca.registrar();
        log.info("registrar identity {}::{} (role {}): certificate and key in {}", registrar.mspId(),
                registrar.certificate().getSubjectX500Principal().getName(), RegistryCa.REGISTRAR_ROLE,
                registrarDirectory(properties).toAbsolutePath());
        return ca;
    }

    @Bean(destroyMethod = "close")
    EmbeddedPeer embeddedPeer(PeerIdentities identities, RegistryProperties properties) {
        Path jar = properties.embedded().chaincodeJar().toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("embedded mode needs the chaincode jar, and " + jar + " does not exist: build it with "
                    + "'mvn -B install -DskipTests' from the repository root, start the service from the repository root, "
                    + "or set registry.embedded.chaincode-jar");
        }
        RegistryProperties.Embedded embedded = properties.embedded();
        PeerConfig config = PeerConfig.builder(peerDirectory(properties))
                .host(PeerConfig.DEFAULT_HOST)
                .port(embedded.peerPort())
                .channel(properties.channel())
                .mspIds(embedded.mspId(), embedded.ordererMspId())
                .identities(identities)
                .chaincodeJar(properties.chaincodeName(), jar)
                .blockCutting(embedded.blockMaxTransactions(), embedded.blockTimeout())
                .proposalTimeWindow(embedded.proposalTimeWindow())
                .build();
        try {
            return EmbeddedPeer.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded peer: " + e.getMessage(), e);
        }
    }

    @Bean
    GatewayTarget gatewayTarget(EmbeddedPeer peer, RegistryCa ca, RegistryProperties properties) {
        SigningIdentity service = ca.ownIdentity(SERVICE_IDENTITY, MSPRoleType.CLIENT, Map.of());
        log.info("embedded peer on {}; the service connects as {}::{}", peer.endpoint(), service.mspId(),
                service.certificate().getSubjectX500Principal().getName());
        // Plaintext: the embedded peer listens on loopback only.
        return new GatewayTarget(new LedgerEndpoint(peer.endpoint(), null, null, properties.channel(), properties.chaincodeName()),
                new ClientIdentity(service.mspId(), service.certificate(), service.privateKey()),
                List.of(Pem.of(ca.rootCertificate())));
    }

    /** Where the embedded peer keeps its admin identity, which is the registrar. */
    public static Path registrarDirectory(RegistryProperties properties) {
        return peerDirectory(properties).resolve("crypto").resolve("admin");
    }

    static Path peerDirectory(RegistryProperties properties) {
        return properties.dataDir().resolve("peer");
    }
}
