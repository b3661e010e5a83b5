package org.dataright.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.NetworkDescription;
import org.dataright.service.enrollment.SignedRequests;

/**
 * What a participant does against a running service in the tests, as the CLI would: enrol with its own
 * key, then act through the ledger client at the endpoint {@code /api/network} names, signing locally.
 */
public final class RegistryClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;

    public RegistryClient(String base) {
        this.base = base;
    }

    /** An enrolled participant: its own key and the certificate the registry issued. */
    public record Participant(String mspId, X509Certificate certificate, PrivateKey privateKey, String party, String token) {
        public ClientIdentity identity() {
            return new ClientIdentity(mspId, certificate, privateKey);
        }
    }

    /** A registrar-signed token, then an enrolment with a key made here. */
    public Participant enrol(Path data, String role, String commonName) throws Exception {
        return enrol(data, role, commonName, false);
    }

    /** A registrar-signed token ({@code renewal}: a new key for an enrolled participant), then an enrolment with a key made here. */
    public Participant enrol(Path data, String role, String commonName, boolean renewal) throws Exception {
        Path registrar = data.resolve("peer").resolve("crypto").resolve("admin");
        PrivateKey registrarKey = Pem.privateKey(Files.readString(registrar.resolve("key.pem")));
        String registrarCert = Files.readString(registrar.resolve("cert.pem"));
        HttpResponse<String> token = signedPost("/api/enrollment/tokens",
                "{\"role\":\"" + role + "\",\"name\":\"" + commonName + "\",\"validHours\":1,\"renewal\":" + renewal + "}",
                registrarCert, registrarKey);
        check(token, 201);
        String secret = JSON.readTree(token.body()).get("token").asText();
        KeyPair keys = CertificateAuthority.newKeyPair();
        HttpResponse<String> enrolled = postJson("/api/enrollment", JSON.writeValueAsString(JSON.createObjectNode()
                .put("token", secret).put("csr", csr("CN=" + commonName, keys))));
        check(enrolled, 201);
        JsonNode body = JSON.readTree(enrolled.body());
        return new Participant(body.get("mspId").asText(), Pem.certificate(body.get("certificate").asText()),
                keys.getPrivate(), body.get("party").asText(), secret);
    }

    /** Registers an asset as the participant, signing with its own key, at the gateway endpoint {@code /api/network} names. */
    public Committed registerAsset(Participant participant, String descriptionJson) throws Exception {
        NetworkDescription network = NetworkDescription.from(JSON.readTree(get("/api/network").body()));
        try (LedgerConnection ledger = LedgerConnection.open(network.ledgerEndpoint(), participant.identity())) {
            return ledger.rights().registerAsset(descriptionJson);
        }
    }

    /** A registration description of {@code content} (its SHA-256 only), with a unique title. */
    public static String assetDescription(byte[] content) throws Exception {
        String sha256 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("title", "Retail panel " + UUID.randomUUID())
                .put("industry", "retail")
                .put("classification", "GENERAL")
                .put("format", "CSV")
                .put("region", "CN-31")
                .put("sizeBytes", content.length)
                .put("recordCount", 3)
                .put("sha256", sha256));
    }

    public HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> getBytes(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> postJson(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST /api/verify} with the certificate as a file part and, optionally, the file's SHA-256. */
    public HttpResponse<String> verify(byte[] certificate, String fileName, String sha256) throws Exception {
        String boundary = "----dpr" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"certificate\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        body.write(head.getBytes(StandardCharsets.UTF_8));
        body.write(certificate);
        body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        if (sha256 != null) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"sha256\"\r\n\r\n" + sha256 + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/verify"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> signedPost(String path, String body, String certificatePem, PrivateKey key) throws Exception {
        String timestamp = Instant.now().toString();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] signature = LowSEcdsa.sign(key, SignedRequests.message("POST", path, timestamp, bytes));
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header(SignedRequests.CERTIFICATE_HEADER,
                        Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII)))
                .header(SignedRequests.TIMESTAMP_HEADER, timestamp)
                .header(SignedRequests.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(signature))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String csr(String subject, KeyPair keys) throws Exception {
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(request);
        }
        return out.toString();
    }

    private static void check(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + ", got " + response.statusCode() + ": " + response.body());
        }
    }
}
