package org.dataright.service.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.dataright.fabric.crypto.Pem;
import org.dataright.ledger.client.Committed;
import org.dataright.service.RegistryClient;
import org.dataright.service.TestServices;
import org.dataright.service.enrollment.SignedRequests;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole registry in embedded mode (real embedded peer, real chaincode) with what the drills need:
 * the registrar's key, an enrolled enterprise, a registered asset with its certificate, and a one-time
 * token that expired long ago (written into the token file before the service starts, as an old one
 * would be). {@link #snapshot()} is what "nothing changed" is checked against.
 */
final class Drill implements AutoCloseable {
    /** A token the service has on file as expired on 2020-01-02. */
    static final String EXPIRED_TOKEN = "drill-token-that-expired-in-2020";

    final Path data;
    final ConfigurableApplicationContext context;
    final RegistryClient client;
    final RawHttp http;
    final String registrarCertificate;
    final PrivateKey registrarKey;
    final RegistryClient.Participant enterprise;
    final String assetId;
    final String transactionId;
    final String certificateJson;
    final String certificateId;

    private Drill(Path data) throws Exception {
        this.data = data;
        seedExpiredToken(data);
        context = TestServices.start(data);
        String base = TestServices.baseUrl(context);
        client = new RegistryClient(base);
        http = new RawHttp(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
        Path admin = data.resolve("peer").resolve("crypto").resolve("admin");
        registrarCertificate = Files.readString(admin.resolve("cert.pem"));
        registrarKey = Pem.privateKey(Files.readString(admin.resolve("key.pem")));
        enterprise = client.enrol(data, "enterprise", "drill-enterprise");
        Committed registered = client.registerAsset(enterprise,
                RegistryClient.assetDescription("drill data set".getBytes(StandardCharsets.UTF_8)));
        assetId = registered.result().path("id").asText();
        transactionId = registered.transactionId();
        HttpResponse<String> issued = client.postJson("/api/certificates", "{\"transactionId\":\"" + transactionId + "\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        certificateJson = issued.body();
        certificateId = RegistryClient.JSON.readTree(certificateJson).path("id").asText();
    }

    static Drill start(Path data) throws Exception {
        return new Drill(data);
    }

    private static void seedExpiredToken(Path data) throws IOException {
        Path tokens = Files.createDirectories(data.resolve("enrollment")).resolve("tokens.json");
        Files.writeString(tokens, "{\"" + sha256Hex(EXPIRED_TOKEN.getBytes(StandardCharsets.UTF_8)) + "\":{"
                + "\"role\":\"enterprise\",\"name\":\"Expired Ltd\",\"issuedBy\":\"RegistryMSP::OU=admin,CN=admin\","
                + "\"issuedAt\":\"2020-01-01T00:00:00Z\",\"expiresAt\":\"2020-01-02T00:00:00Z\"}}");
    }

    /** The ledger's height and head, and the digest of every file the service keeps besides the ledger itself. */
    record Snapshot(long height, String head, Map<String, String> files) {
    }

    Snapshot snapshot() {
        JsonNode ledger;
        try {
            HttpResponse<String> answer = client.get("/api/ledger");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            ledger = RegistryClient.JSON.readTree(answer.body());
        } catch (Exception e) {
            throw new AssertionError("GET /api/ledger failed", e);
        }
        Map<String, String> files = new TreeMap<>();
        for (String dir : List.of("enrollment", "certificates", "issuer", "ca", "peer/crypto")) {
            Path root = data.resolve(dir);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                // Every verified signed request is recorded there, whatever came of it, so it cannot be replayed.
                walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("seen-requests"))
                        .forEach(f -> files.put(data.relativize(f).toString(), digestOf(f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Snapshot(ledger.path("height").asLong(), ledger.path("currentBlockHash").asText(), files);
    }

    /** The token file's text, to look into after an accepted request. */
    String tokenFile() throws IOException {
        return Files.readString(data.resolve("enrollment").resolve("tokens.json"));
    }

    /** A new one-time token, issued by the registrar. */
    String newToken(String role, String name) throws Exception {
        HttpResponse<String> answer = client.signedPost("/api/enrollment/tokens",
                "{\"role\":\"" + role + "\",\"name\":\"" + name + "\",\"validHours\":1}", registrarCertificate, registrarKey);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return RegistryClient.JSON.readTree(answer.body()).path("token").asText();
    }

    /** {@code POST path} with {@code body}, signed as docs/API.md says, with what goes into the signature given. */
    RawHttp.Request signed(String path, byte[] body, String certificatePem, PrivateKey key, Instant timestamp,
            String signedMethod, String signedPath, byte[] signedBody) {
        String time = timestamp.toString();
        byte[] signature = LowSEcdsa.sign(key, SignedRequests.message(signedMethod, signedPath, time, signedBody));
        return new RawHttp.Request("POST", path).header("Content-Type", "application/json")
                .header(SignedRequests.CERTIFICATE_HEADER, base64(certificatePem.getBytes(StandardCharsets.US_ASCII)))
                .header(SignedRequests.TIMESTAMP_HEADER, time)
                .header(SignedRequests.SIGNATURE_HEADER, base64(signature))
                .body(body);
    }

    /** A token request signed by the registrar, correctly. */
    RawHttp.Request signedByRegistrar(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return signed("/api/enrollment/tokens", bytes, registrarCertificate, registrarKey, Instant.now(), "POST",
                "/api/enrollment/tokens", bytes);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String digestOf(Path file) {
        try {
            return sha256Hex(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
