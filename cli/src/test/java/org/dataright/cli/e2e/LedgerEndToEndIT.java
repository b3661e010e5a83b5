package org.dataright.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dataright.cli.Cli;
import org.dataright.cli.RightsChaincodeServer;
import org.dataright.cli.TestPki;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.cli.identity.KeyMaterial;
import org.dataright.evidence.certificate.ActRecord;
import org.dataright.evidence.certificate.ActStatus;
import org.dataright.evidence.certificate.CertificateContent;
import org.dataright.evidence.certificate.CertificateIssuer;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.certificate.LedgerRecord;
import org.dataright.evidence.crypto.IssuerKey;
import org.dataright.evidence.digest.FileDigests;
import org.dataright.evidence.fabric.EndorserTransaction;
import org.dataright.evidence.pdf.CertificatePdf;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.peer.chaincode.ChaincodeAddress;
import org.dataright.peer.ledger.TxStatus;
import org.dataright.peer.node.EmbeddedPeer;
import org.dataright.peer.node.PeerConfig;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.hyperledger.fabric.protos.gateway.PreparedTransaction;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dpr against a real ledger: the embedded peer, running the rights contract through the chaincode shim
 * (in this JVM, as a chaincode-as-a-service server), reached through fabric-gateway in fabric mode.
 * Certificates need the registry service and are not part of this test.
 */
class LedgerEndToEndIT {
    @TempDir
    static Path dir;
    static EmbeddedPeer peer;
    static Cli cli;
    /** Roots the certificate issuer's certificate; listed as an issuer root in the trust bundle. */
    static TestPki issuers = new TestPki();
    static Path cp;
    static Path bundleFile;

    @BeforeAll
    static void start() throws Exception {
        int chaincodePort = Cli.closedPort();
        RightsChaincodeServer.start(chaincodePort);
        peer = EmbeddedPeer.start(PeerConfig.builder(dir.resolve("peer")).port(0)
                .chaincode(ChaincodeAddress.of("rights", "127.0.0.1", chaincodePort))
                .blockCutting(10, Duration.ofMillis(50)).build());
        cp = Files.writeString(dir.resolve("connection.json"), """
                {"client":{"organization":"Registry"},
                 "organizations":{"Registry":{"mspid":"%s","peers":["peer0"]}},
                 "peers":{"peer0":{"url":"grpc://%s"}}}
                """.formatted(peer.config().mspId(), peer.endpoint()));
        TrustBundle bundle = TrustBundle.fromConfigBlock(peer.ledger().getBlockByNumber(0).orElseThrow(), "rights", null,
                List.of(issuers.ca()), List.of());
        bundleFile = Files.writeString(dir.resolve("trust-bundle.json"), bundle.toJson());
        cli = new Cli(dir);
        String[][] participants = {{"acme", "enterprise"}, {"beta", "enterprise"}, {"carol", "enterprise"},
            {"court", "court"}, {"registrar", "registrar"}};
        for (String[] who : participants) {
            SigningIdentity identity = peer.identities().organizationCa().enroll(peer.config().mspId(), who[0],
                    MSPRoleType.CLIENT, Map.of("role", who[1]));
            Path cert = Files.writeString(dir.resolve(who[0] + ".pem"), Pem.of(identity.certificate()));
            Path key = Files.writeString(dir.resolve(who[0] + "-key.pem"), Identities.toPemString(identity.privateKey()));
            assertThat(cli.run("--profile", who[0], "init", "--fabric", "--connection-profile", cp.toString(),
                    "--trust-bundle", bundleFile.toString()).exit()).isEqualTo(0);
            Cli.Result imported = cli.run("--profile", who[0], "identity", "import", "--cert", cert.toString(),
                    "--key", key.toString());
            assertThat(imported.exit()).as(imported.err()).isEqualTo(0);
        }
        // No enrolment service here: the registrar enters the participants in the directory, as in fabric mode.
        for (String[] who : participants) {
            Cli.Result entered = cli.run("--profile", "registrar", "participant", "register", "--party", party(who[0]),
                    "--name", who[0] + " Ltd", "--handle", who[0], "--role", who[1], "--cert", dir.resolve(who[0] + ".pem").toString());
            assertThat(entered.exit()).as(entered.err()).isEqualTo(0);
        }
    }

    @AfterAll
    static void stop() {
        if (peer != null) {
            peer.close();
        }
    }

    private static JsonNode json(Cli.Result r) throws IOException {
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        return Output.JSON.readTree(r.out());
    }

    private static String party(String profile) throws IOException {
        return json(cli.run("--profile", profile, "identity", "show", "--json")).get("party").asText();
    }

    /** A certificate of dave's subject from the organisation's CA, with a new key, written as NAME.pem and NAME-key.pem. */
    private static Path daveCertificate(String name) throws IOException {
        SigningIdentity identity = peer.identities().organizationCa().enroll(peer.config().mspId(), "dave",
                MSPRoleType.CLIENT, Map.of("role", "enterprise"));
        Files.writeString(dir.resolve(name + "-key.pem"), Identities.toPemString(identity.privateKey()));
        return Files.writeString(dir.resolve(name + ".pem"), Pem.of(identity.certificate()));
    }

    private static void importAs(String profile, Path cert) {
        assertThat(cli.run("--profile", profile, "init", "--fabric", "--connection-profile", cp.toString(),
                "--trust-bundle", bundleFile.toString()).exit()).isEqualTo(0);
        Cli.Result imported = cli.run("--profile", profile, "identity", "import", "--cert", cert.toString(),
                "--key", cert.toString().replace(".pem", "-key.pem"));
        assertThat(imported.exit()).as(imported.err()).isEqualTo(0);
    }

    private static Cli.Result registerAs(String profile, String content) throws IOException {
        Path file = Files.writeString(dir.resolve(profile + "-" + content + ".txt"), content);
        return cli.run("--profile", profile, "asset", "register", file.toString(), "--industry", "retail", "--region", "CN-31",
                "--no-certificate");
    }

