package org.dataright.cli.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dataright.cli.Cli;
import org.dataright.cli.RightsChaincodeServer;
import org.dataright.cli.TestPki;
import org.dataright.cli.base.Output;
import org.dataright.cli.identity.KeyMaterial;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.peer.chaincode.ChaincodeAddress;
import org.dataright.peer.node.EmbeddedPeer;
import org.dataright.peer.node.PeerConfig;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;

/**
 * Where the drills run dpr: a home with profiles in fabric mode — {@code acme} (an enterprise with an
 * identity) and {@code bare} (no identity) — and input files of every bad kind under {@link #in}.
 * {@link #withLedger} puts a real ledger behind the profiles (the embedded peer running the rights contract
 * through the chaincode shim, in this JVM) and registers one asset; {@link #offline} points them at a
 * closed port, so an act that got past dpr's checks would end in exit 4 instead of the expected refusal.
 */
final class DrillHome implements AutoCloseable {
    final Path dir;
    final Path in;
    final Cli cli;
    final Path connectionProfile;
    final Path trustBundle;
    /** The asset acme registered (with a ledger), or a well-formed id nothing holds (offline). */
    final String assetId;
    private final EmbeddedPeer peer;

    private DrillHome(Path dir, EmbeddedPeer peer, String mspId, String endpoint, TrustBundle bundle, X509Certificate cert,
            PrivateKey key) throws Exception {
        this.dir = dir;
        this.peer = peer;
        in = inputs(dir);
        Path setup = Files.createDirectories(dir.resolve("setup"));
        connectionProfile = Files.writeString(setup.resolve("connection.json"), """
                {"client":{"organization":"Registry"},
                 "organizations":{"Registry":{"mspid":"%s","peers":["peer0"]}},
                 "peers":{"peer0":{"url":"grpc://%s"}}}
                """.formatted(mspId, endpoint));
        trustBundle = Files.writeString(setup.resolve("trust-bundle.json"), bundle.toJson());
        cli = new Cli(dir.resolve("home"));
        for (String profile : List.of("acme", "bare")) {
            Cli.Result init = cli.run("--profile", profile, "init", "--fabric", "--connection-profile",
                    connectionProfile.toString(), "--trust-bundle", trustBundle.toString(),
                    "--service", "http://127.0.0.1:" + Cli.closedPort());
            assertThat(init.exit()).as(init.err()).isEqualTo(0);
        }
        Path certFile = Files.writeString(setup.resolve("acme.pem"), Pem.of(cert));
        Path keyFile = Files.writeString(setup.resolve("acme-key.pem"), Identities.toPemString(key));
        Cli.Result imported = cli.run("--profile", "acme", "identity", "import", "--cert", certFile.toString(), "--key",
                keyFile.toString());
        assertThat(imported.exit()).as(imported.err()).isEqualTo(0);
        if (peer == null) {
            assetId = "A-0123456789abcdef";
        } else {
            Path data = Files.writeString(setup.resolve("sales.csv"), "day,amount\n2025-01-01,100\n");
            Cli.Result registered = cli.run("--profile", "acme", "asset", "register", data.toString(), "--industry",
                    "retail", "--region", "CN-31", "--no-certificate", "--json");
            assertThat(registered.exit()).as(registered.err()).isEqualTo(0);
            assetId = Output.JSON.readTree(registered.out()).path("results").path(0).path("assetId").asText();
            assertThat(assetId).startsWith("A-");
        }
    }

    /** Profiles whose ledger endpoint nothing listens on; the identity is from a test CA. */
    static DrillHome offline(Path dir) throws Exception {
        TestPki pki = new TestPki();
        KeyPair keys = KeyMaterial.newKeyPair();
        X509Certificate cert = pki.issue(keys.getPublic(), "CN=acme,OU=client", "enterprise");
        TrustBundle bundle = TrustBundle.from(pki.trustBundleJson());
        return new DrillHome(dir, null, "RegistryMSP", "127.0.0.1:" + Cli.closedPort(), bundle, cert, keys.getPrivate());
    }

    /** Profiles on a real ledger: the embedded peer with the rights contract. */
    static DrillHome withLedger(Path dir) throws Exception {
        int chaincodePort = Cli.closedPort();
        RightsChaincodeServer.start(chaincodePort);
        EmbeddedPeer peer = EmbeddedPeer.start(PeerConfig.builder(dir.resolve("peer")).port(0)
                .chaincode(ChaincodeAddress.of("rights", "127.0.0.1", chaincodePort))
                .blockCutting(10, Duration.ofMillis(50)).build());
        TrustBundle bundle = TrustBundle.fromConfigBlock(peer.ledger().getBlockByNumber(0).orElseThrow(), "rights", null,
                List.of(peer.identities().organizationCa().certificate()), List.of());
        SigningIdentity acme = peer.identities().organizationCa().enroll(peer.config().mspId(), "acme", MSPRoleType.CLIENT,
                Map.of("role", "enterprise"));
        DrillHome home = new DrillHome(dir, peer, peer.config().mspId(), peer.endpoint(), bundle, acme.certificate(),
                acme.privateKey());
        home.enterBank(peer.identities().admin());
        return home;
    }

    /** The party every drill names as pledgee: a bank in the directory, entered by the network's admin as registrar. */
    static final String BANK = "RegistryMSP::OU=client,CN=Drill Bank";

    private void enterBank(SigningIdentity registrar) throws IOException {
        Path setup = dir.resolve("setup");
        Path cert = Files.writeString(setup.resolve("registrar.pem"), Pem.of(registrar.certificate()));
        Path key = Files.writeString(setup.resolve("registrar-key.pem"), Identities.toPemString(registrar.privateKey()));
        assertThat(cli.run("--profile", "registrar", "init", "--fabric", "--connection-profile", connectionProfile.toString(),
                "--trust-bundle", trustBundle.toString()).exit()).isEqualTo(0);
        assertThat(cli.run("--profile", "registrar", "identity", "import", "--cert", cert.toString(), "--key",
                key.toString()).exit()).isEqualTo(0);
        Cli.Result entered = cli.run("--profile", "registrar", "participant", "register", "--party", BANK, "--name",
                "Drill Bank", "--handle", "drill-bank", "--role", "bank");
        assertThat(entered.exit()).as(entered.err()).isEqualTo(0);
    }

    /** The ledger's height: it moves when any transaction is committed. Offline there is no ledger: 0. */
    long height() {
        return peer == null ? 0 : peer.ledger().height();
    }

    Path home() {
        return dir.resolve("home");
    }

    String input(String name) {
        return in.resolve(name).toString();
    }

    /** Files of every bad kind, made once. */
    private static Path inputs(Path dir) throws IOException, InterruptedException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("empty"), new byte[0]);
        Files.createDirectories(in.resolve("a-directory"));
        Files.createDirectories(in.resolve("empty-directory"));
        Files.writeString(Files.createDirectories(in.resolve("hidden-only").resolve(".git")).resolve("config"), "x");
        Files.writeString(in.resolve("data.csv"), "id,value\n1,2\n");
        Files.createSymbolicLink(in.resolve("dangling"), in.resolve("nothing-here"));
        Files.createSymbolicLink(in.resolve("zero"), Path.of("/dev/zero"));
        Process mkfifo = new ProcessBuilder("mkfifo", in.resolve("fifo").toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
        Files.writeString(in.resolve("certificate.json"), "{\"version\":1,\"act\":\"REGISTER_ASSET\"}");
        return in;
    }

    @Override
    public void close() {
        if (peer != null) {
            peer.close();
        }
    }
}
