package org.dataright.service.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dataright.service.drill.Problems.assertProblem;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.service.RegistryClient;
import org.dataright.service.enrollment.SignedRequests;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "bad input" drill of every REST endpoint (docs/API.md) against the whole service in embedded mode:
 * malformed, oversized and hostile requests each get a 4xx problem with the service's code and a readable
 * sentence, and change nothing — the ledger's height and head, the token file, the issued certificates
 * and every key and certificate the service keeps are compared before and after each request.
 */
class RestDrillIT {
    /** Builds request bodies with every non-ASCII character escaped, so lone surrogates reach the service as sent. */
    static final ObjectMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    static final int MB = 1024 * 1024;

    @TempDir
    static Path data;
    static Drill drill;

    @BeforeAll
    static void start() throws Exception {
        drill = Drill.start(data);
    }

    @AfterAll
    static void stop() {
        if (drill != null) {
            drill.close();
        }
    }

    /** Sends {@code request}, expects the problem, and that nothing the service keeps has changed. */
    static JsonNode refused(String what, RawHttp.Request request, int status, String code) {
        Drill.Snapshot before = drill.snapshot();
        JsonNode problem = assertProblem(what, drill.http.send(request), status, code);
        assertThat(drill.snapshot()).as(what + ": the service's state").isEqualTo(before);
        return problem;
    }

    /** As {@link #refused(String, RawHttp.Request, int, String)}, for any 4xx problem. */
    static JsonNode refused(String what, RawHttp.Request request) {
        Drill.Snapshot before = drill.snapshot();
        JsonNode problem = assertProblem(what, drill.http.send(request));
        assertThat(drill.snapshot()).as(what + ": the service's state").isEqualTo(before);
        return problem;
    }

    static String json(Map<String, ?> fields) {
        try {
            return ESCAPING.writeValueAsString(fields);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String tokenRequest(Object role, Object name, Object validHours) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("role", role);
        fields.put("name", name);
        fields.put("validHours", validHours);
        return json(fields);
    }

    static String deeplyNested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static byte[] invalidUtf8(String before, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE});
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static RawHttp.Request get(String target) {
        return new RawHttp.Request("GET", target);
    }

    static RawHttp.Request postJson(String path, String body) {
        return new RawHttp.Request("POST", path).json(body);
    }

