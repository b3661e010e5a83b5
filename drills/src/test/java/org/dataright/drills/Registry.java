package org.dataright.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.dataright.fabric.crypto.Pem;
import org.dataright.evidence.digest.ContentDigests;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.testsupport.RegistryServiceProcess;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * What participants do against a running registry, the way {@code dpr} does it: enrol over HTTP with a
 * key made here (registrar-signed token, then a CSR), read {@code /api/network}, and act on the ledger
 * through fabric-gateway, signing locally with low-S ECDSA. Certificates and queries go over HTTP.
 */
final class Registry {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Deadlines per gateway call: a killed service fails calls at once (connection reset), a hung one does not. */
    private static final long CALL_SECONDS = 120;
    private static final Pattern CHAINCODE_ERROR = Pattern.compile("\\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+): (.+)", Pattern.DOTALL);

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
    }

    /** What {@code GET /api/network} tells a client. */
    record NetworkInfo(String gatewayEndpoint, String channel, String chaincode, TrustBundle trustBundle) {
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
        return new NetworkInfo(body.get("gatewayEndpoint").asText(), body.get("channel").asText(),
                body.get("chaincode").asText(), TrustBundle.from(body.get("trustBundle").toString()));
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

    // ---- fabric-gateway ----

    /** A connection of one participant to the gateway endpoint the running service names. */
    Session connect(Participant participant) {
        return new Session(participant, network());
    }

    /** One participant's gRPC channel and gateway, closed in that order. */
    static final class Session implements AutoCloseable {
        private final ManagedChannel channel;
        private final Gateway gateway;
        private final Network network;
        private final Contract contract;
        private final NetworkInfo info;

        Session(Participant participant, NetworkInfo info) {
            this.info = info;
            this.channel = Grpc.newChannelBuilder(info.gatewayEndpoint(), InsecureChannelCredentials.create()).build();
            PrivateKey key = participant.privateKey();
            this.gateway = Gateway.newInstance()
                    .identity(new X509Identity(participant.mspId(), participant.certificate()))
                    // As the CLI: the whole message goes to the signer, which hashes with SHA-256 and signs low-S.
                    .hash(Hash.NONE)
                    .signer(message -> LowSEcdsa.sign(key, message))
                    .connection(channel)
                    .evaluateOptions(o -> o.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS))
                    .endorseOptions(o -> o.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS))
                    .submitOptions(o -> o.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS))
                    .commitStatusOptions(o -> o.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS))
                    .connect();
            this.network = gateway.getNetwork(info.channel());
            this.contract = network.getContract(info.chaincode());
        }

        /** Endorse, submit and wait for the commit status, once: no retry, so every race is seen as it ends. */
        Outcome submit(String function, String... args) {
            String txId = null;
            try {
                var transaction = contract.newProposal(function).addArguments(args).build().endorse();
                txId = transaction.getTransactionId();
                SubmittedTransaction submitted = transaction.submitAsync();
                Status status = submitted.getStatus();
                if (status.isSuccessful()) {
                    return new Outcome(Kind.COMMITTED, txId, status.getBlockNumber(), status.getCode(), null, null,
                            new String(submitted.getResult(), StandardCharsets.UTF_8));
                }
                return new Outcome(Kind.INVALIDATED, txId, status.getBlockNumber(), status.getCode(), null,
                        "transaction " + txId + " was ordered into block " + status.getBlockNumber()
                                + " but not committed: validation code " + status.getCode(), null);
            } catch (EndorseException e) {
                String[] chaincode = chaincodeError(e);
                if (chaincode != null) {
                    return new Outcome(Kind.REFUSED, e.getTransactionId(), -1, null, chaincode[0], chaincode[1], null);
                }
                return unknown(e.getTransactionId(), e);
            } catch (SubmitException e) {
                return unknown(e.getTransactionId(), e);
            } catch (CommitStatusException e) {
                return unknown(e.getTransactionId(), e);
            }
        }

        /** A query that must succeed. */
        JsonNode query(String function, String... args) {
            return find(function, args).orElseThrow(() -> new AssertionError(function + " found nothing"));
        }

        /** A query; empty when the chaincode answers {@code …_NOT_FOUND}, any other refusal is a failure. */
        Optional<JsonNode> find(String function, String... args) {
            try {
                return Optional.of(JSON.readTree(contract.evaluateTransaction(function, args)));
            } catch (GatewayException e) {
                String[] chaincode = chaincodeError(e);
                if (chaincode != null && chaincode[0].endsWith("_NOT_FOUND")) {
                    return Optional.empty();
                }
                throw new AssertionError(function + " failed: " + describe(e), e);
            } catch (IOException e) {
                throw new AssertionError(function + " did not answer JSON: " + e.getMessage(), e);
            }
        }

        /** qscc {@code GetChainInfo}: height and the last two block hashes. */
        BlockchainInfo chainInfo() {
            try {
                return BlockchainInfo.parseFrom(network.getContract("qscc").evaluateTransaction("GetChainInfo", info.channel()));
            } catch (GatewayException | IOException e) {
                throw new AssertionError("qscc GetChainInfo failed: " + e.getMessage(), e);
            }
        }

        /** Blocks {@code 0 … count-1}, read through the peer's Deliver service. */
        List<Block> blocks(long count) {
            List<Block> blocks = new ArrayList<>();
            try (CloseableIterator<Block> events = network.newBlockEventsRequest().startBlock(0).build()
                    .getEvents(o -> o.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS))) {
                while (blocks.size() < count && events.hasNext()) {
                    blocks.add(events.next());
                }
            }
            return blocks;
        }

        @Override
        public void close() {
            gateway.close();
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static Outcome unknown(String txId, GatewayException e) {
            return new Outcome(Kind.UNKNOWN, txId, -1, null, null, describe(e), null);
        }
    }

    /** {@code {code, sentence}} of a chaincode refusal ({@code CODE: sentence} in an error detail), or null. */
    static String[] chaincodeError(GatewayException e) {
        for (ErrorDetail detail : e.getDetails()) {
            Matcher m = CHAINCODE_ERROR.matcher(detail.getMessage());
            if (m.find()) {
                return new String[] {m.group(1), m.group(1) + ": " + m.group(2).strip()};
            }
        }
        return null;
    }

    static String describe(GatewayException e) {
        StringBuilder text = new StringBuilder(e.getStatus().getCode().toString());
        if (e.getStatus().getDescription() != null) {
            text.append(": ").append(e.getStatus().getDescription());
        }
        e.getDetails().forEach(d -> text.append("; ").append(d.getMspId()).append(" ").append(d.getMessage()));
        return text.toString();
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
