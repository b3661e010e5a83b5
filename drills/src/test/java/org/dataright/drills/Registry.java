package org.dataright.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.dataright.evidence.digest.ContentDigests;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.dataright.fabric.crypto.Pem;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerEndpoint;
import org.dataright.ledger.client.LedgerException;
import org.dataright.ledger.client.NetworkDescription;
import org.dataright.ledger.client.RightsContract;
import org.dataright.testsupport.RegistryServiceProcess;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * What participants do against a running registry, the way {@code dpr} does it: enrol over HTTP with a
 * key made here (registrar-signed token, then a CSR), read {@code /api/network}, and act on the ledger
 * through the ledger client, signing locally with low-S ECDSA. Certificates and queries go over HTTP.
 */
final class Registry {
    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Deadline of an HTTP request and of reading blocks: a killed service fails calls at once (connection
     * reset), a hung one does not. Gateway calls have the ledger client's deadlines.
     */
    private static final long CALL_SECONDS = 120;

    /**
     * JVM options for the service and, through {@code JAVA_TOOL_OPTIONS}, the chaincode JVM it launches.
     * C1 only and the serial collector: on a busy 2-core machine this halves start-up, which is what a
     * drill of many restarts spends its time on. {@code -Ddpr.drill.javaOptions=} runs them with none.
     */
    static final String JAVA_OPTIONS = System.getProperty("dpr.drill.javaOptions",
            "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("dpr.drill.startTimeoutSeconds", 300));

    private final RegistryServiceProcess service;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Registry(RegistryServiceProcess service) {
        this.service = service;
    }

    /**
     * The service as the drills run it: embedded mode on {@code data} (which outlives each process, so it
     * can be killed and started again), fresh free ports on every start, ready once
     * {@code /actuator/health/readiness} answers UP, its console output appended to {@code log}.
     */
    static RegistryServiceProcess service(Path data, Path log) {
        RegistryServiceProcess.Builder builder = RegistryServiceProcess.builder(RegistryServiceProcess.serviceJar(), data, log)
                .embedded(RegistryServiceProcess.chaincodeJar()).freshPeerPort()
                .readinessPath("/actuator/health/readiness").startTimeout(START_TIMEOUT);
        if (!JAVA_OPTIONS.isBlank()) {
            builder.environment("JAVA_TOOL_OPTIONS", JAVA_OPTIONS);
        }
        return builder.build();
    }

    /** {@link Thread#sleep}, keeping the interrupt flag instead of throwing. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An enrolled participant: its own key, the certificate the registry issued, and its party name. */
    record Participant(String mspId, X509Certificate certificate, PrivateKey privateKey, String party) {
        ClientIdentity identity() {
            return new ClientIdentity(mspId, certificate, privateKey);
        }
    }

    /** What {@code GET /api/network} tells a client: where the gateway is, and the trust bundle. */
    record NetworkInfo(LedgerEndpoint endpoint, TrustBundle trustBundle) {
    }

    /** How a submitted act ended. */
    enum Kind {
        /** Ordered and committed with validation code VALID: acknowledged. */
        COMMITTED,
        /** Ordered, then marked invalid at commit ({@link Outcome#validationCode}). */
        INVALIDATED,
        /** Refused at endorsement by the chaincode ({@link Outcome#errorCode}); never ordered. */
        REFUSED,
        /** No answer on the outcome (connection lost, service gone, deadline): may or may not be committed. */
        UNKNOWN
    }

    /**
     * One submitted act. {@code message} is what the client was told: the chaincode's sentence, the
     * validation code, or the transport error.
     */
    record Outcome(Kind kind, String txId, long blockNumber, TxValidationCode validationCode, String errorCode,
            String message, String result) {
        boolean committed() {
            return kind == Kind.COMMITTED;
        }
    }

    // ---- HTTP ----

    NetworkInfo network() {
        JsonNode body = json(get("/api/network"), 200);
        return new NetworkInfo(NetworkDescription.from(body).ledgerEndpoint(), TrustBundle.from(body.get("trustBundle").toString()));
    }

    /** A registrar-signed one-time token for {@code role}, then the enrolment with a P-256 key made here. */
    Participant enrol(String role, String commonName) {
        String tokenRequest = JSON.createObjectNode().put("role", role).put("name", commonName).put("validHours", 1).toString();
        HttpResponse<String> token;
        try {
            token = signedPost("/api/enrollment/tokens", tokenRequest, Files.readString(service.registrarCertificate()),
                    Pem.privateKey(Files.readString(service.registrarKey())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the registrar identity " + service.registrarCertificate() + ": "
                    + e.getMessage(), e);
        }
        String secret = json(token, 201).get("token").asText();
        KeyPair keys = newKeyPair();
        JsonNode enrolled = json(postJson("/api/enrollment", JSON.createObjectNode().put("token", secret)
                .put("csr", csr(commonName, keys)).toString()), 201);
        return new Participant(enrolled.get("mspId").asText(), Pem.certificate(enrolled.get("certificate").asText()),
                keys.getPrivate(), enrolled.get("party").asText());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(service.url() + path)).GET());
    }