    @Nested
    class EnrollmentTokens {
        static Stream<Arguments> malformedBodies() {
            String ok = "\"role\":\"court\",\"name\":\"Court\",\"validHours\":1";
            return Stream.of(
                    arguments("no body", "", 400, "MALFORMED_REQUEST"),
                    arguments("cut-off JSON", "{\"role\":\"court\"", 400, "MALFORMED_REQUEST"),
                    arguments("not JSON", "role=court&name=x", 400, "MALFORMED_REQUEST"),
                    arguments("an array", "[{" + ok + "}]", 400, "MALFORMED_REQUEST"),
                    arguments("a string", "\"court\"", 400, "MALFORMED_REQUEST"),
                    arguments("null", "null", 400, "MALFORMED_REQUEST"),
                    arguments("role missing", "{\"name\":\"x\",\"validHours\":1}", 400, "INVALID_REQUEST"),
                    arguments("name missing", "{\"role\":\"court\",\"validHours\":1}", 400, "INVALID_REQUEST"),
                    arguments("validHours missing", "{\"role\":\"court\",\"name\":\"x\"}", 400, "INVALID_REQUEST"),
                    arguments("role an array", "{\"role\":[\"court\"],\"name\":\"x\",\"validHours\":1}", 400, "MALFORMED_REQUEST"),
                    arguments("name an object", "{\"role\":\"court\",\"name\":{\"cn\":\"x\"},\"validHours\":1}", 400,
                            "MALFORMED_REQUEST"),
                    arguments("validHours a word", tokenRequest("court", "x", "many"), 400, "MALFORMED_REQUEST"),
                    arguments("validHours a fraction", "{\"role\":\"court\",\"name\":\"x\",\"validHours\":1.5}", 400,
                            "MALFORMED_REQUEST"),
                    arguments("validHours true", tokenRequest("court", "x", true), 400, "MALFORMED_REQUEST"),
                    arguments("validHours a numeric string", tokenRequest("court", "x", "2"), 400, "MALFORMED_REQUEST"),
                    arguments("name a number", tokenRequest("court", 5, 1), 400, "MALFORMED_REQUEST"),
                    arguments("role true", tokenRequest(true, "x", 1), 400, "MALFORMED_REQUEST"),
                    arguments("renewal a string", "{" + ok + ",\"renewal\":\"true\"}", 400, "MALFORMED_REQUEST"),
                    arguments("renewal 1", "{" + ok + ",\"renewal\":1}", 400, "MALFORMED_REQUEST"),
                    arguments("an unknown field", "{" + ok + ",\"renewl\":true}", 400, "MALFORMED_REQUEST"),
                    arguments("validHours beyond an int", "{\"role\":\"court\",\"name\":\"x\",\"validHours\":99999999999}",
                            400, "MALFORMED_REQUEST"),
                    arguments("validHours of 2,000 digits", "{\"role\":\"court\",\"name\":\"x\",\"validHours\":"
                            + "9".repeat(2000) + "}", 400, "MALFORMED_REQUEST"),
                    arguments("validHours 0", tokenRequest("court", "x", 0), 400, "INVALID_REQUEST"),
                    arguments("validHours -1", tokenRequest("court", "x", -1), 400, "INVALID_REQUEST"),
                    arguments("validHours 721", tokenRequest("court", "x", 721), 400, "INVALID_REQUEST"),
                    arguments("role given twice", "{\"role\":\"court\",\"role\":\"registrar\",\"name\":\"x\",\"validHours\":1}",
                            400, "MALFORMED_REQUEST"),
                    arguments("role unknown", tokenRequest("king", "x", 1), 400, "ROLE_UNKNOWN"),
                    arguments("name of 201 characters", tokenRequest("court", "x".repeat(201), 1), 400, "INVALID_REQUEST"),
                    arguments("nested 20,000 deep", "{\"x\":" + deeplyNested(20_000) + "," + ok + "}", 400,
                            "MALFORMED_REQUEST"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("malformedBodies")
        void malformedBodiesAreRefused(String what, String body, int status, String code) {
            refused(what, drill.signedByRegistrar(body), status, code);
        }

        /** A field of the wrong JSON type is named, with the type it must have; it is never converted. */
        @Test
        void fieldsOfTheWrongTypeAreNamedWithTheirType() {
            assertThat(refused("validHours \"2\"", drill.signedByRegistrar(tokenRequest("court", "x", "2")), 400,
                    "MALFORMED_REQUEST").path("detail").asText()).contains("'validHours' must be a whole number");
            assertThat(refused("name 5", drill.signedByRegistrar(tokenRequest("court", 5, 1)), 400, "MALFORMED_REQUEST")
                    .path("detail").asText()).contains("'name' must be a string");
            assertThat(refused("renewal \"true\"", drill.signedByRegistrar(
                    "{\"role\":\"court\",\"name\":\"x\",\"validHours\":1,\"renewal\":\"true\"}"), 400, "MALFORMED_REQUEST")
                    .path("detail").asText()).contains("'renewal' must be true or false");
            assertThat(refused("a misspelt field", drill.signedByRegistrar(
                    "{\"role\":\"court\",\"name\":\"x\",\"validHours\":1,\"renewl\":true}"), 400, "MALFORMED_REQUEST")
                    .path("detail").asText()).contains("'renewl' is not a field of this request", "renewal");
        }

        @Test
        void invalidUtf8IsRefused() {
            byte[] body = invalidUtf8("{\"role\":\"court\",\"name\":\"", "\",\"validHours\":1}");
            RawHttp.Request request = drill.signed("/api/enrollment/tokens", body, drill.registrarCertificate,
                    drill.registrarKey, Instant.now(), "POST", "/api/enrollment/tokens", body);
            refused("invalid UTF-8", request, 400, "MALFORMED_REQUEST");
        }

        static Stream<Arguments> hostileRoles() {
            return Hostile.all().entrySet().stream().map(e -> arguments(e.getKey(), e.getValue()));
        }

        @ParameterizedTest(name = "role: {0}")
        @MethodSource("hostileRoles")
        void hostileRolesAreRefused(String what, String role) {
            String code = role.isBlank() ? "INVALID_REQUEST" : "ROLE_UNKNOWN";
            refused("role " + what, drill.signedByRegistrar(tokenRequest(role, "x", 1)), 400, code);
        }

        static Stream<Arguments> invisibleNames() {
            return Hostile.INVISIBLE.entrySet().stream().map(e -> arguments(e.getKey(), e.getValue()));
        }

        @ParameterizedTest(name = "name: {0}")
        @MethodSource("invisibleNames")
        void namesWithInvisibleCharactersAreRefused(String what, String name) {
            JsonNode problem = refused("name with " + what, drill.signedByRegistrar(tokenRequest("court", name, 1)), 400,
                    "INVALID_REQUEST");
            assertThat(problem.path("detail").asText()).contains("name");
        }

        static Stream<Arguments> hostileText() {
            return Hostile.TEXT.entrySet().stream().map(e -> arguments(e.getKey(), e.getValue()));
        }

        /** Such text is a legal name; it is kept as data, exactly, and never interpreted. */
        @ParameterizedTest(name = "name: {0}")
        @MethodSource("hostileText")
        void hostileTextInANameIsKeptAsPlainData(String what, String name) throws Exception {
            RawHttp.Response issued = drill.http.send(drill.signedByRegistrar(tokenRequest("court", name, 1)));
            assertThat(issued.status()).as(what + ": " + issued).isEqualTo(201);
            assertThat(issued.json().path("name").asText()).isEqualTo(name);
            JsonNode records = RegistryClient.JSON.readTree(drill.tokenFile());
            List<String> names = new ArrayList<>();
            records.forEach(r -> names.add(r.path("name").asText()));
            assertThat(names).contains(name);
        }

        static Stream<Arguments> badSignatures() throws Exception {
            String body = "{\"role\":\"court\",\"name\":\"Court\",\"validHours\":1}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String path = "/api/enrollment/tokens";
            String cert = drill.registrarCertificate;
            PrivateKey key = drill.registrarKey;
            Instant now = Instant.now();
            Path crypto = drill.data.resolve("peer").resolve("crypto");
            CertificateAuthority realCa = CertificateAuthority.load(
                    Pem.privateKey(Files.readString(crypto.resolve("organization-ca").resolve("key.pem"))),
                    Pem.certificate(Files.readString(crypto.resolve("organization-ca").resolve("cert.pem"))));
            CertificateAuthority forgedCa = CertificateAuthority.create("ca.RegistryMSP");
            KeyPair forger = CertificateAuthority.newKeyPair();
            String forgedRegistrar = Pem.of(forgedCa.issue(forger.getPublic(), "admin", MSPRoleType.ADMIN,
                    Map.of("role", "registrar")));
            KeyPair lapsed = CertificateAuthority.newKeyPair();
            String expiredRegistrar = Pem.of(realCa.issue(lapsed.getPublic(), "old-admin", MSPRoleType.ADMIN,
                    Map.of("role", "registrar"), now.minus(Duration.ofDays(30)), Duration.ofDays(1)));
            Supplier<RawHttp.Request> good = () -> drill.signed(path, bytes, cert, key, Instant.now(), "POST", path, bytes);
            return Stream.of(
                    arguments("unsigned", request(() -> postJson(path, body)), 401, "AUTH_REQUIRED"),
                    arguments("no signature header", request(() -> without(good.get(), SignedRequests.SIGNATURE_HEADER, bytes)),
                            401, "AUTH_REQUIRED"),
                    arguments("no timestamp header", request(() -> without(good.get(), SignedRequests.TIMESTAMP_HEADER, bytes)),
                            401, "AUTH_REQUIRED"),
                    arguments("certificate not base64", request(() -> replaced(good.get(), SignedRequests.CERTIFICATE_HEADER,
                            "!!not base64!!", bytes)), 401, "AUTH_INVALID"),
                    arguments("certificate base64 of plain text", request(() -> replaced(good.get(),
                            SignedRequests.CERTIFICATE_HEADER, Drill.base64("hello".getBytes(StandardCharsets.US_ASCII)), bytes)),
                            401, "AUTH_INVALID"),
                    arguments("certificate PEM of garbage", request(() -> replaced(good.get(), SignedRequests.CERTIFICATE_HEADER,
                            Drill.base64("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
                                    .getBytes(StandardCharsets.US_ASCII)), bytes)), 401, "AUTH_INVALID"),
                    arguments("signature not base64", request(() -> replaced(good.get(), SignedRequests.SIGNATURE_HEADER,
                            "%%%", bytes)), 401, "AUTH_INVALID"),
                    arguments("signature not DER", request(() -> replaced(good.get(), SignedRequests.SIGNATURE_HEADER,
                            Drill.base64(new byte[70]), bytes)), 401, "AUTH_INVALID"),
                    arguments("timestamp not ISO-8601", request(() -> replaced(good.get(), SignedRequests.TIMESTAMP_HEADER,
                            "yesterday", bytes)), 401, "AUTH_INVALID"),
                    arguments("signed 6 minutes ago (expired)", request(() -> drill.signed(path, bytes, cert, key,
                            Instant.now().minus(Duration.ofMinutes(6)), "POST", path, bytes)), 401, "AUTH_INVALID"),
                    arguments("signed 6 minutes ahead", request(() -> drill.signed(path, bytes, cert, key,
                            Instant.now().plus(Duration.ofMinutes(6)), "POST", path, bytes)), 401, "AUTH_INVALID"),
                    arguments("signature over another body", request(() -> drill.signed(path, bytes, cert, key, Instant.now(),
                            "POST", path, "{}".getBytes(StandardCharsets.UTF_8))), 401, "AUTH_INVALID"),
                    arguments("signature over another path", request(() -> drill.signed(path, bytes, cert, key, Instant.now(),
                            "POST", "/api/enrollment", bytes)), 401, "AUTH_INVALID"),
                    arguments("signature over another method", request(() -> drill.signed(path, bytes, cert, key,
                            Instant.now(), "PUT", path, bytes)), 401, "AUTH_INVALID"),
                    arguments("the high-S twin of a valid signature", request(() -> highS(good.get(), bytes)), 401,
                            "AUTH_INVALID"),
                    arguments("signed with another key (forged signature)", request(() -> drill.signed(path, bytes, cert,
                            CertificateAuthority.newKeyPair().getPrivate(), Instant.now(), "POST", path, bytes)), 401,
                            "AUTH_INVALID"),
                    arguments("registrar certificate of a forged CA", request(() -> drill.signed(path, bytes, forgedRegistrar,
                            forger.getPrivate(), Instant.now(), "POST", path, bytes)), 401, "AUTH_INVALID"),
                    arguments("expired registrar certificate of the real CA", request(() -> drill.signed(path, bytes,
                            expiredRegistrar, lapsed.getPrivate(), Instant.now(), "POST", path, bytes)), 401, "AUTH_INVALID"),
                    arguments("the CA's own certificate", request(() -> drill.signed(path, bytes,
                            Pem.of(realCa.certificate()), realCa.privateKey(), Instant.now(), "POST", path, bytes)),
                            401, "AUTH_INVALID"),
                    arguments("an enterprise's certificate", request(() -> drill.signed(path, bytes,
                            Pem.of(drill.enterprise.certificate()), drill.enterprise.privateKey(), Instant.now(),
                            "POST", path, bytes)), 403, "ROLE_NOT_ALLOWED"),
                    arguments("certificate header of 20 KB", request(() -> replaced(good.get(),
                            SignedRequests.CERTIFICATE_HEADER, "A".repeat(20_000), bytes)), 400, "BAD_REQUEST"),
                    arguments("control character in a header", request(() -> replaced(good.get(),
                            SignedRequests.TIMESTAMP_HEADER, "2025-01-01T00:00:00Z\u0001", bytes)), 400, "BAD_REQUEST"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badSignatures")
        void badlySignedRequestsAreRefused(String what, Supplier<RawHttp.Request> request, int status, String code) {
            refused(what, request.get(), status, code);
        }

        @Test
        void aReplayedSignedRequestIsRefused() {
            RawHttp.Request request = drill.signedByRegistrar("{\"role\":\"bank\",\"name\":\"Replay Bank\",\"validHours\":1}");
            RawHttp.Response first = drill.http.send(request);
            assertThat(first.status()).as(first.toString()).isEqualTo(201);
            JsonNode problem = refused("the same signed request again", request, 401, "REQUEST_REPLAYED");
            assertThat(problem.path("detail").asText()).contains("already received", "sign each request anew");
        }

        /** Gives each lambda its type; the request is built when its case runs, so its timestamp is fresh. */
        private static Supplier<RawHttp.Request> request(Supplier<RawHttp.Request> supplier) {
            return supplier;
        }
    }

    /** A copy of a signed request with one header left out. */
    static RawHttp.Request without(RawHttp.Request signed, String header, byte[] body) {
        return rebuild(signed, header, null, body);
    }

    /** A copy of a signed request with one header's value replaced. */
    static RawHttp.Request replaced(RawHttp.Request signed, String header, String value, byte[] body) {
        return rebuild(signed, header, value, body);
    }

    private static RawHttp.Request rebuild(RawHttp.Request signed, String header, String value, byte[] body) {
        String head = new String(signed.head(), StandardCharsets.ISO_8859_1);
        RawHttp.Request copy = new RawHttp.Request("POST", "/api/enrollment/tokens");
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(": ");
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon);
            if (List.of("Host", "Connection", "Content-Length").contains(name)) {
                continue;
            }
            if (name.equals(header)) {
                if (value != null) {
                    copy.header(name, value);
                }
            } else {
                copy.header(name, line.substring(colon + 2));
            }
        }
        return copy.body(body);
    }

    /** The same request with its signature's s replaced by n − s: valid ECDSA, refused by Fabric's low-S rule. */
    static RawHttp.Request highS(RawHttp.Request signed, byte[] body) {
        String head = new String(signed.head(), StandardCharsets.ISO_8859_1);
        String prefix = SignedRequests.SIGNATURE_HEADER + ": ";
        String signature = head.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
        ASN1Sequence rs = ASN1Sequence.getInstance(Base64.getDecoder().decode(signature));
        BigInteger n = ECNamedCurveTable.getParameterSpec("secp256r1").getN();
        BigInteger s = ASN1Integer.getInstance(rs.getObjectAt(1)).getValue();
        try {
            byte[] twin = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {rs.getObjectAt(0),
                new ASN1Integer(n.subtract(s))}).getEncoded();
            return replaced(signed, SignedRequests.SIGNATURE_HEADER, Drill.base64(twin), body);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class Enrollment {
        static String token;

        @BeforeAll
        static void aFreshToken() throws Exception {
            token = drill.newToken("enterprise", "late-joiner");
        }

        static String enrollment(String token, String csr) {
            return json(Map.of("token", token, "csr", csr));
        }

        static String csr(X500Name subject, KeyPair keys, String algorithm) {
            try {
                PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                        .build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()));
                return pem(request);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        static String pem(Object object) {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(object);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            return out.toString();
        }

        static String csr(String commonName) {
            return csr(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build(),
                    CertificateAuthority.newKeyPair(), "SHA256withECDSA");
        }

        static KeyPair keys(String algorithm, java.security.spec.AlgorithmParameterSpec spec, int size) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                generator.initialize(spec);
            } else {
                generator.initialize(size);
            }
            return generator.generateKeyPair();
        }

        static Stream<Arguments> badRequests() throws Exception {
            String valid = csr("drill-participant");
            String body = valid.replaceAll("-----[A-Z ]+-----", "").replace("\n", "");
            byte[] der = Base64.getDecoder().decode(body);
            der[der.length - 5] ^= 0x55;
            String tampered = "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(
                    StandardCharsets.US_ASCII)).encodeToString(der) + "\n-----END CERTIFICATE REQUEST-----\n";
            String certificate = Pem.of(drill.enterprise.certificate());
            return Stream.of(
                    arguments("no body", "", 400, "MALFORMED_REQUEST"),
                    arguments("cut-off JSON", "{\"token\":\"" + token, 400, "MALFORMED_REQUEST"),
                    arguments("an array", "[]", 400, "MALFORMED_REQUEST"),
                    arguments("token missing", json(Map.of("csr", valid)), 400, "INVALID_REQUEST"),
                    arguments("csr missing", json(Map.of("token", token)), 400, "INVALID_REQUEST"),
                    arguments("token a number", "{\"token\":42,\"csr\":" + ESCAPING.writeValueAsString(valid) + "}", 400,
                            "MALFORMED_REQUEST"),
                    arguments("csr an array", "{\"token\":\"" + token + "\",\"csr\":[\"x\"]}", 400, "MALFORMED_REQUEST"),
                    arguments("token of 201 characters", enrollment("t".repeat(201), valid), 400, "INVALID_REQUEST"),
                    arguments("csr over 16,384 characters", enrollment(token, valid + " ".repeat(16_400)), 400,
                            "INVALID_REQUEST"),
                    arguments("csr not PEM", enrollment(token, "hello"), 400, "CSR_INVALID"),
                    arguments("csr PEM of garbage", enrollment(token, "-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n"
                            + "-----END CERTIFICATE REQUEST-----\n"), 400, "CSR_INVALID"),
                    arguments("csr cut off", enrollment(token, valid.substring(0, valid.length() / 2)), 400, "CSR_INVALID"),
                    arguments("csr with a damaged signature", enrollment(token, tampered), 400, "CSR_INVALID"),
                    arguments("a certificate instead of a csr", enrollment(token, certificate), 400, "CSR_INVALID"),
                    arguments("a certificate labelled as a csr", enrollment(token, certificate.replace("CERTIFICATE",
                            "CERTIFICATE REQUEST")), 400, "CSR_INVALID"),
                    arguments("a private key", enrollment(token, "-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE "
                            + "REQUEST-----\n" + Pem.of(drill.enterprise.privateKey())), 400, "CSR_INVALID"),
                    arguments("an RSA key", enrollment(token, csr(new X500Name("CN=rsa"), keys("RSA", null, 2048),
                            "SHA256withRSA")), 400, "CSR_INVALID"),
                    arguments("a P-384 key", enrollment(token, csr(new X500Name("CN=p384"),
                            keys("EC", new ECGenParameterSpec("secp384r1"), 0), "SHA384withECDSA")), 400, "CSR_INVALID"),
                    arguments("no common name", enrollment(token, csr(new X500Name("O=Acme"), CertificateAuthority.newKeyPair(),
                            "SHA256withECDSA")), 400, "CSR_INVALID"),
                    arguments("two common names", enrollment(token, csr(new X500Name("CN=a,CN=b"),
                            CertificateAuthority.newKeyPair(), "SHA256withECDSA")), 400, "CSR_INVALID"),
                    arguments("common name of 65 characters", enrollment(token, csr("c".repeat(65))), 400, "CSR_INVALID"),
                    arguments("common name with NUL", enrollment(token, csr("acme\u0000ltd")), 400, "CSR_INVALID"),
                    arguments("common name with a bidi override", enrollment(token, csr("acme\u202Edtl")), 400,
                            "CSR_INVALID"),
                    arguments("common name with a zero-width space", enrollment(token, csr("ac\u200Bme")), 400,
                            "CSR_INVALID"),
                    arguments("another participant's name", enrollment(token, valid), 400, "NAME_MISMATCH"),
                    arguments("the token used up", enrollment(drill.enterprise.token(), valid), 409, "TOKEN_USED"),
                    arguments("the token expired", enrollment(Drill.EXPIRED_TOKEN, valid), 410, "TOKEN_EXPIRED"),
                    arguments("the token in upper case", enrollment(token.toUpperCase(java.util.Locale.ROOT), valid), 400,
                            "TOKEN_UNKNOWN"));
        }

        /** Every refusal leaves the token unused: the token file does not change, and the token works afterwards. */
        @Order(1)
        @ParameterizedTest(name = "{0}")
        @MethodSource("badRequests")
        void badEnrollmentsAreRefusedAndLeaveTheTokenUnused(String what, String body, int status, String code) {
            refused(what, postJson("/api/enrollment", body), status, code);
        }

        static Stream<Arguments> hostileTokens() {
            return Hostile.all().entrySet().stream().map(e -> arguments(e.getKey(), e.getValue()));
        }

        @Order(2)
        @ParameterizedTest(name = "token: {0}")
        @MethodSource("hostileTokens")
        void hostileTokensAreRefused(String what, String hostile) {
            String code = hostile.isBlank() || hostile.length() > 200 ? "INVALID_REQUEST" : "TOKEN_UNKNOWN";
            refused("token " + what, postJson("/api/enrollment", enrollment(hostile, csr("drill"))), 400, code);
        }

        @Order(3)
        @Test
        void invalidUtf8IsRefused() {
            refused("invalid UTF-8", new RawHttp.Request("POST", "/api/enrollment").header("Content-Type", "application/json")
                    .body(invalidUtf8("{\"token\":\"", "\",\"csr\":\"x\"}")), 400, "MALFORMED_REQUEST");
        }

        /** Runs last: after every refusal above, the token is still unused. */
        @Order(4)
        @Test
        void theTokenStillEnrolsOnce() {
            RawHttp.Response enrolled = drill.http.send(postJson("/api/enrollment", enrollment(token, csr("late-joiner"))));
            assertThat(enrolled.status()).as(enrolled.toString()).isEqualTo(201);
            refused("the same token again", postJson("/api/enrollment", enrollment(token, csr("late-joiner"))), 409,
                    "TOKEN_USED");
        }
    }