    /**
     * The findings this reproduces: a certificate minted with the organisation's CA key for an existing
     * participant acted in its name, and a first key still acted after two renewals.
     */
    @Test
    void keysArePinnedAtRegistrationRenewedRevokedAndListed() throws Exception {
        Path first = daveCertificate("dave-1");
        importAs("dave", first);
        importAs("dave-first", first);
        String dave = party("dave");
        Cli.Result noFile = cli.run("--profile", "registrar", "participant", "register", "--party", dave, "--name", "Dave Ltd",
                "--handle", "dave", "--role", "enterprise", "--cert", dir.resolve("missing.pem").toString());
        assertThat(noFile.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noFile.err()).contains("FILE_NOT_FOUND");
        Cli.Result entered = cli.run("--profile", "registrar", "participant", "register", "--party", dave, "--name", "Dave Ltd",
                "--handle", "dave", "--role", "enterprise", "--cert", first.toString());
        assertThat(entered.exit()).as(entered.err()).isEqualTo(0);

        importAs("dave-minted", daveCertificate("dave-minted"));
        Cli.Result minted = registerAs("dave-minted", "minted");
        assertThat(minted.out() + minted.err()).contains("KEY_NOT_BOUND").contains(dave);

        Path second = daveCertificate("dave-2");
        Cli.Result renewed = cli.run("--profile", "dave", "identity", "renew", "--cert", second.toString(), "--key",
                dir.resolve("dave-2-key.pem").toString());
        assertThat(renewed.exit()).as(renewed.err()).isEqualTo(0);
        Path third = daveCertificate("dave-3");
        assertThat(cli.run("--profile", "dave", "identity", "renew", "--cert", third.toString(), "--key",
                dir.resolve("dave-3-key.pem").toString()).exit()).isEqualTo(0);
        Cli.Result firstKey = registerAs("dave-first", "first key");
        assertThat(firstKey.out() + firstKey.err()).contains("KEY_NOT_BOUND");
        Path thirdKeyData = Files.writeString(dir.resolve("dave-third-key.txt"), "third key");
        JsonNode current = json(cli.run("--profile", "dave", "asset", "register", thirdKeyData.toString(), "--industry", "retail",
                "--region", "CN-31", "--no-certificate", "--json")).get("results").get(0);
        assertThat(current.get("status").asText()).as(current.toString()).isEqualTo("registered");

        Cli.Result neither = cli.run("--profile", "registrar", "identity", "revoke", "dave", "--reason", "x");
        assertThat(neither.exit()).isEqualTo(ExitCodes.USAGE);
        Cli.Result revoked = cli.run("--profile", "registrar", "identity", "revoke", "dave", "--cert", third.toString(),
                "--reason", "laptop stolen");
        assertThat(revoked.exit()).as(revoked.err()).isEqualTo(0);
        Cli.Result afterRevocation = registerAs("dave", "revoked key");
        assertThat(afterRevocation.out() + afterRevocation.err()).contains("KEY_REVOKED");

        // Online, a certificate of the act the third key signed says the key was revoked after that act.
        String txId = current.get("transactionId").asText();
        TxStatus status = peer.ledger().getTxStatus(txId).orElseThrow();
        Block block = peer.ledger().getBlockByNumber(status.blockNumber()).orElseThrow();
        EndorserTransaction tx = EndorserTransaction.parse(block.getData().getData(status.txNumber()));
        String recordKey = Output.JSON.readTree(tx.event().getPayload().toStringUtf8()).get("recordKey").asText();
        String assetId = current.get("assetId").asText();
        KeyPair issuerKeys = KeyMaterial.newKeyPair();
        IssuerKey issuer = new IssuerKey(SignatureAlgorithm.ECDSA_P256_SHA256, issuerKeys.getPrivate(),
                issuers.issue(issuerKeys.getPublic(), "CN=Registry certificate issuer", null), List.of());
        EvidenceCertificate certificate = CertificateIssuer.issue(block, status.txNumber(),
                org.hyperledger.fabric.protos.peer.TxValidationCode.VALID,
                new ActRecord("REGISTER_ASSET", assetId, assetId + "/RESOURCE_HOLDING", recordKey, null, List.of()), issuer,
                Instant.now());
        Path certificateFile = Files.writeString(dir.resolve("dave-third-key.certificate.json"), certificate.toJson());
        Cli.Result online = cli.run("--profile", "court", "verify", certificateFile.toString(), "--online");
        assertThat(online.out()).containsPattern("PASSED +online-signing-key +the participant directory at \\S+: key [0-9a-f]{64} of "
                + java.util.regex.Pattern.quote(dave) + " ended \\S+ \\(REVOKED: laptop stolen, transaction [0-9a-f]{64}\\), after the "
                + "act's time \\S+; it was current when the act was signed");

        JsonNode history = json(cli.run("--profile", "dave", "identity", "history", "--json"));
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("how").asText()).isEqualTo("ENROLMENT");
        assertThat(history.get(0).get("end").asText()).isEqualTo("RENEWED");
        assertThat(history.get(1).get("how").asText()).isEqualTo("RENEWAL");
        assertThat(history.get(2).get("end").asText()).isEqualTo("REVOKED");
        assertThat(history.get(2).get("endReason").asText()).isEqualTo("laptop stolen");
        Cli.Result table = cli.run("--profile", "court", "identity", "history", "dave");
        assertThat(table.exit()).as(table.err()).isEqualTo(0);
        assertThat(table.out()).contains("enrolment → renewed", "renewal → revoked: laptop stolen");