    HttpResponse<String> postJson(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(service.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The body as JSON, after checking the status (the problem details are in the message otherwise). */
    static JsonNode json(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().method() + " " + response.request().uri() + ": expected "
                    + status + ", got " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(response.request().uri() + " answered something that is not JSON: " + response.body(), e);
        }
    }

    private HttpResponse<String> signedPost(String path, String body, String certificatePem, PrivateKey key) {
        String timestamp = Instant.now().toString();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // docs/API.md: METHOD \n PATH \n TIMESTAMP \n hex(SHA-256(body)), signed low-S.
        String message = "POST\n" + path + "\n" + timestamp + "\n" + HexFormat.of().formatHex(sha256(bytes));
        byte[] signature = LowSEcdsa.sign(key, message.getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(service.url() + path)).header("Content-Type", "application/json")
                .header("X-DPR-Certificate", Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII)))
                .header("X-DPR-Timestamp", timestamp)
                .header("X-DPR-Signature", Base64.getEncoder().encodeToString(signature))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(CALL_SECONDS)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("the registry at " + service.url() + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the registry", e);
        }
    }

    // ---- the ledger ----

    /** A connection of one participant to the gateway endpoint the running service names. */
    Session connect(Participant participant) {
        return new Session(participant, network());
    }

    /** One participant's ledger connection, as {@code dpr} makes it. */
    static final class Session implements AutoCloseable {
        private final LedgerConnection connection;
        /** One attempt per act: an MVCC conflict is not retried, so every race is seen as it ends. */
        private final RightsContract rights;

        Session(Participant participant, NetworkInfo info) {
            this.connection = LedgerConnection.open(info.endpoint(), participant.identity());
            this.rights = connection.rights(1);
        }

        /** Endorse, submit and wait for the commit status, once. */
        Outcome submit(Function<RightsContract, Committed> act) {
            try {
                Committed committed = act.apply(rights);
                return new Outcome(Kind.COMMITTED, committed.transactionId(), committed.blockNumber(), TxValidationCode.VALID,
                        null, null, committed.result().toString());
            } catch (LedgerException e) {
                return switch (e.reason()) {
                    case NOT_COMMITTED -> new Outcome(Kind.INVALIDATED, e.transactionId(), e.blockNumber(),
                            TxValidationCode.valueOf(e.code()), null, "transaction " + e.transactionId() + " was ordered into block "
                                    + e.blockNumber() + " but not committed: validation code " + e.code(), null);
                    case CHAINCODE_REFUSED -> new Outcome(Kind.REFUSED, e.transactionId(), -1, null, e.code(),
                            e.code() + ": " + e.getMessage(), null);
                    default -> new Outcome(Kind.UNKNOWN, e.transactionId(), -1, null, null, e.getMessage(), null);
                };
            }
        }

        /** A query that must succeed. */
        JsonNode query(Function<RightsContract, JsonNode> query) {
            return find(query).orElseThrow(() -> new AssertionError("the query found nothing"));
        }

        /** A query; empty when the chaincode answers {@code …_NOT_FOUND}, any other failure is the drill's. */
        Optional<JsonNode> find(Function<RightsContract, JsonNode> query) {
            try {
                return Optional.of(query.apply(rights));
            } catch (LedgerException e) {
                if (e.reason() == LedgerException.Reason.CHAINCODE_REFUSED && e.code().endsWith("_NOT_FOUND")) {
                    return Optional.empty();
                }
                throw new AssertionError("the query failed: " + e.code() + ": " + e.getMessage(), e);
            }
        }

        /** qscc {@code GetChainInfo}: height and the last two block hashes. */
        BlockchainInfo chainInfo() {
            try {
                return connection.qscc().chainInfo();
            } catch (LedgerException e) {
                throw new AssertionError("qscc GetChainInfo failed: " + e.getMessage(), e);
            }
        }

        /** Blocks {@code 0 … count-1}, read through the peer's Deliver service. */
        List<Block> blocks(long count) {
            List<Block> blocks = new ArrayList<>();
            try (CloseableIterator<Block> events = connection.network().newBlockEventsRequest().startBlock(0).build()
                    .getEvents(o -> o.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS))) {
                while (blocks.size() < count && events.hasNext()) {
                    blocks.add(events.next());
                }
            }
            return blocks;
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    // ---- keys and digests ----

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 keys are part of every Java 17 runtime", e);
        }
    }

    private static String csr(String commonName, KeyPair keys) {
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(request);
            }
            return out.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a certificate signing request: " + e.getMessage(), e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A registration description as {@code dpr register} sends it: metadata and the content's SHA-256 and SM3. */
    static String assetDescription(String title, int sizeBytes, ContentDigests digests) {
        return JSON.createObjectNode()
                .put("title", title)
                .put("industry", "retail")
                .put("classification", "GENERAL")
                .put("format", "CSV")
                .put("region", "CN-31")
                .put("sizeBytes", sizeBytes)
                .put("recordCount", 1)
                .put("sha256", digests.sha256())
                .put("sm3", digests.sm3())
                .toString();
    }
}