    @Nested
    class Certificates {
        static Stream<Arguments> badIssueRequests() {
            return Stream.of(
                    arguments("no body", "", 400, "MALFORMED_REQUEST"),
                    arguments("cut-off JSON", "{\"transactionId\":", 400, "MALFORMED_REQUEST"),
                    arguments("an array", "[]", 400, "MALFORMED_REQUEST"),
                    arguments("null", "null", 400, "MALFORMED_REQUEST"),
                    arguments("empty object", "{}", 400, "INVALID_REQUEST"),
                    arguments("transactionId null", "{\"transactionId\":null}", 400, "INVALID_REQUEST"),
                    arguments("transactionId an array", "{\"transactionId\":[\"ab\"]}", 400, "MALFORMED_REQUEST"),
                    arguments("transactionId an object", "{\"transactionId\":{}}", 400, "MALFORMED_REQUEST"),
                    arguments("transactionId a number", "{\"transactionId\":12345}", 400, "MALFORMED_REQUEST"),
                    arguments("transactionId twice", "{\"transactionId\":\"" + "a".repeat(64) + "\",\"transactionId\":\""
                            + drill.transactionId + "\"}", 400, "MALFORMED_REQUEST"),
                    arguments("63 hex digits", "{\"transactionId\":\"" + "a".repeat(63) + "\"}", 400, "TRANSACTION_ID_INVALID"),
                    arguments("65 hex digits", "{\"transactionId\":\"" + "a".repeat(65) + "\"}", 400, "TRANSACTION_ID_INVALID"),
                    arguments("64 letters, not hex", "{\"transactionId\":\"" + "g".repeat(64) + "\"}", 400,
                            "TRANSACTION_ID_INVALID"),
                    arguments("a transaction not on the ledger", "{\"transactionId\":\"" + "ab".repeat(32) + "\"}", 404,
                            "TRANSACTION_NOT_FOUND"),
                    arguments("nested 20,000 deep", "{\"x\":" + deeplyNested(20_000) + ",\"transactionId\":\""
                            + drill.transactionId + "\"}", 400, "MALFORMED_REQUEST"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badIssueRequests")
        void badIssueRequestsAreRefused(String what, String body, int status, String code) {
            refused(what, postJson("/api/certificates", body), status, code);
        }

        static Stream<Arguments> hostileTransactionIds() {
            return Hostile.all().entrySet().stream().map(e -> arguments(e.getKey(), e.getValue()));
        }

        @ParameterizedTest(name = "transactionId: {0}")
        @MethodSource("hostileTransactionIds")
        void hostileTransactionIdsAreRefused(String what, String hostile) {
            String code = hostile.isBlank() ? "INVALID_REQUEST" : "TRANSACTION_ID_INVALID";
            refused("issue for " + what, postJson("/api/certificates", json(Map.of("transactionId", hostile))), 400, code);
            if (!hostile.isBlank()) {
                refused("look up " + what, get("/api/certificates?transactionId=" + Hostile.encode(hostile)), 400,
                        "TRANSACTION_ID_INVALID");
            }
        }

        @Test
        void invalidUtf8IsRefused() {
            refused("invalid UTF-8", new RawHttp.Request("POST", "/api/certificates").header("Content-Type", "application/json")
                    .body(invalidUtf8("{\"transactionId\":\"", "\"}")), 400, "MALFORMED_REQUEST");
        }

        @Test
        void askingAgainForAnIssuedCertificateChangesNothing() {
            Drill.Snapshot before = drill.snapshot();
            RawHttp.Response again = drill.http.send(postJson("/api/certificates",
                    "{\"transactionId\":\"" + drill.transactionId.toUpperCase(java.util.Locale.ROOT) + "\"}"));
            assertThat(again.status()).as(again.toString()).isEqualTo(200);
            assertThat(again.text()).isEqualTo(drill.certificateJson);
            assertThat(drill.snapshot()).isEqualTo(before);
            // Fields the request does not have are refused, so they cannot steer the answer.
            refused("unknown fields", postJson("/api/certificates", "{\"transactionId\":\"" + drill.transactionId
                    + "\",\"id\":\"../../evil\",\"admin\":true,\"__proto__\":{\"x\":1}}"), 400, "MALFORMED_REQUEST");
        }

        static Stream<Arguments> hostileIds() {
            return Hostile.all().entrySet().stream().filter(e -> !e.getValue().isBlank())
                    .map(e -> arguments(e.getKey(), e.getValue()));
        }

        /** Tomcat refuses NUL in an address before the service sees it; everything else finds nothing. */
        @ParameterizedTest(name = "id: {0}")
        @MethodSource("hostileIds")
        void hostileCertificateIdsFindNothing(String what, String hostile) {
            RawHttp.Request request = get("/api/certificates/" + Hostile.encode(hostile));
            if (hostile.contains("\u0000")) {
                refused("certificate " + what, request, 400, "BAD_REQUEST");
            } else {
                refused("certificate " + what, request, 404, "CERTIFICATE_NOT_FOUND");
            }
        }

        @Test
        void lookupsThatFindNothingOrAreMalformed() {
            refused("a path to the registrar's key", get("/api/certificates/..%2F..%2Fpeer%2Fcrypto%2Fadmin%2Fkey.pem"), 404,
                    "CERTIFICATE_NOT_FOUND");
            refused("an unknown certificate", get("/api/certificates/" + "0".repeat(64)), 404, "CERTIFICATE_NOT_FOUND");
            refused("no transactionId", get("/api/certificates"), 400, "MISSING_PARAMETER");
            refused("a transaction without a certificate", get("/api/certificates?transactionId=" + "cd".repeat(32)), 404,
                    "CERTIFICATE_NOT_FOUND");
            refused("two transactionIds", get("/api/certificates?transactionId=" + drill.transactionId + "&transactionId="
                    + drill.transactionId), 400, "TRANSACTION_ID_INVALID");
            for (Map.Entry<String, String> format : Map.of("xml", "xml", "empty", "", "script", "<script>",
                    "NUL", "\u0000", "long", "p".repeat(5000)).entrySet()) {
                refused("format " + format.getKey(), get("/api/certificates/" + drill.certificateId + "?format="
                        + Hostile.encode(format.getValue())), 400, "FORMAT_UNKNOWN");
            }
        }
    }

    @Nested
    class Verify {
        static final String BOUNDARY = "drill-boundary";

        static byte[] multipart(Object... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < parts.length; i += 2) {
                String name = (String) parts[i];
                byte[] content = parts[i + 1] instanceof byte[] b ? b : ((String) parts[i + 1]).getBytes(StandardCharsets.UTF_8);
                String disposition = name.equals("certificate") ? "form-data; name=\"certificate\"; filename=\"c.json\""
                        : "form-data; name=\"" + name + "\"";
                out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: " + disposition + "\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.writeBytes(content);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }

        static RawHttp.Request upload(byte[] body) {
            return new RawHttp.Request("POST", "/api/verify")
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).body(body);
        }

        static Stream<Arguments> badUploads() {
            byte[] certificate = drill.certificateJson.getBytes(StandardCharsets.UTF_8);
            byte[] whole = multipart("certificate", certificate);
            return Stream.of(
                    arguments("no boundary", new RawHttp.Request("POST", "/api/verify")
                            .header("Content-Type", "multipart/form-data").body(whole), 400, "MALFORMED_REQUEST"),
                    arguments("cut off mid-part", upload(java.util.Arrays.copyOf(whole, whole.length / 2)), 400,
                            "MALFORMED_REQUEST"),
                    arguments("another boundary than declared", new RawHttp.Request("POST", "/api/verify")
                            .header("Content-Type", "multipart/form-data; boundary=other").body(whole), 400,
                            "MISSING_PARAMETER"),
                    arguments("no certificate part", upload(multipart("sha256", "0".repeat(64))), 400, "MISSING_PARAMETER"),
                    arguments("an empty certificate", upload(multipart("certificate", new byte[0])), 400,
                            "CERTIFICATE_MISSING"),
                    arguments("sha256 not hex", upload(multipart("certificate", certificate, "sha256", "xyz")), 400,
                            "INVALID_DIGEST"),
                    arguments("sm3 of 5,000 characters", upload(multipart("certificate", certificate, "sm3", "a".repeat(5000))),
                            400, "INVALID_DIGEST"),
                    arguments("sha256 with a NUL", upload(multipart("certificate", certificate, "sha256",
                            "0".repeat(63) + "\u0000")), 400, "INVALID_DIGEST"),
                    arguments("manifestRoot of 63 digits", upload(multipart("certificate", certificate, "manifestRoot",
                            "0".repeat(63))), 400, "INVALID_DIGEST"),
                    arguments("two certificate parts", upload(multipart("certificate", certificate, "certificate",
                            "{}")), 400, "DUPLICATE_PART"),
                    arguments("sha256 twice", upload(multipart("certificate", certificate, "sha256", "0".repeat(64), "sha256",
                            "1".repeat(64))), 400, "DUPLICATE_PART"),
                    arguments("sha256 in the address and the upload", new RawHttp.Request("POST", "/api/verify?sha256="
                            + "1".repeat(64)).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                            .body(multipart("certificate", certificate, "sha256", "0".repeat(64))), 400, "DUPLICATE_PART"),
                    arguments("an unknown part", upload(multipart("certificate", certificate, "sha512", "0".repeat(128))), 400,
                            "UNKNOWN_PART"),
                    arguments("a certificate of 12 MB", upload(multipart("certificate", new byte[12 * MB])), 413,
                            "PAYLOAD_TOO_LARGE"),
                    arguments("JSON instead of multipart", postJson("/api/verify", drill.certificateJson), 415,
                            "UNSUPPORTED_MEDIA_TYPE"),
                    arguments("no content type", new RawHttp.Request("POST", "/api/verify").body(whole), 415,
                            "UNSUPPORTED_MEDIA_TYPE"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badUploads")
        void badUploadsAreRefused(String what, RawHttp.Request request, int status, String code) {
            refused(what, request, status, code);
        }

        static Stream<Arguments> brokenCertificates() {
            String good = drill.certificateJson;
            return Stream.of(
                    arguments("random bytes", new byte[] {1, 2, 3, (byte) 0xFF, 0}, "format"),
                    arguments("invalid UTF-8", invalidUtf8("{\"id\":\"", "\"}"), "format"),
                    arguments("a JSON array", "[]".getBytes(StandardCharsets.UTF_8), "format"),
                    arguments("an empty object", "{}".getBytes(StandardCharsets.UTF_8), "format"),
                    arguments("cut in half", good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8), "format"),
                    arguments("nested 100,000 deep", deeplyNested(100_000).getBytes(StandardCharsets.UTF_8), "format"),
                    arguments("a PDF without a certificate", "%PDF-1.7\n%\u00ff\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1),
                            "format"),
                    arguments("issuer signature forged", forgeSignature(good).getBytes(StandardCharsets.UTF_8),
                            "issuer-signature"),
                    arguments("a script in the asset id", good.replace(drill.assetId, "<script>alert(1)</script>")
                            .getBytes(StandardCharsets.UTF_8), "issuer-signature"));
        }

        /** The registry's signature replaced by another valid-looking one. */
        static String forgeSignature(String certificate) {
            try {
                ObjectNode node = (ObjectNode) RegistryClient.JSON.readTree(certificate);
                byte[] forged = LowSEcdsa.sign(CertificateAuthority.newKeyPair().getPrivate(),
                        "forged".getBytes(StandardCharsets.UTF_8));
                node.findParents("signature").forEach(parent -> {
                    if (parent.get("signature").isTextual()) {
                        ((ObjectNode) parent).put("signature", Base64.getEncoder().encodeToString(forged));
                    }
                });
                String forgedJson = RegistryClient.JSON.writeValueAsString(node);
                assertThat(forgedJson).isNotEqualTo(certificate);
                return forgedJson;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        /** A certificate that does not verify is a verdict, not a refusal: 200 FAIL with the failed check named. */
        @ParameterizedTest(name = "{0}")
        @MethodSource("brokenCertificates")
        void brokenCertificatesFailTheNamedCheck(String what, byte[] certificate, String check) {
            Drill.Snapshot before = drill.snapshot();
            RawHttp.Response answer = drill.http.send(upload(multipart("certificate", certificate)));
            assertThat(answer.status()).as(what + ": " + answer).isEqualTo(200);
            JsonNode result = answer.json();
            assertThat(result.path("verdict").asText()).as(what).isEqualTo("FAIL");
            JsonNode failed = null;
            for (JsonNode c : result.path("checks")) {
                if (c.path("name").asText().equals(check)) {
                    failed = c;
                }
            }
            assertThat(failed).as(what + ": check " + check + " in " + result).isNotNull();
            assertThat(failed.path("status").asText()).as(what).isEqualTo("FAILED");
            assertThat(failed.path("reason").asText()).as(what).isNotBlank();
            assertThat(drill.snapshot()).as(what).isEqualTo(before);
        }
    }

    @Nested
    class Queries {
        static final List<String> BY_ID = List.of("/api/assets/%s", "/api/assets/%s/rights", "/api/assets/%s/history",
                "/api/rights/%s", "/api/rights/%s/history");

        static Stream<Arguments> hostileIds() {
            List<Arguments> cases = new ArrayList<>();
            for (String endpoint : BY_ID) {
                Hostile.all().forEach((what, value) -> {
                    if (!value.isBlank()) {
                        cases.add(arguments(endpoint, what, Hostile.encode(value)));
                    }
                });
                cases.add(arguments(endpoint, "traversal with encoded slashes", "..%2F..%2F..%2Fetc%2Fpasswd"));
                cases.add(arguments(endpoint, "a right id of an unknown asset", Hostile.encode("A-0000000000000000/RESOURCE_HOLDING")));
            }
            return cases.stream();
        }

        /** Refused by the chaincode (INVALID_ARGUMENT, *_NOT_FOUND) or by the service's own limits, never 5xx. */
        @ParameterizedTest(name = "{0} with {1}")
        @MethodSource("hostileIds")
        void hostileIdsAreRefused(String endpoint, String what, String encoded) {
            refused(endpoint + " with " + what, get(endpoint.formatted(encoded)));
        }

        static Stream<Arguments> rawAddresses() {
            List<Arguments> cases = new ArrayList<>();
            for (String endpoint : BY_ID) {
                cases.add(arguments(endpoint, "NUL", "acme%00ltd"));
                cases.add(arguments(endpoint, "invalid UTF-8", "acme%C3%28%FF"));
                cases.add(arguments(endpoint, "raw bytes above ASCII", "acme\u00ff\u00feltd"));
                cases.add(arguments(endpoint, "20,000 characters", "A".repeat(20_000)));
            }
            return cases.stream();
        }

        /** Tomcat refuses these before the service sees them; the answer is a problem all the same. */
        @ParameterizedTest(name = "{0} with {1}")
        @MethodSource("rawAddresses")
        void undecodableAddressesAreRefused(String endpoint, String what, String raw) {
            refused(endpoint + " with " + what, get(endpoint.formatted(raw)), 400, "BAD_REQUEST");
        }

        static Stream<Arguments> badPaging() {
            List<Arguments> cases = new ArrayList<>();
            for (String endpoint : List.of("/api/assets/" + "%s/history", "/api/rights/%s/history")) {
                cases.add(arguments(endpoint, "page=-1", "INVALID_REQUEST"));
                cases.add(arguments(endpoint, "page=abc", "INVALID_PARAMETER"));
                cases.add(arguments(endpoint, "page=99999999999", "INVALID_PARAMETER"));
                cases.add(arguments(endpoint, "size=0", "INVALID_REQUEST"));
                cases.add(arguments(endpoint, "size=201", "INVALID_REQUEST"));
                cases.add(arguments(endpoint, "size=1e3", "INVALID_PARAMETER"));
                cases.add(arguments(endpoint, "size=%00", "INVALID_PARAMETER"));
            }
            return cases.stream();
        }

        @ParameterizedTest(name = "{0}?{1}")
        @MethodSource("badPaging")
        void badPagingIsRefused(String endpoint, String query, String code) {
            String id = endpoint.startsWith("/api/assets") ? drill.assetId : Hostile.encode(drill.assetId + "/RESOURCE_HOLDING");
            refused(endpoint + "?" + query, get(endpoint.formatted(id) + "?" + query), 400, code);
        }

        static Stream<Arguments> badHolderQueries() {
            List<Arguments> cases = new ArrayList<>();
            cases.add(arguments("no holder", "", 400, "MISSING_PARAMETER"));
            cases.add(arguments("holder not a party", "holder=acme", 400, "INVALID_ARGUMENT"));
            cases.add(arguments("size 0", "holder=" + Hostile.encode(drill.enterprise.party()) + "&size=0", 400,
                    "INVALID_REQUEST"));
            cases.add(arguments("size a word", "holder=" + Hostile.encode(drill.enterprise.party()) + "&size=all", 400,
                    "INVALID_PARAMETER"));
            cases.add(arguments("bookmark of 1,001 characters", "holder=" + Hostile.encode(drill.enterprise.party())
                    + "&bookmark=" + "b".repeat(1001), 400, "INVALID_REQUEST"));
            Hostile.all().forEach((what, value) -> {
                if (!value.isBlank()) {
                    cases.add(arguments("holder " + what, "holder=" + Hostile.encode(value), 400, null));
                }
                if (!value.isBlank()) {
                    cases.add(arguments("bookmark " + what, "holder=" + Hostile.encode(drill.enterprise.party())
                            + "&bookmark=" + Hostile.encode(value), 400, null));
                }
            });
            return cases.stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badHolderQueries")
        void badHolderQueriesAreRefused(String what, String query, int status, String code) {
            RawHttp.Request request = get("/api/rights" + (query.isEmpty() ? "" : "?" + query));
            if (code == null) {
                refused(what, request);
            } else {
                refused(what, request, status, code);
            }
        }

        static Stream<Arguments> badActQueries() {
            String party = "party=" + Hostile.encode(drill.enterprise.party());
            List<Arguments> cases = new ArrayList<>();
            cases.add(arguments("no party", "", "MISSING_PARAMETER"));
            cases.add(arguments("from not an instant", party + "&from=yesterday", "INVALID_PARAMETER"));
            cases.add(arguments("to a date only", party + "&to=2025-01-01", "INVALID_PARAMETER"));
            cases.add(arguments("from after to", party + "&from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z",
                    "INVALID_PARAMETER"));
            cases.add(arguments("from equal to to", party + "&from=2025-01-01T00:00:00Z&to=2025-01-01T00:00:00Z",
                    "INVALID_PARAMETER"));
            cases.add(arguments("page -1", party + "&page=-1", "INVALID_REQUEST"));
            cases.add(arguments("size 1000", party + "&size=1000", "INVALID_REQUEST"));
            cases.add(arguments("party of 4,001 characters", "party=" + "p".repeat(4001), "INVALID_REQUEST"));
            Hostile.all().forEach((what, value) -> {
                if (!value.isBlank() && value.length() <= 4000) {
                    cases.add(arguments("party " + what, "party=" + Hostile.encode(value), "INVALID_PARAMETER"));
                }
            });
            cases.add(arguments("party without a subject", "party=" + Hostile.encode("RegistryMSP::"), "INVALID_PARAMETER"));
            return cases.stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badActQueries")
        void badActQueriesAreRefused(String what, String query, String code) {
            refused(what, get("/api/acts" + (query.isEmpty() ? "" : "?" + query)), 400, code);
        }

        @Test
        void theVerificationPageDoesNotReflectItsParameter() {
            RawHttp.Response page = drill.http.send(get("/verify?cert=" + Hostile.encode("<script>alert(1)</script>")));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.text()).doesNotContain("alert(1)");
        }
    }

    /**
     * Slow request bodies: one client address (127.0.0.2) opens {@link #SLOW} connections, each sending a
     * JSON POST whose body comes one byte every two seconds — fast enough for any per-read timeout, and
     * more than the service has request threads. A well-behaved client (127.0.0.1) is answered meanwhile;
     * the slow client gets {@code 429} for each request beyond its limit at once, and the ones admitted
     * are cut off ({@code 408}, or the connection closed) when their body falls behind its deadline.
     */
    @Nested
    class SlowClients {
        static final int SLOW = 250;
        static final int LIMIT = 20;

        @Test
        void slowBodiesCannotStarveOtherClients() throws Exception {
            int port = Integer.parseInt(drill.context.getEnvironment().getProperty("local.server.port"));
            InetAddress attacker = InetAddress.getByName("127.0.0.2");
            List<Socket> slow = new ArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean trickling = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread trickle = new Thread(() -> {
                while (trickling.get()) {
                    for (Socket socket : List.copyOf(slow)) {
                        try {
                            socket.getOutputStream().write(' ');
                        } catch (java.io.IOException e) {
                            // Closed by the service: that is what is expected of it.
                        }
                    }
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                byte[] head = ("POST /api/enrollment HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < SLOW; i++) {
                    Socket socket = new Socket();
                    socket.bind(new InetSocketAddress(attacker, 0));
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                    socket.getOutputStream().write(head);
                    synchronized (slow) {
                        slow.add(socket);
                    }
                }
                trickle.setDaemon(true);
                trickle.start();

                long started = System.nanoTime();
                RawHttp.Response network = drill.http.send(get("/api/network"));
                assertThat(network.status()).as(network.toString()).isEqualTo(200);
                RawHttp.Response issued = drill.http.send(postJson("/api/certificates",
                        "{\"transactionId\":\"" + drill.transactionId + "\"}"));
                assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
                System.out.printf("slow clients: with %d slow bodies open, GET /api/network and POST /api/certificates "
                        + "took %d ms together%n", SLOW, (System.nanoTime() - started) / 1_000_000);

                Map<String, Integer> outcomes = new java.util.TreeMap<>();
                for (Socket socket : slow) {
                    // The deadline is 10 s (registry.limits.body-timeout): every slow connection ends well within this.
                    socket.setSoTimeout(40_000);
                    outcomes.merge(outcome(socket), 1, Integer::sum);
                }
                System.out.println("slow clients: " + outcomes);
                assertThat(outcomes.get("429 TOO_MANY_REQUESTS")).as(outcomes.toString()).isEqualTo(SLOW - LIMIT);
                assertThat(outcomes.getOrDefault("408 REQUEST_TIMEOUT", 0) + outcomes.getOrDefault("closed", 0))
                        .as(outcomes.toString()).isEqualTo(LIMIT);
            } finally {
                trickling.set(false);
                trickle.interrupt();
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }

        /** How the service ended a slow connection: its status and code, or "closed" without an answer it sent whole. */
        private static String outcome(Socket socket) {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                java.io.InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0;) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("a slow connection is still open after 40 s", e);
            } catch (java.io.IOException e) {
                // A reset after the answer: what arrived counts.
            }
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/1.1 ") || !text.contains("\r\n\r\n")) {
                return "closed";
            }
            RawHttp.Response response = RawHttp.parse(answer.toByteArray());
            JsonNode problem = Problems.assertProblem("a slow connection's answer", response);
            return response.status() + " " + problem.path("code").asText();
        }
    }

    /** What every endpoint shares: methods, content types, sizes, headers, addresses. */
    @Nested
    class EveryEndpoint {
        /** The JSON POST endpoints, each with a body it would accept. */
        static Map<String, String> jsonPosts() {
            return Map.of(
                    "/api/enrollment/tokens", "{\"role\":\"court\",\"name\":\"x\",\"validHours\":1}",
                    "/api/enrollment", "{\"token\":\"t\",\"csr\":\"c\"}",
                    "/api/certificates", "{\"transactionId\":\"" + drill.transactionId + "\"}");
        }

        static List<String> getEndpoints() {
            String right = Hostile.encode(drill.assetId + "/RESOURCE_HOLDING");
            String party = Hostile.encode(drill.enterprise.party());
            return List.of("/api/network", "/api/ledger", "/api/assets/" + drill.assetId, "/api/assets/" + drill.assetId
                    + "/rights", "/api/assets/" + drill.assetId + "/history", "/api/rights/" + right, "/api/rights/" + right
                    + "/history", "/api/rights?holder=" + party, "/api/acts?party=" + party,
                    "/api/certificates/" + drill.certificateId, "/api/certificates?transactionId=" + drill.transactionId);
        }

        static Stream<Arguments> wrongMethods() {
            List<Arguments> cases = new ArrayList<>();
            for (String path : jsonPosts().keySet()) {
                if (!path.equals("/api/certificates")) {
                    cases.add(arguments("GET", path));
                }
                cases.add(arguments("PUT", path));
                cases.add(arguments("DELETE", path));
            }
            cases.add(arguments("GET", "/api/verify"));
            cases.add(arguments("PATCH", "/api/verify"));
            for (String path : getEndpoints()) {
                if (!path.startsWith("/api/certificates?")) {
                    cases.add(arguments("POST", path));
                }
                cases.add(arguments("DELETE", path));
            }
            return cases.stream();
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("wrongMethods")
        void wrongMethodsAreRefused(String method, String path) {
            RawHttp.Request request = new RawHttp.Request(method, path);
            if (!method.equals("GET") && !method.equals("DELETE")) {
                request.json("{}");
            }
            refused(method + " " + path, request, 405, "METHOD_NOT_ALLOWED");
        }

        static Stream<Arguments> wrongContentTypes() {
            List<Arguments> cases = new ArrayList<>();
            for (Map.Entry<String, String> post : jsonPosts().entrySet()) {
                for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "garbage", "application/json; charset=ebcdic")) {
                    cases.add(arguments(post.getKey(), type, post.getValue()));
                }
            }
            return cases.stream();
        }

        @ParameterizedTest(name = "{0} as {1}")
        @MethodSource("wrongContentTypes")
        void wrongContentTypesAreRefused(String path, String type, String body) {
            refused(path + " as " + type, new RawHttp.Request("POST", path).header("Content-Type", type)
                    .body(body.getBytes(StandardCharsets.UTF_8)), 415, "UNSUPPORTED_MEDIA_TYPE");
        }

        static Stream<Arguments> oversized() {
            List<Arguments> cases = new ArrayList<>();
            byte[] twentyMb = new byte[20 * MB];
            java.util.Arrays.fill(twentyMb, (byte) ' ');
            for (String path : jsonPosts().keySet()) {
                cases.add(arguments(path, "a 20 MB body", postJson(path, "").body(twentyMb)));
                cases.add(arguments(path, "a 20 MB body without a length", postJson(path, "").body(twentyMb).chunked()));
                cases.add(arguments(path, "a 1 MB field", postJson(path, "{\"name\":\"" + "n".repeat(MB) + "\"}")));
            }
            byte[] multipart = Verify.multipart("certificate", twentyMb);
            cases.add(arguments("/api/verify", "a 20 MB upload", Verify.upload(multipart)));
            cases.add(arguments("/api/verify", "a 20 MB upload without a length", Verify.upload(multipart).chunked()));
            return cases.stream();
        }

        @ParameterizedTest(name = "{0} with {1}")
        @MethodSource("oversized")
        void oversizedBodiesAreRefused(String path, String what, RawHttp.Request request) {
            refused(path + " with " + what, request, 413, "PAYLOAD_TOO_LARGE");
        }

        static Stream<Arguments> everyEndpoint() {
            List<Arguments> cases = new ArrayList<>();
            jsonPosts().forEach((path, body) -> cases.add(arguments("POST", path, body)));
            cases.add(arguments("POST", "/api/verify", ""));
            getEndpoints().forEach(path -> cases.add(arguments("GET", path, "")));
            return cases.stream();
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("everyEndpoint")
        void oversizedHeadersAndAddressesAreRefused(String method, String path, String body) {
            RawHttp.Request bigHeader = new RawHttp.Request(method, path).header("X-Drill", "h".repeat(20_000));
            RawHttp.Request longAddress = new RawHttp.Request(method, path + (path.contains("?") ? "&" : "?") + "q="
                    + "a".repeat(20_000));
            RawHttp.Request nul = new RawHttp.Request(method, path.replaceFirst("/api/", "/api/%00"));
            RawHttp.Request badUtf8 = new RawHttp.Request(method, path.replaceFirst("/api/", "/api/%C3%28"));
            for (RawHttp.Request request : List.of(bigHeader, longAddress, nul, badUtf8)) {
                if (!body.isEmpty()) {
                    request.json(body);
                }
            }
            refused(method + " " + path + " with a 20 KB header", bigHeader, 400, "BAD_REQUEST");
            refused(method + " " + path + " with a 20 KB address", longAddress, 400, "BAD_REQUEST");
            refused(method + " " + path + " with NUL in the address", nul, 400, "BAD_REQUEST");
            refused(method + " " + path + " with invalid UTF-8 in the address", badUtf8, 400, "BAD_REQUEST");
        }

        /** The unsigned JSON endpoints with a field they do not have, and with a field of the wrong type. */
        static Stream<Arguments> untypedBodies() {
            return Stream.of(
                    arguments("/api/enrollment", "{\"token\":\"t\",\"csr\":\"c\",\"role\":\"registrar\"}", "'role' is not a field"),
                    arguments("/api/enrollment", "{\"token\":5,\"csr\":\"c\"}", "'token' must be a string"),
                    arguments("/api/enrollment", "{\"token\":\"t\",\"csr\":true}", "'csr' must be a string"),
                    arguments("/api/certificates", "{\"transactionId\":\"" + drill.transactionId + "\",\"proof\":\"full-block\"}",
                            "'proof' is not a field"),
                    arguments("/api/certificates", "{\"transactionId\":12345}", "'transactionId' must be a string"));
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("untypedBodies")
        void unknownAndWronglyTypedFieldsAreRefused(String path, String body, String detail) {
            assertThat(refused(path + " " + body, postJson(path, body), 400, "MALFORMED_REQUEST").path("detail").asText())
                    .contains(detail);
        }

        @Test
        void theErrorPageIsNotAnEndpoint() {
            refused("GET /error", get("/error"), 404, "NOT_FOUND");
            refused("POST /error", postJson("/error", "{}"), 404, "NOT_FOUND");
        }

        @Test
        void addressesOutsideTheApiAreRefused() {
            refused("an unknown endpoint", get("/api/nothing-here"), 404, "NOT_FOUND");
            refused("a path above the root", get("/api/../../../etc/passwd"));
            refused("an encoded path above the root", get("/api/%2e%2e/%2e%2e/%2e%2e/etc/passwd"));
            refused("a backslash path", get("/api/..\\..\\etc\\passwd"));
            refused("a request line that is not HTTP", new RawHttp.Request("HELLO\u0001", "/api/ledger"));
        }

        @Test
        void networkAndLedgerAnswerOnlyJson() {
            refused("GET /api/ledger as XML", get("/api/ledger").header("Accept", "application/xml"), 406, "NOT_ACCEPTABLE");
            refused("GET /api/network as HTML", get("/api/network").header("Accept", "text/html"), 406, "NOT_ACCEPTABLE");
        }
    }
}
