package org.dataright.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dataright.network.Network.Node;
import org.dataright.network.Network.Org;
import org.dataright.testsupport.RegistryServiceProcess;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network end to end, from Fabric's release binaries: `network.sh up` (native processes,
 * cryptogen plus role identities), `network.sh deploy`, then register → offer → accept through the
 * fabric-gateway client with the role-carrying identities of two organisations; then the same acts
 * with the registry service's runnable jar and dpr.jar in fabric mode (the exported connection
 * profiles, the cryptogen identities, the exported trust bundle with the service's issuer root), the
 * certificates fetched from the service and checked with `dpr verify`; an upgrade that raises the
 * sequence, and `network.sh down`. Skipped, with the reason printed, when neither FABRIC_BIN nor PATH
 * has Fabric's `peer`, or a jar it runs is not built.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FabricNetworkIT {
    private static final long SCRIPT_TIMEOUT_SECONDS = 900;
    private static final Path JAR = Network.DIR.resolve("../chaincode/target/chaincode.jar").normalize();
    /** Passed by surefire (pom.xml); the defaults are the same paths, for runs outside Maven. */
    private static final Path SERVICE_JAR = RegistryServiceProcess.serviceJar();
    private static final Path CLI_JAR = jar("dpr.cliJar", "../cli/target/dpr.jar");
    /** The service issues certificates from its peer's ledger, which may commit a block after the submitter's peer did. */
    private static final Duration CERTIFICATE_WAIT = Duration.ofSeconds(60);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env = new HashMap<>();
    private boolean started;
    private String rightId;
    private String alicePartyId;
    private String carolPartyId;
    /** The right dpr moved to carol in fabric mode; the upgrade must keep it. */
    private String rightHeldByCarolAfterCli;

    @TempDir
    Path work;

    @BeforeAll
    void bringTheNetworkUp() {
        String fabricBin = System.getenv("FABRIC_BIN");
        boolean binaries = fabricBin != null && Files.isExecutable(Path.of(fabricBin, "peer")) || Network.onPath("peer");
        if (!binaries) {
            System.out.println("FabricNetworkIT skipped: Fabric binaries not found: set FABRIC_BIN to run");
        }
        assumeTrue(binaries, "Fabric binaries not found: set FABRIC_BIN to run");
        if (!Files.isRegularFile(JAR)) {
            System.out.println("FabricNetworkIT skipped: " + JAR + " not built: run mvn -B -pl chaincode package");
        }
        assumeTrue(Files.isRegularFile(JAR), JAR + " not built: run mvn -B -pl chaincode package");
        for (Path jar : List.of(SERVICE_JAR, CLI_JAR)) {
            String reason = jar + " not built: run mvn -B install -DskipTests from the repository root";
            if (!Files.isRegularFile(jar)) {
                System.out.println("FabricNetworkIT skipped: " + reason);
            }
            assumeTrue(Files.isRegularFile(jar), reason);
        }
        env.put("CHAINCODE_JAR", JAR.toString());

        script("down");
        started = true;
        script("up");
        script("deploy");
    }

    @AfterAll
    void tearTheNetworkDown() {
        if (started) {
            Network.Result down = Network.run(Network.DIR, env, SCRIPT_TIMEOUT_SECONDS, "bash", "network.sh", "down");
            System.out.println(down.output());
            assertThat(down.exitCode()).as("network.sh down").isZero();
            assertThat(Network.DIR.resolve("run")).doesNotExist();
        }
    }

    @Test
    @Order(1)
    void statusShowsEveryNodeRunning() {
        String status = script("status");
        for (Node n : Network.nodes()) {
            if (!n.kind().equals("ca")) {
                assertThat(status).containsPattern(Pattern.quote(n.name()) + "\\s+\\S+\\s+\\S+\\s+\\d+\\s+running");
            }
        }
        // what the fabric mode test hands to the service and dpr
        assertThat(Network.trustBundle(Network.DIR)).exists();
        for (Org org : Network.orgs().stream().filter(o -> o.kind().equals("peer")).toList()) {
            assertThat(Network.connectionProfile(Network.DIR, org)).exists();
        }
        for (Network.ClientIdentity id : Network.identities()) {
            Path msp = Network.userMsp(Network.DIR, id.org(), id.name());
            assertThat(msp.resolve(Network.SIGN_CERT)).exists();
            assertThat(msp.resolve(Network.PRIVATE_KEY)).exists();
        }
    }

    @Test
    @Order(2)
    void anEnterpriseRegistersAndTransfersARightToAnotherOrganisationsEnterprise() throws Exception {
        Client alice = Client.of("RegistryOrg", "alice");
        Client carol = Client.of("ExchangeOrg", "carol");
        alicePartyId = alice.partyId();
        carolPartyId = carol.partyId();
        try (alice; carol) {
            String sha256 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)));
            String description = "{\"title\":\"Port container movements 2025\",\"industry\":\"logistics\","
                    + "\"classification\":\"GENERAL\",\"format\":\"CSV\",\"sizeBytes\":1048576,\"recordCount\":12000,"
                    + "\"sha256\":\"" + sha256 + "\",\"region\":\"CN-44\"}";
            String asset = alice.submit("registerAsset", description);
            Matcher id = Pattern.compile("\"id\":\"(A-[0-9a-f]+)\"").matcher(asset);
            assertThat(id.find()).as("asset id in %s", asset).isTrue();
            rightId = id.group(1) + "/RESOURCE_HOLDING";

            String contractDigest = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest("transfer contract".getBytes(StandardCharsets.UTF_8)));
            String expiry = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
            String offered = alice.submit("offerTransfer", rightId, carolPartyId, contractDigest, expiry);
            assertThat(offered).contains(carolPartyId);

            String accepted = carol.submit("acceptTransfer", rightId);
            assertThat(accepted).contains("\"holder\":\"" + carolPartyId + "\"");

            String right = alice.evaluate("getRight", rightId);
            assertThat(right).contains("\"holder\":\"" + carolPartyId + "\"").doesNotContain("\"holder\":\"" + alicePartyId + "\"");
            String history = carol.evaluate("getRightHistory", rightId);
            assertThat(history).contains("REGISTER_ASSET", "OFFER_TRANSFER", "ACCEPT_TRANSFER");
        }
    }

    /**
     * Fabric mode as an operator sets it up (network-config/README.md): the service connects with the
     * registry organisation's role-less client identity and the exported profile; its issuer root goes
     * into the exported trust bundle; dpr gets a fabric profile and a cryptogen identity per enterprise.
     */
    @Test
    @Order(3)
    void theServiceAndDprInFabricModeCertifyATransferThatVerifiesOfflineWithTheExportedBundle() throws Exception {
        Org registry = Network.org("RegistryOrg");
        Map<String, String> settings = Network.settings();
        Network.ClientIdentity serviceId = Network.serviceIdentity();
        Path serviceMsp = Network.userMsp(Network.DIR, serviceId.org(), serviceId.name());
        Path serviceData = work.resolve("registry-service/data");
        List<String> caRoots = new ArrayList<>();
        for (Org org : Network.orgs().stream().filter(o -> o.kind().equals("peer")).toList()) {
            try (var files = Files.list(Network.orgDir(Network.DIR, org).resolve("msp/cacerts"))) {
                files.sorted().forEach(f -> caRoots.add(f.toString()));
            }
        }
        List<String> arguments = List.of(
                "--registry.mode=fabric",
                "--registry.channel=" + settings.get("CHANNEL_NAME"),
                "--registry.chaincode-name=" + settings.get("CC_NAME"),
                "--registry.fabric.connection-profile=" + Network.connectionProfile(Network.DIR, registry),
                "--registry.fabric.msp-id=" + Network.org(serviceId.org()).mspId(),
                "--registry.fabric.certificate=" + serviceMsp.resolve(Network.SIGN_CERT),
                "--registry.fabric.private-key=" + serviceMsp.resolve(Network.PRIVATE_KEY),
                "--registry.fabric.ca-root-certificates=" + String.join(",", caRoots));
        try (RegistryServiceProcess service = RegistryServiceProcess.builder(SERVICE_JAR, serviceData,
                work.resolve("registry-service/registry-service.log")).arguments(arguments)
                .startTimeout(Duration.ofMinutes(3)).build()) {
            service.start();
            try {
                rightHeldByCarolAfterCli = registerOfferAcceptAndVerify(service, serviceData);
            } catch (Exception | AssertionError e) {
                System.out.println("--- registry service log (end) ---\n" + service.logTail());
                throw e;
            }
        }
    }

    /** The flow of the test above, with the service running; the right that ends with carol. */
    private String registerOfferAcceptAndVerify(RegistryServiceProcess service, Path serviceData) throws Exception {
        Org registry = Network.org("RegistryOrg");
        Org exchange = Network.org("ExchangeOrg");
        String url = service.url().toString();

        // The service reads the channel through the registry peer; its trust bundle comes from block 0.
        JsonNode network = JSON.readTree(service.get("/api/network"));
        Node registryPeer = Network.nodes("peer").stream().filter(n -> n.org().equals(registry.name())).findFirst().orElseThrow();
        assertThat(network.path("mode").asText()).isEqualTo("fabric");
        assertThat(network.path("mspId").asText()).isEqualTo(registry.mspId());
        assertThat(network.path("gatewayEndpoint").asText()).isEqualTo("127.0.0.1:" + registryPeer.port());

        // The verifiers' bundle: network.sh export with the service's issuer root (made on its first start).
        Path issuerRoot = serviceData.resolve("issuer/ECDSA_P256/root.pem");
        assertThat(issuerRoot).as("the service's generated issuer root").exists();
        script("export", "--issuer-root", issuerRoot.toString());
        Path bundle = Network.trustBundle(Network.DIR);
        JsonNode exported = JSON.readTree(bundle.toFile());
        assertThat(certificates(exported.path("issuers"))).containsExactly(certificate(Files.readString(issuerRoot)));
        assertSameOrganisations(exported, network.path("trustBundle"));
        assertThat(certificates(network.path("trustBundle").path("issuers"))).isEqualTo(certificates(exported.path("issuers")));

        // dpr: a fabric profile and a cryptogen identity for alice (RegistryOrg) and carol (ExchangeOrg).
        DprCli dpr = new DprCli(CLI_JAR, Files.createDirectories(work.resolve("dpr-home")));
        String alice = profile(dpr, "alice", registry, bundle, url);
        String carol = profile(dpr, "carol", exchange, bundle, url);
        assertThat(alice).as("dpr's party id is the chaincode's").isEqualTo(alicePartyId);
        assertThat(carol).as("dpr's party id is the chaincode's").isEqualTo(carolPartyId);

        // register: hashed locally, submitted as alice, its certificate fetched from the service at once
        Path file = Files.createDirectories(work.resolve("files")).resolve("movements-" + UUID.randomUUID() + ".csv");
        Files.writeString(file, "container,berth,time\nMSCU1234567,B7," + Instant.now() + "\n");
        JsonNode registered = dpr.ok("--profile", "alice", "asset", "register", file.toString(),
                "--industry", "logistics", "--region", "CN-44", "--records", "1");
        JsonNode result = registered.path("results").path(0);
        assertThat(result.path("status").asText()).as("%s", registered).isEqualTo("registered");
        String assetId = result.path("assetId").asText();
        String registerTx = result.path("transactionId").asText();
        assertThat(assetId).matches("A-[0-9a-f]+");
        assertThat(registerTx).matches(HEX64);
        assertThat(result.has("certificate")).as("certificate saved at registration (%s)",
                result.path("certificateError").asText("no error reported")).isTrue();
        Path savedAtRegistration = Path.of(result.path("certificate").asText());
        assertThat(savedAtRegistration).isEqualTo(file.resolveSibling(file.getFileName() + ".certificate.json")).exists();
        String right = assetId + "/RESOURCE_HOLDING";

        // offer (alice) -> accept (carol, through her own organisation's peer)
        JsonNode offered = dpr.ok("--profile", "alice", "right", "offer", right, "--to", carol,
                "--contract", sha256("transfer contract " + right), "--expires", "P1D");
        assertThat(offered.path("record").path("offer").path("receiver").asText()).isEqualTo(carol);
        JsonNode accepted = dpr.ok("--profile", "carol", "right", "accept", right);
        assertThat(accepted.path("record").path("holder").asText()).isEqualTo(carol);
        String acceptTx = accepted.path("transactionId").asText();
        assertThat(acceptTx).matches(HEX64);

        // the certificates, fetched from the service (the registration's again: the same one, byte for byte)
        Path certs = work.resolve("certificates");
        JsonNode fetched = certificateOf(dpr, "carol", registerTx, certs);
        Path registerCert = Path.of(fetched.path("json").asText());
        assertThat(registerCert).hasSameBinaryContentAs(savedAtRegistration);
        JsonNode submitter = JSON.readTree(registerCert.toFile()).path("parties").path(0);
        assertThat(submitter.path("role").asText()).isEqualTo("submitter");
        assertThat(certificate(submitter.path("certificate").asText())).isEqualTo(certificate(Files.readString(
                Network.userMsp(Network.DIR, registry.name(), "alice").resolve(Network.SIGN_CERT))));
        JsonNode acceptCert = certificateOf(dpr, "carol", acceptTx, certs);
        Path acceptJson = Path.of(acceptCert.path("json").asText());
        JsonNode acceptContent = JSON.readTree(acceptJson.toFile());
        assertThat(acceptContent.path("act").asText()).isEqualTo("ACCEPT_TRANSFER");
        assertThat(acceptContent.path("rightId").asText()).isEqualTo(right);
        assertThat(acceptContent.path("proof").path("transactionId").asText()).isEqualTo(acceptTx);
        assertThat(acceptContent.path("parties").path(0).path("mspId").asText()).isEqualTo(exchange.mspId());

        // dpr verify with the exported bundle: the registration with its file (JSON, PDF, --online), the acceptance
        assertPasses(dpr.run("--json", "verify", registerCert.toString(), "--file", file.toString(), "--trust", bundle.toString()),
                "file-digests", "issuer-chain", "orderer-signature", "endorsement-policy", "creator-chain", "written-state");
        assertPasses(dpr.run("--json", "verify", Path.of(fetched.path("pdf").asText()).toString(), "--file", file.toString(),
                "--trust", bundle.toString()), "file-digests");
        assertPasses(dpr.run("--profile", "alice", "--json", "verify", registerCert.toString(), "--file", file.toString(),
                "--trust", bundle.toString(), "--online"), "online-block");
        assertPasses(dpr.run("--json", "verify", acceptJson.toString(), "--trust", bundle.toString()),
                "parties", "endorsement-policy", "act");

        // a tampered copy of the file, a tampered copy of the certificate
        Path tamperedFile = work.resolve("files/tampered-" + file.getFileName());
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] ^= 1;
        Files.write(tamperedFile, bytes);
        assertFailsOnly(dpr.run("--json", "verify", registerCert.toString(), "--file", tamperedFile.toString(),
                "--trust", bundle.toString()), "file-digests");
        Path tamperedCert = work.resolve("certificates/tampered.certificate.json");
        String json = Files.readString(registerCert);
        String name = file.getFileName().toString();
        assertThat(json).as("the title (the file name) is in the written record").contains(name);
        Files.writeString(tamperedCert, json.replace(name, name.replace("movements-", "movemenTs-")));
        assertFails(dpr.run("--json", "verify", tamperedCert.toString(), "--file", file.toString(), "--trust", bundle.toString()),
                "issuer-signature");

        // the bundle network.sh exports without --issuer-root does not trust the service's certificates
        Path noIssuer = work.resolve("trust-bundle-without-issuer.json");
        ObjectNode copy = (ObjectNode) exported.deepCopy();
        copy.putArray("issuers");
        JSON.writeValue(noIssuer.toFile(), copy);
        assertFails(dpr.run("--json", "verify", registerCert.toString(), "--trust", noIssuer.toString()), "issuer-chain");

        return right;
    }

    @Test
    @Order(4)
    void anUpgradeRaisesTheSequenceAndKeepsTheLedger() throws Exception {
        String out = script("deploy", "--upgrade");
        assertThat(out).contains("sequence 2");
        try (Client carol = Client.of("ExchangeOrg", "carol")) {
            assertThat(rightId).as("the transfer test ran first").isNotNull();
            assertThat(carol.evaluate("getRight", rightId)).contains("\"holder\":\"" + carolPartyId + "\"");
            assertThat(rightHeldByCarolAfterCli).as("the fabric mode test ran first").isNotNull();
            assertThat(carol.evaluate("getRight", rightHeldByCarolAfterCli)).contains("\"holder\":\"" + carolPartyId + "\"");
        }
    }

    // ---- fabric mode helpers ----

    private static Path jar(String property, String fallback) {
        String configured = System.getProperty(property);
        return configured != null ? Path.of(configured).normalize() : Network.DIR.resolve(fallback).normalize();
    }

    /** {@code dpr init --fabric} and {@code dpr identity import} for a cryptogen client; the party id. */
    private static String profile(DprCli dpr, String user, Org org, Path bundle, String serviceUrl) {
        JsonNode init = dpr.ok("--profile", user, "init", "--fabric",
                "--connection-profile", Network.connectionProfile(Network.DIR, org).toString(),
                "--trust-bundle", bundle.toString(), "--service", serviceUrl);
        assertThat(init.path("mode").asText()).isEqualTo("fabric");
        assertThat(init.path("mspId").asText()).isEqualTo(org.mspId());
        Path msp = Network.userMsp(Network.DIR, org.name(), user);
        JsonNode identity = dpr.ok("--profile", user, "identity", "import",
                "--cert", msp.resolve(Network.SIGN_CERT).toString(), "--key", msp.resolve(Network.PRIVATE_KEY).toString());
        assertThat(identity.path("mspId").asText()).isEqualTo(org.mspId());
        assertThat(identity.path("role").asText()).isEqualTo("enterprise");
        String party = identity.path("party").asText();
        assertThat(party).startsWith(org.mspId() + "::CN=" + user + "@" + org.domain());
        return party;
    }

    /** {@code dpr certificate get --tx}, waiting while the service's peer has not committed the block yet. */
    private static JsonNode certificateOf(DprCli dpr, String user, String txId, Path out) throws InterruptedException {
        Instant deadline = Instant.now().plus(CERTIFICATE_WAIT);
        while (true) {
            DprCli.Run run = dpr.run("--profile", user, "--json", "certificate", "get", "--tx", txId, "--out", out.toString());
            if (run.exitCode() == 0) {
                JsonNode saved = run.json();
                assertThat(Path.of(saved.path("json").asText())).exists();
                assertThat(Path.of(saved.path("pdf").asText())).exists();
                return saved;
            }
            boolean notYet = run.exitCode() == 3 && run.stderr().contains("TRANSACTION_NOT_FOUND");
            if (!notYet || Instant.now().isAfter(deadline)) {
                throw new AssertionError(run.describe());
            }
            Thread.sleep(2000);
        }
    }

    /** Exit 0, verdict PASS, no check failed, and the named checks PASSED (not merely skipped). */
    private static void assertPasses(DprCli.Run run, String... mustPass) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Map<String, String> checks = checks(run);
        assertThat(run.json().path("verdict").asText()).isEqualTo("PASS");
        assertThat(checks).as(run.describe()).doesNotContainValue("FAILED");
        for (String name : mustPass) {
            assertThat(checks).as(run.describe()).containsEntry(name, "PASSED");
        }
    }

    /** Exit 1, verdict FAIL, and the named checks among the failures. */
    private static void assertFails(DprCli.Run run, String... mustFail) {
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.json().path("verdict").asText()).isEqualTo("FAIL");
        Map<String, String> checks = checks(run);
        for (String name : mustFail) {
            assertThat(checks).as(run.describe()).containsEntry(name, "FAILED");
        }
    }

    /** Exit 1, and exactly the named checks failed. */
    private static void assertFailsOnly(DprCli.Run run, String... failed) {
        assertFails(run, failed);
        assertThat(checks(run).entrySet().stream().filter(e -> e.getValue().equals("FAILED")).map(Map.Entry::getKey))
                .as(run.describe()).containsExactlyInAnyOrder(failed);
    }

    private static Map<String, String> checks(DprCli.Run run) {
        Map<String, String> checks = new LinkedHashMap<>();
        for (JsonNode check : run.json().path("checks")) {
            checks.put(check.path("name").asText(), check.path("status").asText());
        }
        return checks;
    }

    /** An organisation as a trust bundle states it: orderer or not, its CA roots and intermediates. */
    private record OrgTrust(boolean orderer, List<X509Certificate> roots, List<X509Certificate> intermediates) { }

    /** network.sh's bundle (from the MSP folders) and the service's (from block 0) name the same organisations and CAs. */
    private static void assertSameOrganisations(JsonNode exported, JsonNode fromService) throws CertificateException {
        Map<String, OrgTrust> fromFiles = organisations(exported);
        assertThat(fromFiles.keySet()).containsExactlyInAnyOrderElementsOf(Network.orgs().stream().map(Org::mspId).toList());
        assertThat(organisations(fromService)).isEqualTo(fromFiles);
        assertThat(exported.path("channel").asText()).isEqualTo(fromService.path("channel").asText());
        assertThat(exported.path("chaincode").asText()).isEqualTo(fromService.path("chaincode").asText());
    }

    private static Map<String, OrgTrust> organisations(JsonNode bundle) throws CertificateException {
        Map<String, OrgTrust> orgs = new TreeMap<>();
        for (JsonNode org : bundle.path("organizations")) {
            orgs.put(org.path("mspId").asText(), new OrgTrust(org.path("orderer").asBoolean(),
                    certificates(org.path("rootCertificates")), certificates(org.path("intermediateCertificates"))));
        }
        return orgs;
    }

    private static List<X509Certificate> certificates(JsonNode pems) throws CertificateException {
        List<X509Certificate> certs = new ArrayList<>();
        for (JsonNode pem : pems) {
            certs.add(certificate(pem.asText()));
        }
        return certs;
    }

    private static X509Certificate certificate(String pem) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private String script(String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = "network.sh";
        System.arraycopy(args, 0, command, 2, args.length);
        Network.Result r = Network.run(Network.DIR, env, SCRIPT_TIMEOUT_SECONDS, command);
        System.out.println("$ network.sh " + String.join(" ", args) + "\n" + r.output());
        assertThat(r.exitCode()).as("network.sh %s:\n%s", String.join(" ", args), r.output()).isZero();
        return r.output();
    }

    /** A fabric-gateway connection as one of the network's role identities, to its own organisation's peer. */
    private static final class Client implements AutoCloseable {
        private final ManagedChannel channel;
        private final Gateway gateway;
        private final Contract contract;
        private final String partyId;

        private Client(ManagedChannel channel, Gateway gateway, Contract contract, String partyId) {
            this.channel = channel;
            this.gateway = gateway;
            this.contract = contract;
            this.partyId = partyId;
        }

        static Client of(String orgName, String user) throws IOException, CertificateException, InvalidKeyException {
            Org org = Network.org(orgName);
            Node peer = Network.nodes("peer").stream().filter(n -> n.org().equals(orgName)).findFirst().orElseThrow();
            Path orgDir = Network.orgDir(Network.DIR, org);
            Path msp = Network.userMsp(Network.DIR, orgName, user);
            X509Certificate cert;
            try (Reader r = Files.newBufferedReader(msp.resolve(Network.SIGN_CERT))) {
                cert = Identities.readX509Certificate(r);
            }
            java.security.PrivateKey key;
            try (Reader r = Files.newBufferedReader(msp.resolve(Network.PRIVATE_KEY))) {
                key = Identities.readPrivateKey(r);
            }
            Path tlsCa;
            try (var files = Files.list(orgDir.resolve("msp/tlscacerts"))) {
                tlsCa = files.findFirst().orElseThrow();
            }
            ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + peer.port(),
                    TlsChannelCredentials.newBuilder().trustManager(tlsCa.toFile()).build()).build();
            Map<String, String> settings = Network.settings();
            Gateway gateway = Gateway.newInstance()
                    .identity(new X509Identity(org.mspId(), cert))
                    .signer(Signers.newPrivateKeySigner(key))
                    .connection(channel)
                    .evaluateOptions(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .endorseOptions(o -> o.withDeadlineAfter(60, TimeUnit.SECONDS))
                    .submitOptions(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .commitStatusOptions(o -> o.withDeadlineAfter(2, TimeUnit.MINUTES))
                    .connect();
            Contract contract = gateway.getNetwork(settings.get("CHANNEL_NAME")).getContract(settings.get("CC_NAME"));
            String party = org.mspId() + "::" + cert.getSubjectX500Principal().getName();
            return new Client(channel, gateway, contract, party);
        }

        String partyId() {
            return partyId;
        }

        String submit(String function, String... args) throws Exception {
            return new String(contract.submitTransaction(function, args), StandardCharsets.UTF_8);
        }

        String evaluate(String function, String... args) throws Exception {
            return new String(contract.evaluateTransaction(function, args), StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            gateway.close();
            try {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
