package org.dataright.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.Output;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.dataright.fabric.crypto.Pem;
import org.dataright.ledger.client.NetworkDescription;

/**
 * The registry service's HTTP API (docs/API.md) as dpr uses it: network information, enrollment and
 * certificates. Problem details become a {@link CliException} with the service's code (exit 3); a
 * service that cannot be reached is exit 4.
 */
public final class RegistryService {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final HttpClient http;

    public RegistryService(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public URI base() {
        return base;
    }

    /** {@code GET /api/network}: where the gateway listens and what verifiers need. */
    public NetworkDescription network() {
        try {
            return NetworkDescription.from(json(get("/api/network", "application/json")));
        } catch (IllegalArgumentException e) {
            throw CliException.cannotConnect("SERVICE_ERROR", "the registry's /api/network " + e.getMessage(),
                    "check that the service URL points at a dpr registry service", null);
        }
    }

    /** {@code GET /api/trust-bundle}: the trust bundle the service publishes, as sent. */
    public String trustBundle() {
        return text(get("/api/trust-bundle", "application/json"));
    }

    /** {@code POST /api/enrollment}: a certificate for a CSR, against a one-time token. */
    public Enrollment enroll(String token, String csrPem) {
        ObjectNode body = Output.object().put("token", token).put("csr", csrPem);
        return Enrollment.from(json(post("/api/enrollment", body)));
    }

    /**
     * {@code POST /api/enrollment/tokens}, signed with the caller's key as docs/API.md says:
     * {@code METHOD \n PATH \n TIMESTAMP \n hex(SHA-256(body))}, ECDSA-SHA256 low-S.
     */
    public JsonNode issueToken(X509Certificate certificate, PrivateKey key, Instant now, String role, String name,
            int validHours, boolean renewal) {
        String path = "/api/enrollment/tokens";
        byte[] body = bytes(Output.object().put("role", role).put("name", name).put("validHours", validHours)
                .put("renewal", renewal));
        String timestamp = now.toString();
        String message = "POST\n" + resolve(path).getPath() + "\n" + timestamp + "\n"
                + HexFormat.of().formatHex(BlockHashes.sha256(body));
        byte[] signature = LowSEcdsa.sign(key, message.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder base64 = Base64.getEncoder();
        return json(send(HttpRequest.newBuilder(resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-DPR-Certificate", base64.encodeToString(
                        Pem.of(certificate).getBytes(StandardCharsets.US_ASCII)))
                .header("X-DPR-Timestamp", timestamp)
                .header("X-DPR-Signature", base64.encodeToString(signature))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()));
    }

    /** {@code POST /api/certificates}: the evidence certificate JSON of a committed transaction (idempotent), as sent. */
    public String issueCertificate(String transactionId) {
        return issueCertificate(transactionId, false);
    }

    /** {@code POST /api/certificates} for one data asset of a batch transaction (each has its own certificate), as sent. */
    public String issueCertificate(String transactionId, String assetId) {
        return issueCertificate(transactionId, assetId, false);
    }

    /** {@code POST /api/certificates} naming the data asset ({@code assetId} may be null for an act on one asset). */
    public String issueCertificate(String transactionId, String assetId, boolean fullBlock) {
        ObjectNode body = Output.object().put("transactionId", transactionId);
        if (assetId != null) {
            body.put("assetId", assetId);
        }
        return text(post("/api/certificates" + (fullBlock ? "?proof=full-block" : ""), body));
    }

    /** {@code POST /api/certificates}, with {@code ?proof=full-block} when {@code fullBlock}: the block's every envelope too. */
    public String issueCertificate(String transactionId, boolean fullBlock) {
        return issueCertificate(transactionId, null, fullBlock);
    }

    /** {@code GET /api/certificates/{id}}: the certificate JSON, as sent. */
    public String certificate(String id) {
        return certificate(id, false);
    }

    /** {@code GET /api/certificates/{id}}, with {@code ?proof=full-block} when {@code fullBlock}. */
    public String certificate(String id, boolean fullBlock) {
        return text(get("/api/certificates/" + encode(id) + (fullBlock ? "?proof=full-block" : ""), "application/json"));
    }

    /** {@code GET /api/assets/{id}/standing}: the data asset's standing certificate JSON, as sent. */
    public String standing(String assetId) {
        return text(get("/api/assets/" + encode(assetId) + "/standing", "application/json"));
    }

    /** {@code GET /api/certificates/{id}} as PDF. */
    public byte[] certificatePdf(String id) {
        return get("/api/certificates/" + encode(id), "application/pdf").body();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpResponse<byte[]> get(String path, String accept) {
        return send(HttpRequest.newBuilder(resolve(path)).timeout(REQUEST_TIMEOUT).header("Accept", accept).GET().build());
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return Output.JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private HttpResponse<byte[]> post(String path, JsonNode body) {
        byte[] bytes = bytes(body);
        return send(HttpRequest.newBuilder(resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private URI resolve(String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw CliException.cannotConnect("SERVICE_UNREACHABLE",
                    "the registry service at " + base + " cannot be reached (" + describe(e) + ")",
                    "start the registry, or check the service URL of your profile ('dpr init --force --service URL')", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("INTERRUPTED", "interrupted while waiting for the registry service", null, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        throw problem(request, response);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private CliException problem(HttpRequest request, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String code = null;
        String detail = null;
        try {
            JsonNode problem = Output.JSON.readTree(response.body());
            if (problem != null && problem.isObject()) {
                code = problem.path("code").asText(null);
                detail = problem.path("detail").asText(problem.path("title").asText(null));
            }
        } catch (IOException e) {
            // not a problem document: described by its status below
        }
        if (detail == null) {
            detail = "the registry service answered " + status + " to " + request.method() + " " + request.uri().getPath();
        }
        if (status >= 500) {
            return CliException.cannotConnect(code == null ? "SERVICE_ERROR" : code, detail,
                    "the registry service failed; try again later or ask its operator", null);
        }
        if (code == null) {
            code = status == 404 ? "NOT_FOUND" : "SERVICE_REJECTED";
        }
        return CliException.rejected(code, detail, nextStep(code));
    }

    private static String nextStep(String code) {
        return switch (code) {
            case "TOKEN_UNKNOWN", "TOKEN_USED", "TOKEN_EXPIRED" -> "ask your registrar for a new enrollment token";
            case "AUTH_REQUIRED", "AUTH_INVALID" -> "check this machine's clock and that your identity is the registry's";
            case "REQUEST_REPLAYED" -> "run the command again: dpr signs each request anew, with the current time";
            case "TOO_MANY_REQUESTS" -> "this address has too many requests in progress at the service; wait for them, then try again";
            case "REQUEST_TIMEOUT" -> "the request's body arrived too slowly; check the network to the service and try again";
            case "NAME_CONFUSABLE" -> "the name looks like the participant the message names; choose a name that reads differently";
            case "ROLE_NOT_ALLOWED" -> "only a registrar may do this; check your role with 'dpr identity show'";
            case "CSR_INVALID" -> "run 'dpr identity enroll' again; it makes a new key and request";
            case "TRANSACTION_NOT_FOUND" -> "check the transaction id; a transaction gets a certificate once committed";
            case "TRANSACTION_INVALID" -> "only valid transactions get certificates; see 'dpr asset history'";
            default -> "the registry changed nothing; correct what the message names and try again";
        };
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return Output.JSON.readTree(response.body());
        } catch (IOException e) {
            throw CliException.cannotConnect("SERVICE_ERROR",
                    "the registry service answered " + response.uri().getPath() + " with invalid JSON: " + e.getMessage(),
                    "check that the service URL points at a dpr registry service", e);
        }
    }
}
