package org.dataright.service.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.dataright.fabric.crypto.Pem;
import org.dataright.service.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A registrar-signed request captured on the wire and sent again after the service restarted on the same
 * data directory is refused (it was accepted again before the record of seen requests was kept on disk),
 * also when the restart found an unfinished append at the end of that record.
 */
class SignedRequestReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PATH = "/api/enrollment/tokens";

    @TempDir
    Path data;

    private ConfigurableApplicationContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aCapturedTokenRequestIsRefusedAfterARestart() throws Exception {
        context = TestServices.start(data);
        Path admin = data.resolve("peer").resolve("crypto").resolve("admin");
        String certificate = Files.readString(admin.resolve("cert.pem"));
        PrivateKey key = Pem.privateKey(Files.readString(admin.resolve("key.pem")));
        HttpRequest captured = signed("{\"role\":\"enterprise\",\"name\":\"Replayed Ltd\",\"validHours\":1}", certificate, key);
        assertThat(send(captured).statusCode()).isEqualTo(201);

        context.close();
        // As if the process had died while appending another request's line.
        Files.write(data.resolve("enrollment").resolve("seen-requests"), "17".getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        context = TestServices.start(data);

        HttpResponse<String> replay = send(captured);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(401);
        JsonNode problem = JSON.readTree(replay.body());
        assertThat(problem.path("code").asText()).isEqualTo("REQUEST_REPLAYED");
        assertThat(problem.path("detail").asText()).contains("already received", "sign each request anew");
        HttpResponse<String> fresh = send(signed("{\"role\":\"enterprise\",\"name\":\"Fresh Ltd\",\"validHours\":1}",
                certificate, key));
        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(201);
        assertThat(Files.readString(data.resolve("enrollment").resolve("tokens.json"))).as("one token for the captured request")
                .containsOnlyOnce("Replayed Ltd").contains("Fresh Ltd");
    }

    private HttpRequest signed(String body, String certificatePem, PrivateKey key) {
        String timestamp = Instant.now().toString();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] signature = LowSEcdsa.sign(key, SignedRequests.message("POST", PATH, timestamp, bytes));
        return HttpRequest.newBuilder(URI.create(TestServices.baseUrl(context) + PATH))
                .header("Content-Type", "application/json")
                .header(SignedRequests.CERTIFICATE_HEADER,
                        Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII)))
                .header(SignedRequests.TIMESTAMP_HEADER, timestamp)
                .header(SignedRequests.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(signature))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        // The captured request names the old port; the same bytes go to the service wherever it listens now.
        HttpRequest to = HttpRequest.newBuilder(request, (n, v) -> true)
                .uri(URI.create(TestServices.baseUrl(context) + PATH)).build();
        return HTTP.send(to, HttpResponse.BodyHandlers.ofString());
    }
}
