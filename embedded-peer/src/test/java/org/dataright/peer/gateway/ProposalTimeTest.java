package org.dataright.peer.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.peer.chaincode.ChaincodeAddress;
import org.dataright.peer.node.EmbeddedPeer;
import org.dataright.peer.node.PeerConfig;
import org.dataright.peer.testcc.TestChaincodeServer;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 1 of the adversarial review: the chaincode takes "now" from the proposal's timestamp, which the
 * client writes. Hand-built, correctly signed proposals and transactions dated outside the peer's window
 * (60 s, the default) are refused by the endorser and by the orderer's broadcast check, with
 * {@code TIMESTAMP_OUT_OF_WINDOW} and a sentence naming both times and the window; inside it they pass.
 */
class ProposalTimeTest {
    private static final String CC = "testcc";

    @TempDir
    static Path dataDir;
    private static EmbeddedPeer peer;
    private static HandMadeClient client;

    @BeforeAll
    static void start() throws Exception {
        peer = EmbeddedPeer.start(PeerConfig.builder(dataDir)
                .port(0)
                .chaincode(ChaincodeAddress.of(CC, "127.0.0.1", TestChaincodeServer.shared().port()))
                .blockCutting(10, Duration.ofMillis(20))
                .build());
        SigningIdentity mallory = peer.identities().organizationCa().enroll(peer.config().mspId(), "mallory",
                MSPRoleType.CLIENT, Map.of("role", "enterprise"));
        client = new HandMadeClient(peer.endpoint(), mallory, peer.channelId(), CC);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void aProposalDatedInsideTheWindowIsEndorsedAndCommitted() throws Exception {
        Envelope prepared = client.endorse(client.proposal(Instant.now().minusSeconds(30), "put", "inside", "v"));
        client.submit(prepared);
        assertThat(awaitState("inside")).isEqualTo("v");
    }

    @Test
    void aProposalDatedTooLongAgoIsRefusedNamingBothTimesAndTheWindow() {
        Instant claimed = Instant.now().minus(Duration.ofMinutes(28));
        assertRefusedByTheEndorser(client.proposal(claimed, "put", "backdated", "v"), claimed, "behind");
        assertThat(peer.ledger().getState(CC, "backdated")).isEmpty();
    }

    @Test
    void aProposalDatedTooFarAheadIsRefused() {
        Instant claimed = Instant.now().plus(Duration.ofMinutes(5));
        assertRefusedByTheEndorser(client.proposal(claimed, "put", "ahead", "v"), claimed, "ahead of");
        assertThat(peer.ledger().getState(CC, "ahead")).isEmpty();
    }

    @Test
    void anExpiredOfferCannotBeAcceptedWithATimestampBeforeItsExpiry() {
        long expired = Instant.now().minus(Duration.ofMinutes(5)).getEpochSecond();
        // The honest proposal: the chaincode sees the real time and refuses.
        assertThatThrownBy(() -> client.endorse(client.proposal(Instant.now(), "acceptOffer", "offer-1", Long.toString(expired))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(HandMadeClient.detailMessages(e))
                        .anySatisfy(m -> assertThat(m).contains("OFFER_EXPIRED")));
        // The attack of the review: the same act dated 10 s before the expiry.
        Instant claimed = Instant.ofEpochSecond(expired - 10);
        assertRefusedByTheEndorser(client.proposal(claimed, "acceptOffer", "offer-1", Long.toString(expired)), claimed, "behind");
        assertThat(peer.ledger().getState(CC, "offer-1")).isEmpty();
    }

    @Test
    void aPublicityPeriodCannotBeSkippedWithATimestampAfterItsEnd() {
        long ends = Instant.now().plus(Duration.ofDays(30)).getEpochSecond();
        assertThatThrownBy(() -> client.endorse(client.proposal(Instant.now(), "takeEffect", "act-1", Long.toString(ends))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(HandMadeClient.detailMessages(e))
                        .anySatisfy(m -> assertThat(m).contains("PUBLICITY_RUNNING")));
        Instant claimed = Instant.now().plus(Duration.ofDays(31));
        assertRefusedByTheEndorser(client.proposal(claimed, "takeEffect", "act-1", Long.toString(ends)), claimed, "ahead of");
        assertThat(peer.ledger().getState(CC, "act-1")).isEmpty();
    }

    @Test
    void theOrdererRefusesATransactionDatedOutsideTheWindow() throws Exception {
        Envelope endorsed = client.endorse(client.proposal(Instant.now(), "put", "held-back", "v"));
        Instant claimed = Instant.now().minus(Duration.ofMinutes(10));
        Envelope held = client.redated(endorsed, claimed);

        assertThatThrownBy(() -> client.submit(held)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Code.ABORTED);
            assertThat(e.getStatus().getDescription()).startsWith("received unsuccessful response from orderer: "
                    + "status=BAD_REQUEST, info=TIMESTAMP_OUT_OF_WINDOW: the transaction is dated " + claimed + ", ")
                    .contains("behind this peer's time ").contains("within 60 s of its clock");
        });
        assertThat(peer.ledger().getState(CC, "held-back")).isEmpty();
    }

    private static void assertRefusedByTheEndorser(org.hyperledger.fabric.protos.peer.SignedProposal proposal, Instant claimed,
            String direction) {
        assertThatThrownBy(() -> client.endorse(proposal)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Code.ABORTED);
            assertThat(HandMadeClient.detailMessages(e)).singleElement().satisfies(m -> assertThat(m)
                    .startsWith("error validating proposal: TIMESTAMP_OUT_OF_WINDOW: the proposal is dated " + claimed + ", ")
                    .contains(" " + direction + " this peer's time 20")
                    .contains("the peer accepts timestamps within 60 s of its clock"));
        });
    }

    private static String awaitState(String key) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            var value = peer.ledger().getState(CC, key);
            if (value.isPresent()) {
                return value.get().value().toStringUtf8();
            }
            Thread.sleep(20);
        }
        throw new AssertionError(key + " was not committed within 10 s");
    }
}
