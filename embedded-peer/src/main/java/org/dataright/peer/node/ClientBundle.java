package org.dataright.peer.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dataright.fabric.crypto.Pem;
import org.dataright.peer.chaincode.ChaincodeAddress;

/**
 * What a Fabric client needs to use a running embedded peer, written to {@code <data>/client}:
 * {@code connection.json} (endpoint, TLS, channel, chaincodes, MSP ids, and the file names below),
 * {@code ca.pem} (the organisation's CA root, which also signs client certificates),
 * {@code orderer-ca.pem}, {@code admin-cert.pem} and {@code admin-key.pem} (an admin identity of
 * the organisation), and {@code tls-ca.pem} (the server certificate to trust) when TLS is on.
 */
public final class ClientBundle {
    public static final String DIRECTORY = "client";
    public static final String CONNECTION_FILE = "connection.json";

    private ClientBundle() {
    }

    /** Writes the bundle and returns its directory. */
    public static Path write(EmbeddedPeer peer) throws IOException {
        PeerConfig config = peer.config();
        PeerIdentities ids = peer.identities();
        Path dir = config.dataDir().resolve(DIRECTORY);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ca.pem"), Pem.of(ids.organizationCa().certificate()), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("orderer-ca.pem"), Pem.of(ids.ordererCa().certificate()), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("admin-cert.pem"), Pem.of(ids.admin().certificate()), StandardCharsets.US_ASCII);
        PeerIdentities.writePrivate(dir.resolve("admin-key.pem"), Pem.of(ids.admin().privateKey()));
        boolean tls = config.tlsCertificate() != null;
        if (tls) {
            Files.copy(config.tlsCertificate(), dir.resolve("tls-ca.pem"), StandardCopyOption.REPLACE_EXISTING);
        }
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("endpoint", peer.endpoint());
        connection.put("tls", tls);
        connection.put("tlsRootCert", tls ? "tls-ca.pem" : null);
        connection.put("channel", peer.channelId());
        List<String> chaincodes = new java.util.ArrayList<>();
        config.chaincodes().stream().map(ChaincodeAddress::name).forEach(chaincodes::add);
        config.chaincodeJars().stream().map(PeerConfig.ChaincodeJar::name).forEach(chaincodes::add);
        connection.put("chaincodes", chaincodes);
        connection.put("mspId", config.mspId());
        connection.put("ordererMspId", config.ordererMspId());
        connection.put("caCert", "ca.pem");
        connection.put("ordererCaCert", "orderer-ca.pem");
        connection.put("adminCert", "admin-cert.pem");
        connection.put("adminKey", "admin-key.pem");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve(CONNECTION_FILE).toFile(), connection);
        return dir;
    }
}
