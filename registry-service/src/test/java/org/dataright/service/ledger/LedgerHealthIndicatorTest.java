package org.dataright.service.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerEndpoint;
import org.dataright.peer.node.PeerIdentities;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.gateway.EvaluateRequest;
import org.hyperledger.fabric.protos.gateway.EvaluateResponse;
import org.hyperledger.fabric.protos.gateway.GatewayGrpc;
import org.hyperledger.fabric.protos.peer.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;

/**
 * The ledger health component against a real gRPC server on loopback that plays a peer's gateway for
 * qscc GetChainInfo: it answers, goes away, comes back on the same port, and refuses; one connection,
 * never reopened, as in the service.
 */
class LedgerHealthIndicatorTest {
    private static final String CHANNEL = "registry";
    private static final SigningIdentity SERVICE = PeerIdentities.generate("RegistryMSP", "OrdererMSP").admin();

    private Server peer;

    @AfterEach
    void stopThePeer() throws InterruptedException {
        if (peer != null) {
            peer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void downWithTheEndpointAndWhatFailedWhileThePeerIsAwayAndUpAgainWhenItIsBack() throws Exception {
        peer = start(0, answeringHeight(7));
        int port = peer.getPort();
        String target = "127.0.0.1:" + port;
        try (LedgerConnection connection = connect(target)) {
            LedgerHealthIndicator ledger = new LedgerHealthIndicator(connection, connection.qscc());

            Health up = ledger.health();
            assertThat(up.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.UP);
            assertThat(up.getDetails()).containsEntry("endpoint", target).containsEntry("channel", CHANNEL)
                    .containsEntry("height", 7L);

            peer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            for (int check = 0; check < 3; check++) {
                Health down = ledger.health();
                assertThat(down.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.DOWN);
                assertThat(down.getDetails()).containsEntry("endpoint", target).containsEntry("channel", CHANNEL)
                        .containsEntry("code", "LEDGER_UNREACHABLE").doesNotContainKey("height");
                assertThat((String) down.getDetails().get("error")).startsWith("the ledger endpoint " + target
                        + " cannot be reached (UNAVAILABLE");
            }

            peer = start(port, answeringHeight(8));
            Health back = ledger.health();
            assertThat(back.getStatus()).as("%s", back).isEqualTo(org.springframework.boot.actuate.health.Status.UP);
            assertThat(back.getDetails()).containsEntry("height", 8L);
        }
    }

    @Test
    void aPeerThatAnswersButCannotServeTheChannelIsDownWithItsWords() throws Exception {
        peer = start(0, new GatewayGrpc.GatewayImplBase() {
            @Override
            public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> response) {
                response.onError(Status.FAILED_PRECONDITION.withDescription("channel '" + CHANNEL + "' not found")
                        .asRuntimeException());
            }
        });
        String target = "127.0.0.1:" + peer.getPort();
        try (LedgerConnection connection = connect(target)) {
            Health down = new LedgerHealthIndicator(connection, connection.qscc()).health();

            assertThat(down.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.DOWN);
            assertThat(down.getDetails()).containsEntry("endpoint", target).containsEntry("code", "LEDGER_REJECTED");
            assertThat((String) down.getDetails().get("error")).contains("channel 'registry' not found");
        }
    }

    /** Finding 9: with a damaged block the peer still answered GetChainInfo, and health said UP. */
    @Test
    void aDamagedLedgerOrAStuckProjectionIsDownThoughThePeerAnswers() throws Exception {
        peer = start(0, answeringHeight(9));
        String target = "127.0.0.1:" + peer.getPort();
        String damage = "the embedded peer's ledger is damaged at block 5 (blockfile_000000 at offset 19711): bad record: "
                + "checksum mismatch; it serves what is intact and takes no new acts until that block file is restored";
        String stuck = "the act projection has been waiting for block 5 since 2026-12-03T16:00:00Z while the ledger's height is 9";
        try (LedgerConnection connection = connect(target)) {
            Health damaged = new LedgerHealthIndicator(connection, connection.qscc(), () -> Optional.of(damage),
                    height -> Optional.empty()).health();
            assertThat(damaged.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.DOWN);
            assertThat(damaged.getDetails()).containsEntry("code", "LEDGER_DAMAGED").containsEntry("error", damage)
                    .containsEntry("height", 9L).containsEntry("endpoint", target);

            java.util.List<Long> heights = new java.util.ArrayList<>();
            Health behind = new LedgerHealthIndicator(connection, connection.qscc(), Optional::empty, height -> {
                heights.add(height);
                return Optional.of(stuck);
            }).health();
            assertThat(behind.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.DOWN);
            assertThat(behind.getDetails()).containsEntry("code", "PROJECTION_STUCK").containsEntry("error", stuck);
            assertThat(heights).as("the projection is judged against the height the peer reports").containsExactly(9L);

            Health up = new LedgerHealthIndicator(connection, connection.qscc(), Optional::empty, height -> Optional.empty())
                    .health();
            assertThat(up.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.UP);
        }
    }

    private static LedgerConnection connect(String target) {
        return LedgerConnection.open(new LedgerEndpoint(target, null, null, CHANNEL, "rights"),
                new ClientIdentity(SERVICE.mspId(), SERVICE.certificate(), SERVICE.privateKey()));
    }

    /** A gateway whose every evaluation answers GetChainInfo with {@code height}. */
    private static GatewayGrpc.GatewayImplBase answeringHeight(long height) {
        return new GatewayGrpc.GatewayImplBase() {
            @Override
            public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> response) {
                BlockchainInfo info = BlockchainInfo.newBuilder().setHeight(height).build();
                response.onNext(EvaluateResponse.newBuilder()
                        .setResult(Response.newBuilder().setStatus(200).setPayload(info.toByteString())).build());
                response.onCompleted();
            }
        };
    }

    private static Server start(int port, GatewayGrpc.GatewayImplBase gateway) throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                InsecureServerCredentials.create()).addService(gateway).build().start();
    }
}
