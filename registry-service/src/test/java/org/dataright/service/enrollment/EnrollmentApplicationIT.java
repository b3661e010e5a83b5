package org.dataright.service.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.service.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service in embedded mode over HTTP: a registrar issues a token with a signed request, a
 * participant enrols with its own key, bad requests of every kind get problems and change nothing,
 * and a restart on the same data directory keeps the CA and the tokens' state.
 */
class EnrollmentApplicationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;

    private ConfigurableApplicationContext context;
    private String base;

    private void start() {
        context = TestServices.start(data, "--registry.limits.max-json-bytes=4096");
        base = TestServices.baseUrl(context);
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void registrarIssuesATokenAParticipantEnrolsAndARestartKeepsEverything() throws Exception {
        start();
        Path registrarDir = data.resolve("peer").resolve("crypto").resolve("admin");
        PrivateKey registrarKey = Pem.privateKey(Files.readString(registrarDir.resolve("key.pem")));
        String registrarCert = Files.readString(registrarDir.resolve("cert.pem"));

        HttpResponse<String> token = signedPost("/api/enrollment/tokens",
                "{\"role\":\"enterprise\",\"name\":\"Acme Data Ltd\",\"validHours\":72}", registrarCert, registrarKey);
        assertThat(token.statusCode()).isEqualTo(201);
        String secret = JSON.readTree(token.body()).get("token").asText();
        assertThat(JSON.readTree(token.body()).get("role").asText()).isEqualTo("enterprise");

        // The token holder cannot take another participant's name (and with it that party on the ledger).
        assertProblem(post("/api/enrollment", enrollment(secret, csr("CN=Beta Trading", CertificateAuthority.newKeyPair()))),
                400, "NAME_MISMATCH");

        KeyPair participant = CertificateAuthority.newKeyPair();
        HttpResponse<String> enrolled = post("/api/enrollment", enrollment(secret, csr("CN=Acme Data Ltd", participant)));
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(enrolled.body());
        X509Certificate certificate = Pem.certificate(body.get("certificate").asText());
        X509Certificate root = Pem.certificate(body.get("caRootCertificates").get(0).asText());
        certificate.verify(root.getPublicKey());
        assertThat(certificate.getPublicKey()).isEqualTo(participant.getPublic());
        assertThat(CertificateAuthority.attributesOf(certificate)).isEqualTo("{\"attrs\":{\"role\":\"enterprise\"}}");
        assertThat(body.get("mspId").asText()).isEqualTo("RegistryMSP");
        assertThat(body.get("party").asText()).isEqualTo("RegistryMSP::" + certificate.getSubjectX500Principal().getName())
                .contains("CN=Acme Data Ltd");
        assertProblem(signedPost("/api/enrollment/tokens",
                "{\"role\":\"enterprise\",\"name\":\"Acme Data Ltd\",\"validHours\":72}", registrarCert, registrarKey),
                409, "NAME_TAKEN");
        // Look-alikes of the enrolled participant's name (Cyrillic А; full-width Ａ with an NBSP) get no token.
        assertProblem(signedPost("/api/enrollment/tokens",
                "{\"role\":\"enterprise\",\"name\":\"\u0410cme Data Ltd\",\"validHours\":72}", registrarCert, registrarKey),
                409, "NAME_CONFUSABLE");
        assertProblem(signedPost("/api/enrollment/tokens",
                "{\"role\":\"enterprise\",\"name\":\"\uff21cme\u00a0Data Ltd\",\"validHours\":72}", registrarCert, registrarKey),
                409, "NAME_CONFUSABLE");

        // The token is spent; an enterprise may not issue tokens.
        assertProblem(post("/api/enrollment", enrollment(secret, csr("CN=mallory", CertificateAuthority.newKeyPair()))),
                409, "TOKEN_USED");
        assertProblem(signedPost("/api/enrollment/tokens", "{\"role\":\"court\",\"name\":\"x\",\"validHours\":1}",
                body.get("certificate").asText(), participant.getPrivate()), 403, "ROLE_NOT_ALLOWED");

        context.close();
        start();

        assertProblem(post("/api/enrollment", enrollment(secret, csr("CN=alice", CertificateAuthority.newKeyPair()))),
                409, "TOKEN_USED");
        assertThat(Files.readString(data.resolve("peer").resolve("crypto").resolve("organization-ca").resolve("cert.pem"))).isEqualTo(Pem.of(root));
        HttpResponse<String> again = signedPost("/api/enrollment/tokens",
                "{\"role\":\"court\",\"name\":\"Court\",\"validHours\":1}", registrarCert, registrarKey);
        assertThat(again.statusCode()).isEqualTo(201);
    }

    @Test
    void badRequestsGetProblemsAndChangeNothing() throws Exception {
        start();
        Path tokens = data.resolve("enrollment").resolve("tokens.json");
        Path registrarDir = data.resolve("peer").resolve("crypto").resolve("admin");
        PrivateKey registrarKey = Pem.privateKey(Files.readString(registrarDir.resolve("key.pem")));
        String registrarCert = Files.readString(registrarDir.resolve("cert.pem"));

        assertProblem(post("/api/enrollment", "{\"token\":"), 400, "MALFORMED_REQUEST");
        assertProblem(post("/api/enrollment", "{\"token\":\"\",\"csr\":\"\"}"), 400, "INVALID_REQUEST");
        assertProblem(post("/api/enrollment", enrollment("nope", csr("CN=a", CertificateAuthority.newKeyPair()))), 400, "TOKEN_UNKNOWN");
        assertProblem(post("/api/enrollment", enrollment("nope", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n")),
                400, "CSR_INVALID");
        assertProblem(post("/api/enrollment", "{\"token\":\"" + "x".repeat(5000) + "\"}"), 413, "PAYLOAD_TOO_LARGE");
        assertProblem(send(HttpRequest.newBuilder(URI.create(base + "/api/enrollment")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build()), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(send(HttpRequest.newBuilder(URI.create(base + "/api/enrollment")).GET().build()), 405, "METHOD_NOT_ALLOWED");
        assertProblem(send(HttpRequest.newBuilder(URI.create(base + "/api/no-such-thing")).GET().build()), 404, "NOT_FOUND");
        assertProblem(post("/api/enrollment/tokens", "{\"role\":\"court\",\"name\":\"x\",\"validHours\":1}"), 401, "AUTH_REQUIRED");
        assertProblem(signedPost("/api/enrollment/tokens", "{\"role\":\"king\",\"name\":\"x\",\"validHours\":1}",
                registrarCert, registrarKey), 400, "ROLE_UNKNOWN");
        assertProblem(signedPost("/api/enrollment/tokens", "{\"role\":\"court\",\"name\":\"x\",\"validHours\":9999}",
                registrarCert, registrarKey), 400, "INVALID_REQUEST");

        // A signature over other bytes, and a key that did not make the certificate.
        String timestamp = Instant.now().toString();
        byte[] signed = SignedRequests.message("POST", "/api/enrollment/tokens", timestamp, "{}".getBytes(StandardCharsets.UTF_8));
        assertProblem(send(HttpRequest.newBuilder(URI.create(base + "/api/enrollment/tokens"))
                .header("Content-Type", "application/json")
                .header(SignedRequests.CERTIFICATE_HEADER, Base64.getEncoder().encodeToString(registrarCert.getBytes(StandardCharsets.US_ASCII)))
                .header(SignedRequests.TIMESTAMP_HEADER, timestamp)
                .header(SignedRequests.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(LowSEcdsa.sign(registrarKey, signed)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"court\",\"name\":\"x\",\"validHours\":1}")).build()),
                401, "AUTH_INVALID");
        assertProblem(signedPost("/api/enrollment/tokens", "{\"role\":\"court\",\"name\":\"x\",\"validHours\":1}",
                registrarCert, CertificateAuthority.newKeyPair().getPrivate()), 401, "AUTH_INVALID");

        assertThat(tokens).doesNotExist();
    }

    @Test
    void openApiHealthAndMetricsAreServed() throws Exception {
        start();
        HttpResponse<String> docs = send(HttpRequest.newBuilder(URI.create(base + "/v3/api-docs")).GET().build());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(docs.body()).get("paths").has("/api/enrollment")).isTrue();
        HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).GET().build());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).GET().build());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests");
    }

    private void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("code").asText()).as(response.body()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    private static String enrollment(String token, String csr) throws Exception {
        return JSON.writeValueAsString(JSON.createObjectNode().put("token", token).put("csr", csr));
    }

    private static String csr(String subject, KeyPair keys) throws Exception {
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(request);
        }
        return out.toString();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> signedPost(String path, String body, String certificatePem, PrivateKey key) throws Exception {
        String timestamp = Instant.now().toString();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] signature = LowSEcdsa.sign(key, SignedRequests.message("POST", path, timestamp, bytes));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header(SignedRequests.CERTIFICATE_HEADER,
                        Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII)))
                .header(SignedRequests.TIMESTAMP_HEADER, timestamp)
                .header(SignedRequests.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(signature))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

}
