package org.dataright.peer.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerEndpoint;
import org.dataright.ledger.client.LedgerException;
import org.dataright.peer.chaincode.ChaincodeAddress;
import org.dataright.peer.node.EmbeddedPeer;
import org.dataright.peer.node.PeerConfig;
import org.dataright.peer.testcc.TestChaincodeServer;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 9 through the peer's protocols: with a block damaged in the middle of the chain, the peer starts,
 * serves the blocks before it, and every client that reaches the damaged block — Deliver, qscc, a
 * submission — is told which block it is ({@code LEDGER_DAMAGED: block 5 …}), not {@code UNKNOWN}.
 */
class DamagedLedgerPeerTest {
    private static final String CC = "testcc";
    private static final int DAMAGED = 5;

    @TempDir
    Path dataDir;

    @Test
    void theDamagedBlockIsNamedToEveryClientAndWhatIsIntactIsServed() throws Exception {
        SigningIdentity alice;
        try (EmbeddedPeer peer = start()) {
            alice = peer.identities().organizationCa().enroll(peer.config().mspId(), "alice", MSPRoleType.CLIENT,
                    Map.of("role", "enterprise"));
            try (HandMadeClient client = new HandMadeClient(peer.endpoint(), alice, peer.channelId(), CC)) {
                for (int i = 0; i < 8; i++) {
                    client.submit(client.endorse(client.proposal(Instant.now(), "put", "k" + i, "v" + i)));
                    long height = i + 2;
                    for (int wait = 0; wait < 500 && peer.ledger().height() < height; wait++) {
                        Thread.sleep(20);
                    }
                }
            }
            assertThat(peer.ledger().height()).isEqualTo(9);
        }
        long offset = flipAByteOf(DAMAGED);

        try (EmbeddedPeer peer = start();
                HandMadeClient client = new HandMadeClient(peer.endpoint(), alice, peer.channelId(), CC)) {
            String expected = "LEDGER_DAMAGED: block 5 of channel registry is damaged in this peer's ledger (blockfile_000000"
                    + " at offset " + offset + ": bad record: checksum mismatch); the peer cannot serve it until its block file"
                    + " is restored from a backup";
            assertThat(peer.ledger().damage()).hasValueSatisfying(d -> assertThat(d.firstBadBlock()).hasValue(DAMAGED));

            HandMadeClient.DeliverStream stream = client.deliver(HandMadeClient.from(HandMadeClient.oldest()));
            stream.request(Integer.MAX_VALUE);
            Throwable end = stream.ended.get(20, TimeUnit.SECONDS);
            assertThat(stream.received).hasSize(DAMAGED);
            assertThat(end).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DATA_LOSS);
                assertThat(e.getStatus().getDescription()).startsWith(expected);
            });

            try (LedgerConnection ledger = LedgerConnection.open(
                    new LedgerEndpoint(peer.endpoint(), null, null, peer.channelId(), CC),
                    new ClientIdentity(alice.mspId(), alice.certificate(), alice.privateKey()))) {
                assertThat(ledger.qscc().blockByNumber(DAMAGED - 1).getHeader().getNumber()).isEqualTo(DAMAGED - 1);
                assertThatThrownBy(() -> ledger.qscc().blockByNumber(DAMAGED)).isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo("LEDGER_DAMAGED");
                    assertThat(e.getMessage()).startsWith(expected.substring("LEDGER_DAMAGED: ".length()));
                });
            }

            assertThatThrownBy(() -> client.submit(client.endorse(client.proposal(Instant.now(), "put", "after", "v"))))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
                            .startsWith("received unsuccessful response from orderer: status=SERVICE_UNAVAILABLE, info="
                                    + "LEDGER_DAMAGED: block 5 of channel registry is damaged in this peer's ledger "
                                    + "(blockfile_000000 at offset " + offset + ": bad record: checksum mismatch); the peer takes"
                                    + " no new transactions until its block file is restored from a backup"));
            assertThat(peer.ledger().height()).isEqualTo(9);
        }
    }

    private EmbeddedPeer start() throws Exception {
        return EmbeddedPeer.start(PeerConfig.builder(dataDir)
                .port(0)
                .chaincode(ChaincodeAddress.of(CC, "127.0.0.1", TestChaincodeServer.shared().port()))
                .blockCutting(1, Duration.ofMillis(10))
                .build());
    }

    /** Flips one payload byte of block {@code number}'s record in the first block file; returns the record's offset. */
    private long flipAByteOf(int number) throws Exception {
        Path file = dataDir.resolve("ledger").resolve("blocks").resolve("blockfile_000000");
        byte[] bytes = Files.readAllBytes(file);
        long offset = 0;
        for (int n = 0; n < number; n++) {
            offset += 8 + ByteBuffer.wrap(bytes, (int) offset, 4).getInt();
        }
        bytes[(int) offset + 8 + 30] ^= 0x20;
        Files.write(file, bytes);
        return offset;
    }
}
