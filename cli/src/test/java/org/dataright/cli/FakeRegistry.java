package org.dataright.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.dataright.cli.base.Output;
import org.dataright.cli.identity.StoredIdentity;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.dataright.fabric.crypto.Pem;

/**
 * The registry's HTTP API as far as enrollment and errors go (docs/API.md), on loopback; the gateway
 * endpoint it names is a closed port. Token "used" is refused as the service refuses a used token.
 */
public final class FakeRegistry implements AutoCloseable {
    private final HttpServer server;
    private final TestPki pki = new TestPki();
    private final int gatewayPort = Cli.closedPort();

    public FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/network", this::network);
        server.createContext("/api/trust-bundle", this::trustBundle);
        server.createContext("/api/enrollment/tokens", this::token);
        server.createContext("/api/enrollment", this::enroll);
        server.createContext("/api/certificates", ex -> problem(ex, 404, "TRANSACTION_NOT_FOUND",
                "no transaction 00ff is on the ledger"));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int gatewayPort() {
        return gatewayPort;
    }

    private void network(HttpExchange ex) throws IOException {
        ObjectNode node = Output.object().put("mode", "embedded").put("channel", "registry").put("chaincode", "rights")
                .put("gatewayEndpoint", "127.0.0.1:" + gatewayPort).put("mspId", "RegistryMSP");
        node.putNull("tlsRootCertificate");
        node.putArray("caRootCertificates").add(Pem.of(pki.ca()));
        node.putObject("trustBundle").put("version", 1).put("channel", "registry");
        send(ex, 200, "application/json", node);
    }

    private void trustBundle(HttpExchange ex) throws IOException {
        byte[] bytes = pki.trustBundleJson().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    public TestPki pki() {
        return pki;
    }

    /** Checks the signed request exactly as docs/API.md describes it, and the registrar role. */
    private void token(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String timestamp = ex.getRequestHeaders().getFirst("X-DPR-Timestamp");
        X509Certificate caller = Pem.certificate(
                Base64.getDecoder().decode(ex.getRequestHeaders().getFirst("X-DPR-Certificate")));
        byte[] signature = Base64.getDecoder().decode(ex.getRequestHeaders().getFirst("X-DPR-Signature"));
        String message = ex.getRequestMethod() + "\n" + ex.getRequestURI().getPath() + "\n" + timestamp + "\n"
                + HexFormat.of().formatHex(BlockHashes.sha256(body));
        if (!LowSEcdsa.verify(caller.getPublicKey(), message.getBytes(StandardCharsets.UTF_8), signature)
                || !Instant.parse(timestamp).equals(Cli.NOW)) {
            problem(ex, 401, "AUTH_INVALID", "the request signature is not accepted");
            return;
        }
        if (!StoredIdentity.roleOf(caller).orElse("").equals("registrar")) {
            problem(ex, 403, "ROLE_NOT_ALLOWED", "this request needs the role 'registrar'");
            return;
        }
        JsonNode request = Output.JSON.readTree(body);
        send(ex, 201, "application/json", Output.object().put("token", "tok-" + request.path("name").asText())
                .put("role", request.path("role").asText()).put("expiresAt", Cli.NOW.plusSeconds(3600L
                        * request.path("validHours").asInt()).toString()));
    }

    private void enroll(HttpExchange ex) throws IOException {
        JsonNode body = Output.JSON.readTree(ex.getRequestBody());
        if ("used".equals(body.path("token").asText())) {
            problem(ex, 409, "TOKEN_USED", "the enrollment token was used on 2025-05-30T10:00:00Z");
            return;
        }
        try (PEMParser parser = new PEMParser(new StringReader(body.path("csr").asText()))) {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest((PKCS10CertificationRequest) parser.readObject());
            X509Certificate certificate = pki.issue(csr.getPublicKey(), csr.getSubject().toString(), "enterprise");
            ObjectNode node = Output.object().put("certificate", Pem.of(certificate)).put("mspId", "RegistryMSP")
                    .put("party", "RegistryMSP::" + certificate.getSubjectX500Principal().getName());
            node.putArray("caRootCertificates").add(Pem.of(pki.ca()));
            send(ex, 201, "application/json", node);
        } catch (Exception e) {
            problem(ex, 400, "CSR_INVALID", e.getMessage());
        }
    }

    private static void problem(HttpExchange ex, int status, String code, String detail) throws IOException {
        send(ex, status, "application/problem+json", Output.object().put("type", "about:blank").put("title", code)
                .put("status", status).put("detail", detail).put("code", code));
    }

    private static void send(HttpExchange ex, int status, String type, JsonNode body) throws IOException {
        byte[] bytes = Output.JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
