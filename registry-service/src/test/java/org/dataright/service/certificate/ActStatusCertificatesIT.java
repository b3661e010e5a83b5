package org.dataright.service.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.KeyFingerprint;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.NetworkDescription;
import org.dataright.ledger.client.RightsContract;
import org.dataright.ledger.client.RightsVocabulary;
import org.dataright.service.RegistryClient;
import org.dataright.service.TestServices;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Certificates tell the truth about an act: a registration under review is certified as pending and
 * verifies as not in effect; once an objection is upheld the ledger says it is now rejected; an act in
 * publicity takes effect once real time has passed its end; and every act of the contract's vocabulary gets a
 * certificate that verifies.
 */
class ActStatusCertificatesIT {
    private static final String EXPIRY = "2099-01-01T00:00:00Z";
    /** Publicity short enough for a test to wait it out; the contract takes whole seconds up to 365 days. */
    private static final Duration PUBLICITY = Duration.ofSeconds(3);

    @TempDir
    Path data;

    private ConfigurableApplicationContext context;
    private RegistryClient client;
    private NetworkDescription network;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void everyActIsCertifiedWithItsStatusAndAnUpheldObjectionShowsAsNowRejected() throws Exception {
        context = TestServices.start(data);
        client = new RegistryClient(TestServices.baseUrl(context));
        network = NetworkDescription.from(RegistryClient.JSON.readTree(client.get("/api/network").body()));
        RegistryClient.Participant alice = client.enrol(data, "enterprise", "alice");
        RegistryClient.Participant bob = client.enrol(data, "enterprise", "bob");
        RegistryClient.Participant bank = client.enrol(data, "bank", "bank");
        RegistryClient.Participant court = client.enrol(data, "court", "court");
        Path admin = data.resolve("peer").resolve("crypto").resolve("admin");
        ClientIdentity registrar = new ClientIdentity(alice.mspId(),
                Pem.certificate(Files.readString(admin.resolve("cert.pem"))),
                Pem.privateKey(Files.readString(admin.resolve("key.pem"))));
        Map<String, JsonNode> byAct = new LinkedHashMap<>();

        // Review on, 30 days of publicity: a registration is pending, and its certificate says so.
        JsonNode configured = certify(byAct, "CONFIGURE_REGISTRY", submit(registrar, r -> r.configureRegistry(true, Duration.ofDays(30))));
        assertThat(configured.has("assetId")).isFalse();
        Committed registered = submit(alice.identity(), r -> r.registerAsset(description("pending")));
        JsonNode pending = certify(byAct, "REGISTER_ASSET", registered);
        assertThat(pending.path("status").path("state").asText()).isEqualTo("PENDING_REVIEW");
        String actId = pending.path("status").path("actId").asText();
        assertThat(actId).startsWith("P-");
        JsonNode verified = verify(pending);
        assertThat(verified.path("verdict").asText()).isEqualTo("PASS");
        assertThat(verified.path("verdictLine").asText()).isEqualTo("PASS (act not in effect: pending review)");
        assertThat(verified.path("status").path("inEffect").asBoolean(true)).isFalse();
        assertThat(verified.path("status").path("words").asText()).startsWith("PENDING REVIEW — this act has not taken effect");
        assertThat(verified.fieldNames().next()).isEqualTo("status");

        // Approved: publicity; the review settles nothing, so its certificate states the act record.
        JsonNode reviewed = certify(byAct, "REVIEW", submit(registrar, r -> r.reviewAct(actId, true, "complete")));
        assertThat(reviewed.path("status").path("state").asText()).isEqualTo("IN_PUBLICITY");
        assertThat(reviewed.path("status").has("publicityEnds")).isTrue();
        JsonNode objection = certify(byAct, "FILE_OBJECTION",
                submit(bob.identity(), r -> r.fileObjection(actId, "the data is mine", null)));
        assertThat(objection.path("status").path("state").asText()).isEqualTo("EFFECTIVE");
        String objectionId = RegistryClient.JSON.readTree(objection.path("record").path("value").asText()).path("id").asText();
        JsonNode upheld = certify(byAct, "RESOLVE_OBJECTION",
                submit(registrar, r -> r.resolveObjection(objectionId, true, "the objector holds it")));
        assertThat(upheld.path("status").path("state").asText()).isEqualTo("REJECTED");
        assertThat(verify(upheld).path("verdictLine").asText()).isEqualTo("PASS (act not in effect: rejected)");

        // The registration's certificate still says pending at issue; the ledger now says rejected.
        JsonNode again = verify(pending);
        assertThat(again.path("status").path("state").asText()).isEqualTo("PENDING_REVIEW");
        assertThat(again.path("statusNow").path("state").asText()).isEqualTo("REJECTED");
        assertThat(again.path("statusNow").path("changed").asBoolean()).isTrue();
        assertThat(again.path("statusNow").has("since")).isTrue();
        assertThat(again.path("verdictLine").asText()).isEqualTo("PASS (act not in effect: rejected)");

        // Immediate registry: every other act, each certified and verified.
        submit(registrar, r -> r.configureRegistry(false, Duration.ofDays(0)));
        Committed asset = submit(alice.identity(), r -> r.registerAsset(description("effective")));
        String assetId = asset.result().path("id").asText();
        String rightId = assetId + "/RESOURCE_HOLDING";
        JsonNode effective = certify(byAct, "REGISTER_ASSET", asset);
        assertThat(effective.path("status").path("state").asText()).isEqualTo("EFFECTIVE");
        assertThat(verify(effective).path("verdictLine").asText()).isEqualTo("PASS");
        certify(byAct, "REGISTER_RIGHT", submit(alice.identity(), r -> r.registerRight(assetId, "INTELLECTUAL_PROPERTY",
                "an original selection")));
        Committed granted = submit(alice.identity(), r -> r.grantLicence(assetId, "PROCESSING_USE", bob.party(), terms(), null));
        certify(byAct, "GRANT_LICENCE", granted);
        String licenceId = granted.result().path("id").asText();
        certify(byAct, "REVOKE_LICENCE", submit(alice.identity(), r -> r.revokeLicence(licenceId, "fee unpaid")));
        certify(byAct, "PLEDGE", submit(alice.identity(), r -> r.pledge(rightId, bank.party(), digest("loan"))));
        certify(byAct, "RELEASE_PLEDGE", submit(bank.identity(), r -> r.releasePledge(rightId)));
        certify(byAct, "FREEZE", submit(court.identity(), r -> r.freeze(assetId, "case-1", digest("order"))));
        certify(byAct, "UNFREEZE", submit(court.identity(), r -> r.unfreeze(assetId, "case-1")));
        certify(byAct, "ANCHOR_EVIDENCE", submit(alice.identity(), r -> r.anchorEvidence(assetId, "AUDIT_REPORT",
                digest("audit"), null, "annual audit")));
        certify(byAct, "OFFER_TRANSFER", submit(alice.identity(), r -> r.offerTransfer(rightId, bob.party(),
                digest("sale 1"), EXPIRY)));
        certify(byAct, "CANCEL_TRANSFER", submit(alice.identity(), r -> r.cancelTransfer(rightId)));
        submit(alice.identity(), r -> r.offerTransfer(rightId, bob.party(), digest("sale 2"), EXPIRY));
        certify(byAct, "REJECT_TRANSFER", submit(bob.identity(), r -> r.rejectTransfer(rightId)));
        submit(alice.identity(), r -> r.offerTransfer(rightId, bob.party(), digest("sale 3"), EXPIRY));
        certify(byAct, "ACCEPT_TRANSFER", submit(bob.identity(), r -> r.acceptTransfer(rightId)));
        // A batch: each data asset of it has a certificate of its own, asked for by its id.
        Committed batch = submit(alice.identity(), r -> r.registerAssets("[" + description("batch 0") + ","
                + description("batch 1") + "]"));
        String secondOfBatch = batch.result().get(1).path("id").asText();
        JsonNode batchCertificate = certify(byAct, "REGISTER_ASSETS", batch, secondOfBatch);
        assertThat(batchCertificate.path("assetId").asText()).isEqualTo(secondOfBatch);
        assertThat(batchCertificate.path("status").path("state").asText()).isEqualTo("EFFECTIVE");

        // The participant directory: the registrar enters a participant and suspends it.
        String dave = alice.mspId() + "::CN=dave,OU=client";
        JsonNode entered = certify(byAct, "REGISTER_PARTICIPANT",
                submit(registrar, r -> r.registerParticipant(dave, "Dave Data", "dave", "enterprise", null)));
        assertThat(entered.has("assetId")).isFalse();
        certify(byAct, "CHANGE_PARTICIPANT", submit(registrar, r -> r.changeParticipant(dave, null, null, null, "SUSPENDED")));

        // Its keys: erin renews with a new certificate (issued here by the organisation's CA, as Fabric CA
        // re-enrols), the registrar rebinds another and revokes it.
        RegistryClient.Participant erin = client.enrol(data, "enterprise", "erin");
        Path caDir = data.resolve("peer").resolve("crypto").resolve("organization-ca");
        CertificateAuthority ca = CertificateAuthority.load(Pem.privateKey(Files.readString(caDir.resolve("key.pem"))),
                Pem.certificate(Files.readString(caDir.resolve("cert.pem"))));
        String renewed = Pem.of(ca.issue(CertificateAuthority.newKeyPair().getPublic(), "erin", MSPRoleType.CLIENT,
                Map.of("role", "enterprise")));
        JsonNode renewal = certify(byAct, "RENEW_KEY", submit(erin.identity(), r -> r.renewKey(renewed)));
        assertThat(renewal.has("assetId")).isFalse();
        X509Certificate rebound = ca.issue(CertificateAuthority.newKeyPair().getPublic(), "erin", MSPRoleType.CLIENT,
                Map.of("role", "enterprise"));
        certify(byAct, "REBIND_KEY", submit(registrar, r -> r.rebindKey(erin.party(), Pem.of(rebound), "key lost")));
        certify(byAct, "REVOKE_KEY", submit(registrar, r -> r.revokeKey(erin.party(), KeyFingerprint.of(rebound),
                "laptop stolen")));

        // Publicity without review, as short as the registrar may set it, so that real time passes it: the
        // registration is in publicity until T, and TAKE_EFFECT, refused before T, makes it effective after.
        submit(registrar, r -> r.configureRegistry(false, PUBLICITY));
        JsonNode inPublicity = certify(byAct, "REGISTER_ASSET", submit(alice.identity(),
                r -> r.registerAsset(description("publicity"))));
        assertThat(inPublicity.path("status").path("state").asText()).isEqualTo("IN_PUBLICITY");
        Instant ends = Instant.parse(inPublicity.path("status").path("publicityEnds").asText());
        String publicityAct = inPublicity.path("status").path("actId").asText();
        assertThat(verify(inPublicity).path("verdictLine").asText())
                .isEqualTo("PASS (act not in effect: in publicity until " + ends + ")");
        while (!Instant.now().isAfter(ends.plusMillis(500))) {
            Thread.sleep(Math.max(1, Duration.between(Instant.now(), ends.plusMillis(500)).toMillis()));
        }
        JsonNode tookEffect = certify(byAct, "TAKE_EFFECT", submit(bob.identity(), r -> r.takeEffect(publicityAct)));
        assertThat(tookEffect.path("status").path("state").asText()).isEqualTo("EFFECTIVE");
        assertThat(verify(tookEffect).path("verdictLine").asText()).isEqualTo("PASS");
        assertThat(verify(inPublicity).path("statusNow").path("state").asText()).isEqualTo("EFFECTIVE");

        RightsVocabulary vocabulary = RightsVocabulary.contract();
        assertThat(byAct.keySet()).containsAll(vocabulary.acts());
    }

