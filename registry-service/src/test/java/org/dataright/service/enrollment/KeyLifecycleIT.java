package org.dataright.service.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.function.Function;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.KeyFingerprint;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerException;
import org.dataright.ledger.client.NetworkDescription;
import org.dataright.ledger.client.RightsContract;
import org.dataright.service.RegistryClient;
import org.dataright.service.TestServices;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The identity lifecycle on the embedded ledger, through the real chaincode: the findings it reproduces
 * are a certificate minted with the enrolment CA key from the data directory (it used to move the
 * participant's right) and a first key that still acted after two renewals.
 */
class KeyLifecycleIT {
    @TempDir
    Path data;

    private ConfigurableApplicationContext context;
    private NetworkDescription network;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aMintedKeyARenewedKeyAndARevokedKeyAreRefusedAndEveryKeyIsListed() throws Exception {
        context = TestServices.start(data);
        RegistryClient client = new RegistryClient(TestServices.baseUrl(context));
        network = NetworkDescription.from(RegistryClient.JSON.readTree(client.get("/api/network").body()));
        RegistryClient.Participant alpha = client.enrol(data, "enterprise", "Alpha Ltd");
        RegistryClient.Participant beta = client.enrol(data, "enterprise", "Beta Corp");
        String assetId = submit(beta.identity(), r -> r.registerAsset(description("beta's data"))).result().path("id").asText();

        // Finding 2: the operator mints a certificate for Beta's subject with the CA key it keeps in the data dir.
        Path caDir = data.resolve("peer").resolve("crypto").resolve("organization-ca");
        CertificateAuthority ca = CertificateAuthority.load(Pem.privateKey(Files.readString(caDir.resolve("key.pem"))),
                Pem.certificate(Files.readString(caDir.resolve("cert.pem"))));
        KeyPair mintedKey = CertificateAuthority.newKeyPair();
        X509Certificate minted = ca.issue(mintedKey.getPublic(), "Beta Corp", MSPRoleType.CLIENT, Map.of("role", "enterprise"));
        assertThat(minted.getSubjectX500Principal()).isEqualTo(beta.certificate().getSubjectX500Principal());
        ClientIdentity forger = new ClientIdentity(beta.mspId(), minted, mintedKey.getPrivate());
        assertThatThrownBy(() -> submit(forger, r -> r.offerTransfer(assetId + "/RESOURCE_HOLDING", alpha.party(),
                "0".repeat(64), "2099-01-01T00:00:00Z")))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo("KEY_NOT_BOUND");
                    assertThat(e.getMessage()).contains(KeyFingerprint.of(minted)).contains(beta.party());
                });

        // Finding 4: two renewals (registrar-signed renewal tokens); only the last key acts.
        RegistryClient.Participant second = client.enrol(data, "enterprise", "Beta Corp", true);
        RegistryClient.Participant third = client.enrol(data, "enterprise", "Beta Corp", true);
        assertThat(third.party()).isEqualTo(beta.party());
        for (RegistryClient.Participant old : new RegistryClient.Participant[] {beta, second}) {
            assertThatThrownBy(() -> submit(old.identity(), r -> r.registerAsset(description("old key"))))
                    .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo("KEY_NOT_BOUND"));
        }
        submit(third.identity(), r -> r.registerAsset(description("third key")));

        // Revocation by the registrar: the current key may no longer act.
        Path admin = data.resolve("peer").resolve("crypto").resolve("admin");
        ClientIdentity registrar = new ClientIdentity(beta.mspId(), Pem.certificate(Files.readString(admin.resolve("cert.pem"))),
                Pem.privateKey(Files.readString(admin.resolve("key.pem"))));
        submit(registrar, r -> r.revokeKey(beta.party(), KeyFingerprint.of(third.certificate()), "laptop lost"));
        assertThatThrownBy(() -> submit(third.identity(), r -> r.registerAsset(description("revoked"))))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo("KEY_REVOKED"));

        // Every key ever bound to the name, with how it came and went.
        HttpResponse<String> keys = client.get("/api/participants/"
                + URLEncoder.encode(beta.party(), StandardCharsets.UTF_8).replace("+", "%20") + "/keys");
        assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);
        JsonNode list = RegistryClient.JSON.readTree(keys.body());
        assertThat(list).hasSize(3);
        assertThat(list.get(0).path("fingerprint").asText()).isEqualTo(KeyFingerprint.of(beta.certificate()));
        assertThat(list.get(0).path("how").asText()).isEqualTo("ENROLMENT");
        assertThat(list.get(0).path("end").asText()).isEqualTo("REBOUND");
        assertThat(list.get(1).path("how").asText()).isEqualTo("REBIND");
        assertThat(list.get(1).path("reason").asText()).startsWith("renewal with the enrolment token issued by ");
        assertThat(list.get(2).path("end").asText()).isEqualTo("REVOKED");
        assertThat(list.get(2).path("endReason").asText()).isEqualTo("laptop lost");
        assertThat(client.get("/api/participants/nobody-here/keys").statusCode()).isEqualTo(404);
    }

    private static String description(String content) {
        try {
            return RegistryClient.assetDescription(content.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Committed submit(ClientIdentity who, Function<RightsContract, Committed> act) {
        try (LedgerConnection ledger = LedgerConnection.open(network.ledgerEndpoint(), who)) {
            return act.apply(ledger.rights());
        }
    }
}
