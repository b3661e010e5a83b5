package org.dataright.cli.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.dataright.cli.Cli;
import org.dataright.cli.TestPki;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.identity.KeyMaterial;
import org.dataright.cli.profile.Profile;
import org.dataright.fabric.crypto.Pem;
import org.dataright.ledger.client.ChaincodeError;
import org.dataright.ledger.client.LedgerEndpoint;
import org.dataright.ledger.client.LedgerException;
import org.dataright.ledger.client.LedgerException.Reason;
import org.dataright.ledger.client.RightsVocabulary;
import org.hyperledger.fabric.client.identity.Identities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerErrorsTest {
    private static final LedgerEndpoint PEER = new LedgerEndpoint("peer0.org1.example.com:7051", "PEM", null, "registry",
            "rights");

    @TempDir
    Path home;

    private Profile profile(Profile.Mode mode) {
        return new Profile("org1", mode, mode == Profile.Mode.EMBEDDED ? URI.create("http://127.0.0.1:8080") : null,
                "registry", "rights", home);
    }

    @Test
    void aChaincodeRefusalKeepsItsCodeAndGetsDprsNextStep() {
        CliException e = LedgerErrors.of(LedgerException.refusedByChaincode(new ChaincodeError("RIGHT_FROZEN",
                "right A-1/RESOURCE_HOLDING is frozen by case (2025) 7"), null, null), profile(Profile.Mode.FABRIC), PEER);

        assertThat(e.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(e.code()).isEqualTo("RIGHT_FROZEN");
        assertThat(e.getMessage()).isEqualTo("right A-1/RESOURCE_HOLDING is frozen by case (2025) 7");
        assertThat(e.nextStep()).contains("unfreeze");
    }

    @Test
    void aLookAlikeNameOrAnInvisibleCharacterSaysWhatToChange() {
        CliException lookAlike = LedgerErrors.of(LedgerException.refusedByChaincode(new ChaincodeError("NAME_CONFUSABLE",
                "the display name '\u0410cme' looks like Acme (acme, RegistryMSP::OU=client,CN=Acme)"), null, null),
                profile(Profile.Mode.EMBEDDED), PEER);
        CliException invisible = LedgerErrors.of(LedgerException.refusedByChaincode(new ChaincodeError("TEXT_CONTROL_CHARACTER",
                "the title has U+202E RIGHT-TO-LEFT OVERRIDE at 4"), null, null), profile(Profile.Mode.EMBEDDED), PEER);

        assertThat(lookAlike.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(lookAlike.nextStep()).contains("choose a name that reads differently");
        assertThat(invisible.nextStep()).contains("remove the invisible or direction-changing character");
    }

    @Test
    void aProposalOutsideThePeersTimeWindowIsARefusalThatNamesTheClock() {
        CliException e = LedgerErrors.of(LedgerException.refusedByPeer(new ChaincodeError("TIMESTAMP_OUT_OF_WINDOW",
                "the proposal is dated 2026-12-03T15:47:00Z, 1680 s behind this peer's time 2026-12-03T16:15:00Z; "
                        + "the peer accepts timestamps within 60 s of its clock"), "7c1f", null), profile(Profile.Mode.EMBEDDED), PEER);

        assertThat(e.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(e.code()).isEqualTo("TIMESTAMP_OUT_OF_WINDOW");
        assertThat(e.getMessage()).contains("this peer's time 2026-12-03T16:15:00Z").contains("within 60 s");
        assertThat(e.nextStep()).startsWith("nothing was recorded; this computer's clock").contains("NTP");
    }

    /** Finding 9: the next step for a damaged block said "the ledger recorded nothing; correct what the message names". */
    @Test
    void aDamagedBlockIsNotTheCallersMistake() {
        LedgerException damaged = LedgerException.refusedByPeer(new ChaincodeError("LEDGER_DAMAGED",
                "block 5 of channel registry is damaged in this peer's ledger (blockfile_000000 at offset 1234: checksum mismatch)"),
                null, null);
        CliException e = LedgerErrors.of(damaged, profile(Profile.Mode.EMBEDDED), PEER);

        assertThat(e.exitCode()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(LedgerErrors.isRefusal(damaged)).isFalse();
        assertThat(e.code()).isEqualTo("LEDGER_DAMAGED");
        assertThat(e.getMessage()).startsWith("block 5 of channel registry is damaged");
        assertThat(e.nextStep()).doesNotContain("recorded nothing").doesNotContain("correct what the message names")
                .contains("damaged at the block the message names").contains("restore");
    }

    @Test
    void theNextStepsAreForTheContractsOwnCodes() {
        assertThat(RightsVocabulary.contract().errorCodes()).containsAll(LedgerErrors.codesWithNextSteps());
    }

    @Test
    void anUnreachablePeerNamesWhatToStartInEachMode() {
        LedgerException down = new LedgerException(Reason.UNREACHABLE, "the ledger endpoint … cannot be reached", null, null);

        CliException embedded = LedgerErrors.of(down, profile(Profile.Mode.EMBEDDED), PEER);
        CliException fabric = LedgerErrors.of(down, profile(Profile.Mode.FABRIC), PEER);

        assertThat(embedded.exitCode()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(embedded.code()).isEqualTo("LEDGER_UNREACHABLE");
        assertThat(embedded.nextStep()).startsWith("start the registry service (http://127.0.0.1:8080)");
        assertThat(fabric.exitCode()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(fabric.nextStep()).isEqualTo("check that the peer peer0.org1.example.com:7051 in the connection profile "
                + "of profile 'org1' is running and reachable from here");
    }

    @Test
    void orderingAndPolicyFailuresInFabricModeAreNeitherUnreachableNorRejected() {
        for (Reason reason : new Reason[] {Reason.ORDERING_UNAVAILABLE, Reason.ENDORSEMENT_POLICY_UNSATISFIABLE}) {
            CliException e = LedgerErrors.of(new LedgerException(reason, "…", "7c1f", null), profile(Profile.Mode.FABRIC), PEER);

            assertThat(e.code()).isEqualTo(reason.name());
            assertThat(e.exitCode()).isEqualTo(ExitCodes.CANNOT_CONNECT);
            assertThat(e.nextStep()).startsWith("nothing was recorded").contains("network operator")
                    .doesNotContain("start the registry");
        }
    }

    @Test
    void whatTheLedgerSaidAboutTheCallIsARefusal() {
        assertThat(LedgerErrors.isRefusal(new LedgerException(Reason.REFUSED, "…", null, null))).isTrue();
        assertThat(LedgerErrors.isRefusal(new LedgerException(Reason.COMMIT_STATUS_UNKNOWN, "…", null, null))).isFalse();
    }

    @Test
    void aFabricPeerThatIsDownIsExit4WithTheFabricNextStep() throws Exception {
        Path cp = Files.writeString(home.resolve("cp.json"), """
                {"client":{"organization":"Org1"},
                 "organizations":{"Org1":{"mspid":"Org1MSP","peers":["peer0"]}},
                 "peers":{"peer0":{"url":"grpc://127.0.0.1:%d"}}}
                """.formatted(Cli.closedPort()));
        TestPki pki = new TestPki();
        Path bundle = Files.writeString(home.resolve("bundle.json"), pki.trustBundleJson());
        KeyPair keys = KeyMaterial.newKeyPair();
        Path cert = Files.writeString(home.resolve("cert.pem"),
                Pem.of(pki.issue(keys.getPublic(), "CN=alice,O=Org1", "enterprise")));
        Path key = Files.writeString(home.resolve("key.pem"), Identities.toPemString(keys.getPrivate()));
        Cli cli = new Cli(home);
        assertThat(cli.run("init", "--fabric", "--connection-profile", cp.toString(), "--trust-bundle", bundle.toString())
                .exit()).isEqualTo(0);
        Cli.Result imported = cli.run("identity", "import", "--cert", cert.toString(), "--key", key.toString());
        assertThat(imported.out()).contains("Org1MSP::CN=alice,O=Org1");

        Cli.Result info = cli.run("ledger", "info");
        assertThat(info.exit()).as(info.err()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        // Fabric mode: the peer of the connection profile, not the registry service, is what to look at.
        assertThat(info.err()).contains("error: LEDGER_UNREACHABLE: the ledger endpoint 127.0.0.1:", "UNAVAILABLE",
                "next: check that the peer 127.0.0.1:")
                .doesNotContain("start the registry");
        Cli.Result accept = cli.run("right", "accept", "A-0011223344556677/RESOURCE_HOLDING");
        assertThat(accept.exit()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(cli.run("asset", "show", "A-1").exit()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(cli.run("rights", "list").exit()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(cli.run("identity", "enroll", "--token", "t", "--name", "x").err()).contains("error: FABRIC_PROFILE:");
    }
}
