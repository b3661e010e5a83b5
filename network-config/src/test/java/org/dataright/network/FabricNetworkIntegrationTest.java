package org.dataright.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dataright.network.Network.Node;
import org.dataright.network.Network.Org;
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

/**
 * The network end to end, from Fabric's release binaries: `network.sh up` (native processes,
 * cryptogen plus role identities), `network.sh deploy`, then register → offer → accept through the
 * fabric-gateway client with the role-carrying identities of two organisations, an upgrade that
 * raises the sequence, and `network.sh down`. Skipped, with the reason printed, when neither
 * FABRIC_BIN nor PATH has Fabric's `peer`.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FabricNetworkIntegrationTest {
    private static final long SCRIPT_TIMEOUT_SECONDS = 900;
    private static final Path JAR = Network.DIR.resolve("../chaincode/target/chaincode.jar").normalize();

    private final Map<String, String> env = new HashMap<>();
    private boolean started;
    private String rightId;
    private String alicePartyId;
    private String carolPartyId;

    @BeforeAll
    void bringTheNetworkUp() {
        String fabricBin = System.getenv("FABRIC_BIN");
        boolean binaries = fabricBin != null && Files.isExecutable(Path.of(fabricBin, "peer")) || Network.onPath("peer");
        if (!binaries) {
            System.out.println("FabricNetworkIntegrationTest skipped: Fabric binaries not found: set FABRIC_BIN to run");
        }
        assumeTrue(binaries, "Fabric binaries not found: set FABRIC_BIN to run");
        if (!Files.isRegularFile(JAR)) {
            System.out.println("FabricNetworkIntegrationTest skipped: " + JAR + " not built: run mvn -B -pl chaincode package");
        }
        assumeTrue(Files.isRegularFile(JAR), JAR + " not built: run mvn -B -pl chaincode package");
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
        assertThat(Network.DIR.resolve("run/trust-bundle.json")).exists();
        assertThat(Network.DIR.resolve("run/profiles/connection-registry.json")).exists();
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

    @Test
    @Order(3)
    void anUpgradeRaisesTheSequenceAndKeepsTheLedger() throws Exception {
        String out = script("deploy", "--upgrade");
        assertThat(out).contains("sequence 2");
        try (Client carol = Client.of("ExchangeOrg", "carol")) {
            assertThat(rightId).as("the transfer test ran first").isNotNull();
            assertThat(carol.evaluate("getRight", rightId)).contains("\"holder\":\"" + carolPartyId + "\"");
        }
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
            Path orgDir = Network.DIR.resolve("organizations/peerOrganizations/" + org.domain());
            Path msp = orgDir.resolve("users/" + user + "@" + org.domain() + "/msp");
            X509Certificate cert;
            try (Reader r = Files.newBufferedReader(msp.resolve("signcerts/cert.pem"))) {
                cert = Identities.readX509Certificate(r);
            }
            java.security.PrivateKey key;
            try (Reader r = Files.newBufferedReader(msp.resolve("keystore/priv_sk"))) {
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