        Path fourth = daveCertificate("dave-4");
        Cli.Result rebound = cli.run("--profile", "registrar", "identity", "rebind", "dave", "--cert", fourth.toString(),
                "--reason", "new key after the theft");
        assertThat(rebound.exit()).as(rebound.err()).isEqualTo(0);
        importAs("dave-4", fourth);
        assertThat(registerAs("dave-4", "rebound key").out()).contains("1 registered");
    }

    @Test
    void registerTransferLicenseFreezeAndReadTheHistory() throws Exception {
        Path data = Files.writeString(dir.resolve("sales-2024.csv"), "day,amount\n2024-01-01,100\n");
        JsonNode registered = json(cli.run("--profile", "acme", "asset", "register", data.toString(),
                "--industry", "retail", "--region", "CN-31", "--no-certificate", "--json"));
        assertThat(registered.get("registered").asInt()).isEqualTo(1);
        String asset = registered.get("results").get(0).get("assetId").asText();
        assertThat(asset).startsWith("A-");
        String right = asset + "/RESOURCE_HOLDING";

        Cli.Result again = cli.run("--profile", "acme", "asset", "register", data.toString(), "--industry", "retail",
                "--region", "CN-31", "--no-certificate");
        assertThat(again.exit()).as(again.err()).isEqualTo(0);
        assertThat(again.out()).contains("skipped", asset, "ALREADY_REGISTERED", "0 registered, 1 skipped, 0 failed");

        String beta = party("beta");
        String contract = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        Cli.Result notHolder = cli.run("--profile", "beta", "right", "offer", right, "--to", party("acme"),
                "--contract", contract, "--expires", "2099-01-01T00:00:00Z");
        assertThat(notHolder.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(notHolder.err()).contains("error: NOT_HOLDER:");

        // The peer's clock is the real one, the CLI's a fixed instant: the expiry is given as an instant.
        Cli.Result offered = cli.run("--profile", "acme", "right", "offer", right, "--to", beta, "--contract", contract,
                "--expires", "2099-01-01T00:00:00Z");
        assertThat(offered.exit()).as(offered.err()).isEqualTo(0);
        JsonNode accepted = json(cli.run("--profile", "beta", "right", "accept", right, "--json"));
        assertThat(accepted.get("record").get("holder").asText()).isEqualTo(beta);
        assertThat(accepted.get("transactionId").asText()).hasSize(64);

        Cli.Result licence = cli.run("--profile", "beta", "licence", "grant", asset, "PROCESSING_USE", "--to", party("acme"),
                "--purpose", "credit scoring", "--scope", "aggregates", "--territory", "CN",
                "--start", "2025-01-01T00:00:00Z", "--end", "2099-01-01T00:00:00Z");
        assertThat(licence.exit()).as(licence.err()).isEqualTo(0);

        Cli.Result notCourt = cli.run("--profile", "acme", "freeze", asset, "--case", "(2025) 7", "--order", contract);
        assertThat(notCourt.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(notCourt.err()).contains("error: ROLE_NOT_ALLOWED:", "next: check your role");
        Cli.Result freeze = cli.run("--profile", "court", "freeze", asset, "--case", "(2025) 7", "--order", contract);
        assertThat(freeze.exit()).as(freeze.err()).isEqualTo(0);
        Cli.Result frozen = cli.run("--profile", "beta", "right", "offer", right, "--to", party("acme"), "--contract", contract,
                "--expires", "2099-01-01T00:00:00Z");
        assertThat(frozen.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(frozen.err()).containsPattern("error: (ASSET|RIGHT)_FROZEN: .*frozen").contains("next: a court must unfreeze");

        Cli.Result history = cli.run("--profile", "beta", "asset", "history", right);
        assertThat(history.exit()).isEqualTo(0);
        assertThat(history.out()).contains("REGISTER_ASSET", "OFFER_TRANSFER", "ACCEPT_TRANSFER", beta);
        Cli.Result show = cli.run("--profile", "beta", "asset", "show", asset);
        assertThat(show.exit()).as(show.err()).isEqualTo(0);
        assertThat(show.out()).contains(asset, "PROCESSING_USE", "(2025) 7");
        assertThat(cli.run("--profile", "beta", "rights", "list").out()).contains(right);
        JsonNode info = json(cli.run("--profile", "court", "ledger", "info", "--json"));
        assertThat(info.get("height").asLong()).isGreaterThan(5);
        assertThat(cli.run("--profile", "court", "asset", "show", "A-0000000000000000").err())
                .contains("error: ASSET_NOT_FOUND:");
    }

    /** A batch goes on past a bad file or manifest row: the others are registered, each failure reported with its code. */
    @Test
    void aBatchRegistersTheGoodFilesAndReportsEachBadOne() throws Exception {
        Path batch = Files.createDirectories(dir.resolve("batch"));
        Files.writeString(batch.resolve("a.csv"), "a " + System.nanoTime());
        Files.write(batch.resolve("b-empty.csv"), new byte[0]);
        Files.writeString(batch.resolve("c.csv"), "c " + System.nanoTime());
        Cli.Result r = cli.run("--profile", "acme", "asset", "register", "--dir", batch.toString(), "--industry", "retail",
                "--region", "CN-31", "--no-certificate", "--json");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.REJECTED);
        JsonNode summary = Output.JSON.readTree(r.out());
        assertThat(summary.get("registered").asInt()).isEqualTo(2);
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
        assertThat(summary.get("results")).extracting(n -> n.get("status").asText())
                .containsExactly("registered", "failed", "registered");
        assertThat(summary.get("results").get(1).get("file").asText()).isEqualTo(batch.resolve("b-empty.csv").toString());
        assertThat(summary.get("results").get(1).get("code").asText()).isEqualTo("FILE_EMPTY");

        Files.writeString(batch.resolve("d.csv"), "d " + System.nanoTime());
        Path manifest = Files.writeString(batch.resolve("assets.csv"), "file,title,classification\n"
                + "missing.csv,Gone,GENERAL\n" + "d.csv,D,TOP\n" + "c.csv,C again,GENERAL\n" + "d.csv,D,CORE\n");
        Cli.Result m = cli.run("--profile", "acme", "asset", "register", "--manifest", manifest.toString(), "--industry",
                "retail", "--region", "CN-31", "--no-certificate");
        assertThat(m.exit()).as(m.err()).isEqualTo(ExitCodes.REJECTED);
        assertThat(m.out()).contains("FILE_NOT_FOUND", "line 3: classification 'TOP'", "ALREADY_REGISTERED",
                "1 registered, 1 skipped, 2 failed");
    }

    /**
     * {@code --dir} goes to the ledger in batches: each file is its own data asset, named after its transaction and
     * place in it; a file the ledger refuses (content registered before, or twice in one batch) is left out and
     * skipped as it would be alone; the certificate of one asset of a batch passes every check.
     */
    @Test
    void aDirectoryIsRegisteredInBatchesAndTheCertificateOfOneAssetVerifies() throws Exception {
        Path before = Files.writeString(dir.resolve("registered-before.csv"), "before " + System.nanoTime());
        String earlier = json(cli.run("--profile", "acme", "asset", "register", before.toString(), "--industry", "retail",
                "--region", "CN-31", "--no-certificate", "--json")).get("results").get(0).get("assetId").asText();
        Path bulk = Files.createDirectories(dir.resolve("bulk"));
        for (int i = 0; i < 7; i++) {
            Files.writeString(bulk.resolve("f" + i + ".csv"), "bulk " + i + " " + System.nanoTime());
        }
        Files.copy(bulk.resolve("f6.csv"), bulk.resolve("f7.csv"));
        Files.copy(before, bulk.resolve("f8.csv"));

        JsonNode summary = json(cli.run("--profile", "acme", "asset", "register", "--dir", bulk.toString(), "--batch", "3",
                "--industry", "retail", "--region", "CN-31", "--no-certificate", "--json"));
        assertThat(summary.get("registered").asInt()).isEqualTo(7);
        assertThat(summary.get("skipped").asInt()).isEqualTo(2);
        JsonNode results = summary.get("results");
        assertThat(results).extracting(n -> n.get("status").asText()).containsExactly("registered", "registered",
                "registered", "registered", "registered", "registered", "registered", "skipped", "skipped");
        java.util.Set<String> transactions = new java.util.TreeSet<>();
        for (int i = 0; i < 7; i++) {
            JsonNode r = results.get(i);
            assertThat(r.get("file").asText()).isEqualTo(bulk.resolve("f" + i + ".csv").toString());
            String tx = r.get("transactionId").asText();
            transactions.add(tx);
            assertThat(r.get("assetId").asText()).isEqualTo("A-" + tx.substring(0, 16) + "-" + (i % 3));
        }
        assertThat(transactions).hasSize(3);
        assertThat(results.get(7).get("assetId").asText()).isEqualTo(results.get(6).get("assetId").asText());
        assertThat(results.get(8).get("assetId").asText()).isEqualTo(earlier);
        assertThat(results.get(8).get("code").asText()).isEqualTo("ALREADY_REGISTERED");

        JsonNode fifth = results.get(4);
        String assetId = fifth.get("assetId").asText();
        TxStatus status = peer.ledger().getTxStatus(fifth.get("transactionId").asText()).orElseThrow();
        Block block = peer.ledger().getBlockByNumber(status.blockNumber()).orElseThrow();
        EndorserTransaction tx = EndorserTransaction.parse(block.getData().getData(status.txNumber()));
        assertThat(tx.event().getEventName()).isEqualTo("REGISTER_ASSETS");
        JsonNode entry = Output.JSON.readTree(tx.event().getPayload().toStringUtf8()).get("assets").get(1);
        assertThat(entry.get("assetId").asText()).isEqualTo(assetId);
        String key = entry.get("recordKey").asText();
        JsonNode record = Output.JSON.readTree(tx.write("rights", key).orElseThrow().getValue().toStringUtf8());
        FileDigests digests = new FileDigests(record.get("sha256").asText(), record.get("sm3").asText(),
                record.get("manifestRoot").asText());
        KeyPair issuerKeys = KeyMaterial.newKeyPair();
        IssuerKey issuer = new IssuerKey(SignatureAlgorithm.ECDSA_P256_SHA256, issuerKeys.getPrivate(),
                issuers.issue(issuerKeys.getPublic(), "CN=Registry certificate issuer", null), List.of());
        EvidenceCertificate certificate = CertificateIssuer.issue(block, status.txNumber(), status.code(),
                new ActRecord("REGISTER_ASSETS", assetId, assetId + "/RESOURCE_HOLDING", key, digests, List.of()),
                issuer, Instant.now());
        Path json = Files.writeString(dir.resolve("f4.certificate.json"), certificate.toJson());
        Cli.Result good = cli.run("--profile", "acme", "verify", json.toString(), "--file", bulk.resolve("f4.csv").toString(),
                "--online");
        assertThat(good.exit()).as(good.out() + good.err()).isEqualTo(0);
        assertThat(good.out()).containsPattern("PASSED +act").containsPattern("PASSED +written-state")
                .containsPattern("PASSED +file-digests").contains("verdict: PASS");
        Cli.Result wrongFile = cli.run("--profile", "acme", "verify", json.toString(), "--file", bulk.resolve("f3.csv").toString());
        assertThat(wrongFile.out()).containsPattern("FAILED +file-digests");

        // Signed by the issuer, yet false: one certificate for the whole batch (the per-transaction id), and a
        // certificate of this asset stating another asset's record of the same transaction.
        CertificateContent c = certificate.content();
        CertificateContent perTransaction = new CertificateContent(c.version(), CertificateContent.deriveId(
                c.proof().transactionId(), issuer.certificate()), c.act(), c.assetId(), c.rightId(), c.parties(),
                c.digests(), c.record(), c.transactionTime(), c.issuedAt(), c.proof(), c.issuer(), c.status(), c.logProof());
        String otherKey = Output.JSON.readTree(tx.event().getPayload().toStringUtf8()).get("assets").get(0)
                .get("recordKey").asText();
        CertificateContent otherRecord = new CertificateContent(c.version(), c.id(), c.act(), c.assetId(), c.rightId(),
                c.parties(), null, new LedgerRecord(otherKey, tx.write("rights", otherKey).orElseThrow().getValue()
                        .toStringUtf8()), c.transactionTime(), c.issuedAt(), c.proof(), c.issuer(), c.status(), c.logProof());
        for (CertificateContent forged : List.of(perTransaction, otherRecord)) {
            Path file = Files.writeString(dir.resolve("f4.forged.certificate.json"),
                    new EvidenceCertificate(forged, issuer.sign(forged.canonicalBytes()), null).toJson());
            Cli.Result r = cli.run("--profile", "acme", "verify", file.toString());
            assertThat(r.exit()).as(r.out()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
            assertThat(r.out()).containsPattern("FAILED +act");
        }
    }

    /** A batch beyond the ledger's byte bound (long descriptions) is sent again as two halves: every file is registered. */
    @Test
    void aBatchOverTheByteBoundIsSentAsTwoHalves() throws Exception {
        Path bulk = Files.createDirectories(dir.resolve("long-descriptions"));
        for (int i = 0; i < 300; i++) {
            Files.writeString(bulk.resolve(String.format(java.util.Locale.ROOT, "g%03d.csv", i)), "long " + i + " "
                    + System.nanoTime());
        }
        JsonNode summary = json(cli.run("--profile", "acme", "asset", "register", "--dir", bulk.toString(), "--batch", "500",
                "--description", "d".repeat(3900), "--industry", "retail", "--region", "CN-31", "--no-certificate", "--json"));
        assertThat(summary.get("registered").asInt()).isEqualTo(300);
        java.util.Set<String> transactions = new java.util.TreeSet<>();
        summary.get("results").forEach(r -> transactions.add(r.get("transactionId").asText()));
        assertThat(transactions).hasSize(2);
    }

    @Test
    void concurrentOffersOfOneRightNeverSurfaceAnMvccConflict() throws Exception {
        Path data = Files.writeString(dir.resolve("panel.bin"), "panel " + System.nanoTime());
        JsonNode registered = json(cli.run("--profile", "beta", "asset", "register", data.toString(),
                "--industry", "finance", "--region", "CN-11", "--no-certificate", "--json"));
        String right = registered.get("results").get(0).get("assetId").asText() + "/RESOURCE_HOLDING";
        String acme = party("acme");
        String carol = party("carol");
        String contract = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        // Both read and write the same right; in one block the second is an MVCC conflict, retried with a fresh proposal.
        CompletableFuture<Cli.Result> first = CompletableFuture.supplyAsync(() ->
                cli.run("--profile", "beta", "right", "offer", right, "--to", acme, "--contract", contract,
                        "--expires", "2099-01-01T00:00:00Z"));
        CompletableFuture<Cli.Result> second = CompletableFuture.supplyAsync(() ->
                cli.run("--profile", "beta", "right", "offer", right, "--to", carol, "--contract", contract,
                        "--expires", "2099-01-01T00:00:00Z"));
        List<Cli.Result> results = List.of(first.get(5, TimeUnit.MINUTES), second.get(5, TimeUnit.MINUTES));
        assertThat(results).extracting(Cli.Result::exit).containsExactlyInAnyOrder(0, ExitCodes.REJECTED);
        assertThat(results).extracting(Cli.Result::err).noneMatch(e -> e.contains("MVCC_READ_CONFLICT"))
                .anyMatch(e -> e.contains("error: OFFER_PENDING:"));
    }

    /**
     * Review and publicity with dpr alone: the registrar configures them, reviews a registration and a
     * transfer (approved, each takes effect at once with 0 publicity days) and rejects a registration with
     * its reason; what the contract refuses is exit 3 with its code. The registry's default (no review, no
     * publicity) is restored at the end, so the other tests register and transfer at once.
     */
    @Test
    void registrarConfiguresReviewAndReviewsRegistrationsAndTransfers() throws Exception {
        Cli.Result notRegistrar = cli.run("--profile", "acme", "registry", "configure", "--review-required", "true",
                "--publicity-days", "0");
        assertThat(notRegistrar.exit()).as(notRegistrar.err()).isEqualTo(ExitCodes.REJECTED);
        assertThat(notRegistrar.err()).contains("error: ROLE_NOT_ALLOWED:", "next: check your role");
        Cli.Result tooLong = cli.run("--profile", "registrar", "registry", "configure", "--review-required", "true",
                "--publicity-days", "400");
        assertThat(tooLong.exit()).as(tooLong.err()).isEqualTo(ExitCodes.REJECTED);
        assertThat(tooLong.err()).contains("error: INVALID_ARGUMENT: publicity lasts 0 to 365 days, not 'P400D'");

        JsonNode configured = json(cli.run("--profile", "registrar", "registry", "configure", "--review-required", "true",
                "--publicity-days", "0", "--json"));
        try {
            assertThat(configured.get("transactionId").asText()).hasSize(64);
            assertThat(configured.get("record").get("reviewRequired").asBoolean()).isTrue();
            assertThat(configured.get("record").get("publicity").asText()).isEqualTo("P0D");
            assertThat(configured.get("record").get("lastAct").get("act").asText()).isEqualTo("CONFIGURE_REGISTRY");

            // A registration waits for review.
            String asset = registerPending("acme", "reviewed.csv");
            String right = asset + "/RESOURCE_HOLDING";
            JsonNode pending = json(cli.run("--profile", "acme", "asset", "show", asset, "--json"));
            String act = pending.get("asset").get("pendingAct").asText();
            assertThat(act).startsWith("P-");
            assertThat(pending.get("rights").get(0).get("status").asText()).isEqualTo("PENDING");
            Cli.Result early = cli.run("--profile", "beta", "act", "take-effect", act);
            assertThat(early.exit()).as(early.err()).isEqualTo(ExitCodes.REJECTED);
            assertThat(early.err()).isEqualTo("error: NOT_IN_PUBLICITY: act " + act + " is not in publicity; it is at REVIEW\n"
                    + "next: the act is not in its publicity period (the message names its stage); an act in REVIEW needs "
                    + "the registrar's 'dpr act review' first\n");
            Cli.Result byEnterprise = cli.run("--profile", "acme", "act", "review", act, "--approve");
            assertThat(byEnterprise.exit()).isEqualTo(ExitCodes.REJECTED);
            assertThat(byEnterprise.err()).contains("error: ROLE_NOT_ALLOWED:");

            // Approved with 0 publicity days: effective at once (the table).
            Cli.Result approved = cli.run("--profile", "registrar", "act", "review", act, "--approve");
            assertThat(approved.exit()).as(approved.err()).isEqualTo(0);
            assertThat(approved.out()).containsPattern("(?m)^transaction +[0-9a-f]{64}$").containsPattern("(?m)^block +\\d+$")
                    .containsPattern("(?m)^id +" + act + "$").containsPattern("(?m)^kind +REGISTRATION$")
                    .containsPattern("(?m)^stage +EFFECTIVE$").containsPattern("(?m)^lastAct.act +REVIEW$");
            JsonNode effective = json(cli.run("--profile", "acme", "asset", "show", asset, "--json"));
            assertThat(effective.get("asset").get("status").asText()).isEqualTo("EFFECTIVE");
            assertThat(effective.get("rights").get(0).get("status").asText()).isEqualTo("ACTIVE");
            Cli.Result again = cli.run("--profile", "registrar", "act", "review", act, "--approve");
            assertThat(again.exit()).isEqualTo(ExitCodes.REJECTED);
            assertThat(again.err()).contains("error: NOT_IN_REVIEW: act " + act + " is not awaiting review; it is at EFFECTIVE",
                    "next: only an act at stage REVIEW can be reviewed");
            Cli.Result history = cli.run("--profile", "acme", "asset", "history", asset);
            assertThat(history.out()).containsPattern("REVIEW[^\\n]+EFFECTIVE[^\\n]*\\n[^\\n]+REGISTER_ASSET[^\\n]+PENDING")
                    .endsWith("2 versions, newest first\n");

            // A transfer waits for review as well, and moves the right when approved (JSON).
            String beta = party("beta");
            assertThat(cli.run("--profile", "acme", "right", "offer", right, "--to", beta, "--contract",
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "--expires",
                    "2099-01-01T00:00:00Z").exit()).isEqualTo(0);
            JsonNode accepted = json(cli.run("--profile", "beta", "right", "accept", right, "--json")).get("record");
            assertThat(accepted.get("status").asText()).isEqualTo("TRANSFER_PENDING");
            assertThat(accepted.get("holder").asText()).isEqualTo(party("acme"));
            String transfer = accepted.get("pendingAct").asText();
            JsonNode moved = json(cli.run("--profile", "registrar", "act", "review", transfer, "--approve", "--reason",
                    "contract on file", "--json"));
            assertThat(moved.get("record").get("kind").asText()).isEqualTo("TRANSFER");
            assertThat(moved.get("record").get("stage").asText()).isEqualTo("EFFECTIVE");
            assertThat(moved.get("record").get("outcome").asText()).isEqualTo("contract on file");
            JsonNode transferred = json(cli.run("--profile", "beta", "asset", "show", asset, "--json")).get("rights").get(0);
            assertThat(transferred.get("holder").asText()).isEqualTo(beta);
            assertThat(transferred.get("status").asText()).isEqualTo("ACTIVE");

            // Rejected, with its reason: the asset is REJECTED.
            String refused = registerPending("acme", "refused.csv");
            String refusedAct = json(cli.run("--profile", "acme", "asset", "show", refused, "--json")).get("asset")
                    .get("pendingAct").asText();
            Cli.Result noReason = cli.run("--profile", "registrar", "act", "review", refusedAct, "--reject");
            assertThat(noReason.exit()).isEqualTo(ExitCodes.USAGE);
            JsonNode rejected = json(cli.run("--profile", "registrar", "act", "review", refusedAct, "--reject", "--reason",
                    "the title names another firm's data", "--json"));
            assertThat(rejected.get("record").get("id").asText()).isEqualTo(refusedAct);
            assertThat(rejected.get("record").get("stage").asText()).isEqualTo("REJECTED");
            assertThat(rejected.get("record").get("outcome").asText()).isEqualTo("the title names another firm's data");
            JsonNode gone = json(cli.run("--profile", "acme", "asset", "show", refused, "--json"));
            assertThat(gone.get("asset").get("status").asText()).isEqualTo("REJECTED");
            assertThat(gone.get("rights").get(0).get("status").asText()).isEqualTo("REJECTED");

            // With publicity, an approved act waits out the period before anyone can make it take effect.
            json(cli.run("--profile", "registrar", "registry", "configure", "--review-required", "false",
                    "--publicity-days", "1", "--json"));
            String published = registerPending("acme", "published.csv");
            String publishedAct = json(cli.run("--profile", "acme", "asset", "show", published, "--json")).get("asset")
                    .get("pendingAct").asText();
            Cli.Result running = cli.run("--profile", "court", "act", "take-effect", publishedAct);
            assertThat(running.exit()).as(running.err()).isEqualTo(ExitCodes.REJECTED);
            assertThat(running.err()).contains("error: PUBLICITY_RUNNING: act " + publishedAct + " is in publicity until ",
                    "next: wait until the publicity period has ended, then run 'dpr act take-effect' again");
            Cli.Result unknown = cli.run("--profile", "court", "act", "take-effect", "P-0000000000000000");
            assertThat(unknown.exit()).isEqualTo(ExitCodes.REJECTED);
            assertThat(unknown.err()).contains("error: ACT_NOT_FOUND:", "next: check the act id");
        } finally {
            JsonNode reset = json(cli.run("--profile", "registrar", "registry", "configure", "--review-required", "false",
                    "--publicity-days", "0", "--json"));
            assertThat(reset.get("record").get("reviewRequired").asBoolean()).isFalse();
            assertThat(reset.get("record").get("publicity").asText()).isEqualTo("P0D");
        }
    }

    /**
     * A certificate of a registration made under review states PENDING REVIEW, and {@code dpr verify} says so
     * first and in its verdict; once the registrar rejects the act, {@code --online} says it is now rejected.
     */
    @Test
    void certificateOfAPendingRegistrationSaysItIsNotInEffectAndOnlineSaysWhenItIsRejected() throws Exception {
        json(cli.run("--profile", "registrar", "registry", "configure", "--review-required", "true",
                "--publicity-days", "0", "--json"));
        try {
            Path data = Files.writeString(dir.resolve("pending.csv"), "pending " + System.nanoTime());
            JsonNode result = json(cli.run("--profile", "acme", "asset", "register", data.toString(), "--industry",
                    "retail", "--region", "CN-31", "--no-certificate", "--json")).get("results").get(0);
            String assetId = result.get("assetId").asText();
            TxStatus status = peer.ledger().getTxStatus(result.get("transactionId").asText()).orElseThrow();
            Block block = peer.ledger().getBlockByNumber(status.blockNumber()).orElseThrow();
            EndorserTransaction tx = EndorserTransaction.parse(block.getData().getData(status.txNumber()));
            String key = Output.JSON.readTree(tx.event().getPayload().toStringUtf8()).get("recordKey").asText();
            String record = tx.write("rights", key).orElseThrow().getValue().toStringUtf8();
            // As the registry service does: the status from the record written, its pending act from the writes.
            ActStatus atIssue = ActStatus.derive(record, actId -> tx.writes("rights").stream()
                    .map(w -> w.getValue().toStringUtf8()).filter(v -> v.contains("\"stage\"") && v.contains(actId))
                    .findFirst().orElse(null));
            assertThat(atIssue.state()).isEqualTo(ActStatus.State.PENDING_REVIEW);
            KeyPair issuerKeys = KeyMaterial.newKeyPair();
            IssuerKey issuer = new IssuerKey(SignatureAlgorithm.ECDSA_P256_SHA256, issuerKeys.getPrivate(),
                    issuers.issue(issuerKeys.getPublic(), "CN=Registry certificate issuer", null), List.of());
            EvidenceCertificate certificate = CertificateIssuer.issue(block, status.txNumber(), status.code(),
                    new ActRecord("REGISTER_ASSET", assetId, assetId + "/RESOURCE_HOLDING", key, null, List.of(), atIssue),
                    issuer, Instant.now());
            Path json = Files.writeString(dir.resolve("pending.csv.certificate.json"), certificate.toJson());

            Cli.Result offline = cli.run("--profile", "acme", "verify", json.toString());
            assertThat(offline.exit()).as(offline.out() + offline.err()).isEqualTo(0);
            assertThat(offline.out()).startsWith("Status at issue: PENDING REVIEW — this act has not taken effect")
                    .contains("verdict: PASS (act not in effect: pending review)").doesNotContain("Status now");

            Cli.Result unchanged = cli.run("--profile", "acme", "verify", json.toString(), "--online");
            assertThat(unchanged.out()).contains("Status now: PENDING REVIEW", "(unchanged since issue)",
                    "verdict: PASS (act not in effect: pending review)");

            cli.run("--profile", "registrar", "act", "review", atIssue.actId(), "--reject", "--reason", "not theirs");
            Cli.Result rejected = cli.run("--profile", "acme", "verify", json.toString(), "--online");
            assertThat(rejected.exit()).as(rejected.out() + rejected.err()).isEqualTo(0);
            assertThat(rejected.out()).startsWith("Status at issue: PENDING REVIEW")
                    .containsPattern("Status now: REJECTED since 20\\d\\d-.* \\(changed since issue\\)")
                    .contains("verdict: PASS (act not in effect: rejected)");
            JsonNode asJson = Output.JSON.readTree(cli.run("--profile", "acme", "verify", json.toString(), "--online",
                    "--json").out());
            assertThat(asJson.get("status").get("state").asText()).isEqualTo("PENDING_REVIEW");
            assertThat(asJson.get("status").get("inEffect").asBoolean()).isFalse();
            assertThat(asJson.get("statusNow").get("state").asText()).isEqualTo("REJECTED");
            assertThat(asJson.get("statusNow").get("changed").asBoolean()).isTrue();
            assertThat(asJson.get("verdictLine").asText()).isEqualTo("PASS (act not in effect: rejected)");
        } finally {
            json(cli.run("--profile", "registrar", "registry", "configure", "--review-required", "false",
                    "--publicity-days", "0", "--json"));
        }
    }

    /** Registers a new file of {@code profile}'s under review or publicity: the asset id. */
    private static String registerPending(String profile, String name) throws IOException {
        Path data = Files.writeString(dir.resolve(name), name + " " + System.nanoTime());
        JsonNode result = json(cli.run("--profile", profile, "asset", "register", data.toString(), "--industry", "retail",
                "--region", "CN-31", "--no-certificate", "--json")).get("results").get(0);
        assertThat(result.get("assetStatus").asText()).isEqualTo("PENDING");
        return result.get("assetId").asText();
    }

    /**
     * A real certificate of a registration, issued here with the evidence module's issuer from the
     * committed block (as the registry service does), checked with {@code dpr verify}.
     */
    @Test
    void certificateOfARegistrationVerifiesAndTamperingOrAWrongFileFails() throws Exception {
        Path data = Files.writeString(dir.resolve("processing.log"), "processed " + System.nanoTime());
        JsonNode result = json(cli.run("--profile", "acme", "asset", "register", data.toString(), "--industry", "retail",
                "--region", "CN-31", "--no-certificate", "--json")).get("results").get(0);
        String assetId = result.get("assetId").asText();
        TxStatus status = peer.ledger().getTxStatus(result.get("transactionId").asText()).orElseThrow();
        Block block = peer.ledger().getBlockByNumber(status.blockNumber()).orElseThrow();
        EndorserTransaction tx = EndorserTransaction.parse(block.getData().getData(status.txNumber()));
        // The chaincode's event names the record the registration wrote.
        String key = Output.JSON.readTree(tx.event().getPayload().toStringUtf8()).get("recordKey").asText();
        assertThat(key).isEqualTo("\u0000asset\u0000" + assetId + "\u0000");
        KVWrite write = tx.write("rights", key).orElseThrow();
        JsonNode record = Output.JSON.readTree(write.getValue().toStringUtf8());
        FileDigests digests = new FileDigests(record.get("sha256").asText(), record.get("sm3").asText(),
                record.get("manifestRoot").asText());
        KeyPair issuerKeys = KeyMaterial.newKeyPair();
        IssuerKey issuer = new IssuerKey(SignatureAlgorithm.ECDSA_P256_SHA256, issuerKeys.getPrivate(),
                issuers.issue(issuerKeys.getPublic(), "CN=Registry certificate issuer", null), List.of());
        EvidenceCertificate certificate = CertificateIssuer.issue(block, status.txNumber(), status.code(),
                new ActRecord("REGISTER_ASSET", assetId, assetId + "/RESOURCE_HOLDING", key, digests, List.of()),
                issuer, Instant.now());
        Path json = Files.writeString(dir.resolve("processing.log.certificate.json"), certificate.toJson());

        Cli.Result good = cli.run("--profile", "acme", "verify", json.toString(), "--file", data.toString(), "--online");
        assertThat(good.exit()).as(good.out() + good.err()).isEqualTo(0);
        assertThat(good.out()).containsPattern("PASSED +issuer-signature").containsPattern("PASSED +file-digests")
                .containsPattern("PASSED +online-block").contains("verdict: PASS");
        Path pdf = Files.write(dir.resolve("processing.log.certificate.pdf"),
                CertificatePdf.render(certificate, "http://127.0.0.1:8080", issuer));
        assertThat(cli.run("--profile", "court", "verify", pdf.toString(), "--file", data.toString()).exit()).isEqualTo(0);

        Path other = Files.writeString(dir.resolve("other.log"), "not the registered content");
        Cli.Result wrongFile = cli.run("--profile", "acme", "verify", json.toString(), "--file", other.toString());
        assertThat(wrongFile.exit()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(wrongFile.out()).containsPattern("FAILED +file-digests").contains("verdict: FAIL", "failed: file-digests");

        ObjectNode tampered = (ObjectNode) Output.JSON.readTree(certificate.toJson());
        tampered.put("assetId", "A-0000000000000000");
        Path forged = Files.writeString(dir.resolve("forged.certificate.json"), tampered.toString());
        Cli.Result bad = cli.run("--profile", "acme", "verify", forged.toString(), "--json");
        assertThat(bad.exit()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        JsonNode verdict = Output.JSON.readTree(bad.out());
        assertThat(verdict.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(verdict.get("checks")).anySatisfy(c -> {
            assertThat(c.get("name").asText()).isEqualTo("issuer-signature");
            assertThat(c.get("passed").asBoolean()).isFalse();
        });
    }

    /**
     * Finding 6 of the trust review: TRANSACTIONS_FILTER is written by the peer and signed by no one, so an
     * issuer-key holder can certify a transaction the ledger invalidated, and offline the certificate passes.
     * {@code --online} asks the ledger (qscc GetTransactionByID) for the validation code and fails it.
     */
    @Test
    void onlineVerificationFailsACertificateOfATransactionTheLedgerMarksInvalid() throws Exception {
        Path data = Files.writeString(dir.resolve("mvcc.bin"), "mvcc " + System.nanoTime());
        String assetId = json(cli.run("--profile", "carol", "asset", "register", data.toString(), "--industry", "retail",
                "--region", "CN-31", "--no-certificate", "--json")).get("results").get(0).get("assetId").asText();
        String right = assetId + "/RESOURCE_HOLDING";
        String contract = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        // Two offers endorsed on the same state, then ordered into one block: the second is an MVCC conflict.
        List<Envelope> envelopes = new java.util.ArrayList<>();
        try (ContractClient carol = new ContractClient(cli, "carol")) {
            // As dpr signs: the gateway hands over the whole message (no prehash), signed low-S.
            java.security.PrivateKey key = Identities.readPrivateKey(Files.readString(dir.resolve("carol-key.pem")));
            Contract rights = carol.network().getContract("rights");
            for (String receiver : List.of(party("acme"), party("beta"))) {
                Transaction unsigned = rights.newProposal("offerTransfer")
                        .addArguments(right, receiver, contract, "2099-01-01T00:00:00Z").build().endorse();
                Transaction signed = carol.gateway().newSignedTransaction(unsigned.getBytes(),
                        org.dataright.fabric.crypto.LowSEcdsa.sign(key, unsigned.getDigest()));
                envelopes.add(PreparedTransaction.parseFrom(signed.getBytes()).getEnvelope());
            }
        }
        peer.ledger().commitBlock(envelopes);
        String invalidTx = EndorserTransaction.parse(envelopes.get(1).toByteString()).transactionId();
        TxStatus status = peer.ledger().getTxStatus(invalidTx).orElseThrow();
        assertThat(status.code()).isEqualTo(org.hyperledger.fabric.protos.peer.TxValidationCode.MVCC_READ_CONFLICT);

        // The forger flips the unsigned filter to VALID and signs a certificate with the issuer's key.
        Block block = peer.ledger().getBlockByNumber(status.blockNumber()).orElseThrow();
        int filterSlot = org.hyperledger.fabric.protos.common.BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE;
        byte[] filter = block.getMetadata().getMetadata(filterSlot).toByteArray();
        filter[status.txNumber()] = 0;
        Block forgedBlock = block.toBuilder().setMetadata(block.getMetadata().toBuilder()
                .setMetadata(filterSlot, com.google.protobuf.ByteString.copyFrom(filter))).build();
        EndorserTransaction tx = EndorserTransaction.parse(envelopes.get(1).toByteString());
        String key = Output.JSON.readTree(tx.event().getPayload().toStringUtf8()).get("recordKey").asText();
        KeyPair issuerKeys = KeyMaterial.newKeyPair();
        IssuerKey issuer = new IssuerKey(SignatureAlgorithm.ECDSA_P256_SHA256, issuerKeys.getPrivate(),
                issuers.issue(issuerKeys.getPublic(), "CN=Registry certificate issuer", null), List.of());
        EvidenceCertificate forged = CertificateIssuer.issue(forgedBlock, status.txNumber(),
                org.hyperledger.fabric.protos.peer.TxValidationCode.VALID,
                new ActRecord("OFFER_TRANSFER", assetId, right, key, null, List.of()), issuer, Instant.now());
        Path json = Files.writeString(dir.resolve("mvcc.certificate.json"), forged.toJson());

        Cli.Result offline = cli.run("--profile", "carol", "verify", json.toString());
        assertThat(offline.exit()).as(offline.out()).isEqualTo(0);
        Cli.Result online = cli.run("--profile", "carol", "verify", json.toString(), "--online");
        assertThat(online.exit()).as(online.out()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(online.out()).containsPattern("PASSED +online-block")
                .containsPattern("FAILED +online-validation-code +the ledger at \\S+ records transaction " + invalidTx
                        + " as MVCC_READ_CONFLICT, the certificate states VALID: the act did not take effect")
                .contains("failed: online-validation-code");
    }

    /** The rights contract behind the shim's chaincode server, in this JVM (the shim keeps static state: once). */
}
