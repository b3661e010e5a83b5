package org.dataright.cli.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.dataright.cli.Cli;
import org.dataright.cli.CliException;
import org.dataright.cli.ExitCodes;
import org.dataright.cli.TestPki;
import org.dataright.cli.identity.KeyMaterial;
import org.dataright.evidence.fabric.FabricIdentity;
import org.hyperledger.fabric.client.identity.Identities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RightsLedgerTest {
    @TempDir
    Path home;

    @Test
    void chaincodeMessageBecomesCodeAndSentence() {
        CliException e = RightsLedger.chaincodeError(
                "chaincode response 500, RIGHT_FROZEN: right A-1/RESOURCE_HOLDING is frozen by case (2025) 7");
        assertThat(e.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(e.code()).isEqualTo("RIGHT_FROZEN");
        assertThat(e.getMessage()).isEqualTo("right A-1/RESOURCE_HOLDING is frozen by case (2025) 7");
        assertThat(e.nextStep()).contains("unfreeze");
        assertThat(RightsLedger.chaincodeError("failed to endorse: no peers available")).isNull();
    }

    @Test
    void fabricPeerThatIsDownIsExit4() throws Exception {
        Path cp = Files.writeString(home.resolve("cp.json"), """
                {"client":{"organization":"Org1"},
                 "organizations":{"Org1":{"mspid":"Org1MSP","peers":["peer0"]}},
                 "peers":{"peer0":{"url":"grpc://127.0.0.1:%d"}}}
                """.formatted(Cli.closedPort()));
        TestPki pki = new TestPki();
        Path bundle = Files.writeString(home.resolve("bundle.json"), pki.trustBundleJson());
        KeyPair keys = KeyMaterial.newKeyPair();
        Path cert = Files.writeString(home.resolve("cert.pem"),
                FabricIdentity.toPem(pki.issue(keys.getPublic(), "CN=alice,O=Org1", "enterprise")));
        Path key = Files.writeString(home.resolve("key.pem"), Identities.toPemString(keys.getPrivate()));
        Cli cli = new Cli(home);
        assertThat(cli.run("init", "--fabric", "--connection-profile", cp.toString(), "--trust-bundle", bundle.toString())
                .exit()).isEqualTo(0);
        Cli.Result imported = cli.run("identity", "import", "--cert", cert.toString(), "--key", key.toString());
        assertThat(imported.out()).contains("Org1MSP::CN=alice,O=Org1");

        Cli.Result info = cli.run("ledger", "info");
        assertThat(info.exit()).as(info.err()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(info.err()).contains("error: LEDGER_UNREACHABLE: the ledger endpoint 127.0.0.1:", "UNAVAILABLE",
                "next: start the registry");
        Cli.Result accept = cli.run("right", "accept", "A-0011223344556677/RESOURCE_HOLDING");
        assertThat(accept.exit()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(cli.run("asset", "show", "A-1").exit()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(cli.run("rights", "list").exit()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(cli.run("identity", "enroll", "--token", "t", "--name", "x").err()).contains("error: FABRIC_PROFILE:");
    }
}