    private Committed submit(ClientIdentity who, Function<RightsContract, Committed> act) {
        try (LedgerConnection ledger = LedgerConnection.open(network.ledgerEndpoint(), who)) {
            return act.apply(ledger.rights());
        }
    }

    /** Issues the certificate of the transaction, checks it names the act, verifies it: PASS. */
    private JsonNode certify(Map<String, JsonNode> byAct, String act, Committed committed) throws Exception {
        return certify(byAct, act, committed, null);
    }

    /** Issues and verifies the certificate of {@code committed} (of its data asset {@code assetId}, for a batch). */
    private JsonNode certify(Map<String, JsonNode> byAct, String act, Committed committed, String assetId) throws Exception {
        HttpResponse<String> issued = client.postJson("/api/certificates", "{\"transactionId\":\"" + committed.transactionId()
                + "\"" + (assetId == null ? "" : ",\"assetId\":\"" + assetId + "\"") + "}");
        assertThat(issued.statusCode()).as(act + ": " + issued.body()).isEqualTo(201);
        JsonNode certificate = RegistryClient.JSON.readTree(issued.body());
        assertThat(certificate.path("act").asText()).isEqualTo(act);
        assertThat(certificate.has("status")).as(act + " states its status").isTrue();
        JsonNode verified = verify(certificate);
        assertThat(verified.path("verdict").asText()).as(act + ": " + verified).isEqualTo("PASS");
        byAct.put(act, certificate);
        return certificate;
    }

    private JsonNode verify(JsonNode certificate) throws Exception {
        HttpResponse<String> response = client.verify(RegistryClient.JSON.writeValueAsString(certificate)
                .getBytes(StandardCharsets.UTF_8), "certificate.json", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RegistryClient.JSON.readTree(response.body());
    }

    private static String description(String tag) {
        try {
            return RegistryClient.assetDescription((tag + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String terms() {
        return "{\"purpose\":\"model training\",\"scope\":\"internal analytics\",\"territory\":\"CN\","
                + "\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2099-01-01T00:00:00Z\",\"exclusive\":false,"
                + "\"sublicensable\":false}";
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
