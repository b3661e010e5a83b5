package org.dataright.peer.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.peer.chaincode.ChaincodeAddress;
import org.dataright.peer.node.EmbeddedPeer;
import org.dataright.peer.node.PeerConfig;
import org.dataright.peer.testcc.TestChaincodeServer;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.hyperledger.fabric.protos.peer.DeliverResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 11 of the adversarial review: one Deliver stream that never reads held one peer thread, and a
 * client could open any number of them. Real gRPC clients here: one that takes no message, and one that
 * opens one stream more than the peer allows a client address.
 */
class DeliverStreamsTest {
    private static final String CC = "testcc";
    private static final int STREAMS_PER_CLIENT = 3;
    /** Blocks of about 64 KiB, so that a few dozen fill gRPC's flow-control window of 1 MiB many times over. */
    private static final String BIG = "x".repeat(64 * 1024);

    @TempDir
    static Path dataDir;
    private static EmbeddedPeer peer;
    private static SigningIdentity alice;

    @BeforeAll
    static void start() throws Exception {
        peer = EmbeddedPeer.start(PeerConfig.builder(dataDir)
                .port(0)
                .chaincode(ChaincodeAddress.of(CC, "127.0.0.1", TestChaincodeServer.shared().port()))
                .blockCutting(1, Duration.ofMillis(10))
                .deliverStreamsPerClient(STREAMS_PER_CLIENT)
                .build());
        alice = peer.identities().organizationCa().enroll(peer.config().mspId(), "alice", MSPRoleType.CLIENT,
                Map.of("role", "enterprise"));
        try (HandMadeClient client = client()) {
            for (int i = 0; i < 40; i++) {
                client.submit(client.endorse(client.proposal(Instant.now(), "put", "big-" + i, BIG)));
            }
        }
        await(() -> peer.ledger().height() > 40, "40 blocks committed");
    }

    @AfterAll
    static void stop() {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void aClientThatTakesNothingHoldsNoPeerThreadAndGetsEveryBlockOnceItReads() throws Exception {
        try (HandMadeClient client = client()) {
            HandMadeClient.DeliverStream stream = client.deliver(HandMadeClient.from(HandMadeClient.oldest()));
            // One block read, so the peer is serving the stream; then the client reads nothing more.
            stream.request(1);
            await(() -> stream.received.size() == 1, "the first block");
            // The peer sends until gRPC's flow control stops it, then no thread of it waits on the stream.
            await(() -> deliverThreads().isEmpty(), "no thread serving the stream: " + deliverThreads());
            assertThat(stream.received).hasSize(1);
            assertThat(stream.ended).isNotDone();

            long height = peer.ledger().height();
            stream.request(Integer.MAX_VALUE);
            await(() -> stream.received.size() >= height, stream.received.size() + " of " + height + " blocks");
            List<Long> numbers = new ArrayList<>();
            for (DeliverResponse r : stream.received) {
                numbers.add(r.getBlock().getHeader().getNumber());
            }
            assertThat(numbers).isEqualTo(Arrays.asList(range(height)));

            // Waiting for the next block holds no thread either; the commit wakes the stream.
            await(() -> deliverThreads().isEmpty(), "no thread waiting for the next block: " + deliverThreads());
            client.submit(client.endorse(client.proposal(Instant.now(), "put", "next", "v")));
            await(() -> stream.received.size() > height, "the next block");
            assertThat(stream.received.get((int) height).getBlock().getHeader().getNumber()).isEqualTo(height);
            stream.cancel();
        }
    }

    @Test
    void oneStreamMoreThanAClientAddressMayHaveIsRefusedWithResourceExhausted() throws Exception {
        try (HandMadeClient client = client()) {
            List<HandMadeClient.DeliverStream> open = new ArrayList<>();
            for (int i = 0; i < STREAMS_PER_CLIENT; i++) {
                open.add(acceptedStream(client));
            }
            HandMadeClient.DeliverStream extra = client.deliver(HandMadeClient.from(HandMadeClient.newest()));
            Throwable refused = extra.ended.get(10, TimeUnit.SECONDS);
            assertThat(refused).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(e.getStatus().getDescription()).isEqualTo("this peer serves at most 3 Deliver streams per client "
                        + "address, and 127.0.0.1 has 3 open: end one (a stop position ends it, or cancel it) and try again");
            });
            for (HandMadeClient.DeliverStream s : open) {
                assertThat(s.ended).as("the streams within the limit stay open").isNotDone();
            }

            open.get(0).cancel();
            HandMadeClient.DeliverStream again = acceptedStream(client);
            again.request(1);
            open.get(1).request(1);
            client.submit(client.endorse(client.proposal(Instant.now(), "put", "for-the-open-streams", "v")));
            await(() -> again.received.size() > 1 && open.get(1).received.size() > 1, "the next block on the open streams");
            again.cancel();
            open.get(1).cancel();
            open.get(2).cancel();
        }
    }

    /**
     * A stream the peer took (it delivered the newest block), tried again while the peer still counts streams
     * cancelled before (it learns of a cancel asynchronously).
     */
    private static HandMadeClient.DeliverStream acceptedStream(HandMadeClient client) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            HandMadeClient.DeliverStream stream = client.deliver(HandMadeClient.from(HandMadeClient.newest()));
            stream.request(1);
            await(() -> !stream.received.isEmpty() || stream.ended.isDone(), "an answer to a Deliver request");
            if (!stream.received.isEmpty()) {
                return stream;
            }
            Throwable end = stream.ended.get();
            assertThat(Status.fromThrowable(end).getCode()).as("%s", end).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            Thread.sleep(200);
        }
        throw new AssertionError("the peer did not release a cancelled stream's slot within 10 s");
    }

    private static HandMadeClient client() {
        return new HandMadeClient(peer.endpoint(), alice, peer.channelId(), CC);
    }

    /** Threads whose stack is inside the Deliver service (or the old blocking waits it used). */
    private static List<String> deliverThreads() {
        List<String> busy = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            for (StackTraceElement frame : stack) {
                String where = frame.getClassName();
                if (where.startsWith(DeliverService.class.getName()) || where.equals(Streams.class.getName())) {
                    busy.add(thread.getName() + " in " + frame);
                    break;
                }
            }
        });
        return busy;
    }

    private static Long[] range(long n) {
        Long[] numbers = new Long[(int) n];
        for (int i = 0; i < n; i++) {
            numbers[i] = (long) i;
        }
        return numbers;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within 20 s: " + what);
    }
}
