package org.dataright.peer.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dataright.fabric.config.ChannelConfig;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.Organization;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.fabric.policy.EndorsementPolicy;
import org.dataright.peer.ledger.Ledger;
import org.dataright.peer.ledger.LedgerOptions;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.peer.ChaincodeAdditionalParams;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeGrpc;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage.Type;
import org.hyperledger.fabric.protos.peer.GetQueryResult;
import org.hyperledger.fabric.protos.peer.GetState;
import org.hyperledger.fabric.protos.peer.GetStateByRange;
import org.hyperledger.fabric.protos.peer.PutState;
import org.hyperledger.fabric.protos.peer.QueryMetadata;
import org.hyperledger.fabric.protos.peer.QueryResponse;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer's side of the shim protocol, message by message, against a scripted chaincode server:
 * the handshake, the exact ERROR texts Fabric's handler sends, and how COMPLETED becomes a result.
 */
class ChaincodeProtocolTest {
    private static final String CHANNEL = "registry";

    @TempDir
    Path dir;
    private Ledger ledger;
    private Server server;
    private final BlockingQueue<ChaincodeMessage> fromPeer = new LinkedBlockingQueue<>();
    private final CompletableFuture<StreamObserver<ChaincodeMessage>> toPeer = new CompletableFuture<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final BlockingQueue<Throwable> streamErrors = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        CertificateAuthority orgCa = CertificateAuthority.create("ca.org");
        CertificateAuthority ordererCa = CertificateAuthority.create("ca.orderer");
        SigningIdentity orderer = ordererCa.enroll("OrdererMSP", "orderer0", MSPRoleType.ORDERER, Map.of());
        ChannelMembership membership = new ChannelMembership(List.of(Organization.of("OrgMSP", orgCa.certificate()),
                Organization.of("OrdererMSP", ordererCa.certificate())), Set.of("OrdererMSP"));
        ledger = Ledger.open(LedgerOptions.of(dir, orderer).withGenesis(
                new ChannelConfig(CHANNEL, membership, EndorsementPolicy.parse("OR('OrgMSP.peer')"), List.of())));
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new ChaincodeGrpc.ChaincodeImplBase() {
                    @Override
                    public StreamObserver<ChaincodeMessage> connect(StreamObserver<ChaincodeMessage> peer) {
                        connections.incrementAndGet();
                        // As the shim does: the chaincode speaks first, with REGISTER.
                        peer.onNext(ChaincodeMessage.newBuilder().setType(Type.REGISTER)
                                .setPayload(ChaincodeID.newBuilder().setName("fake:1").build().toByteString()).build());
                        toPeer.complete(peer);
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(ChaincodeMessage m) {
                                fromPeer.add(m);
                            }

                            @Override
                            public void onError(Throwable t) {
                                streamErrors.add(t);
                            }

                            @Override
                            public void onCompleted() {
                            }
                        };
                    }
                })
                .build().start();
    }

    @AfterEach
    void tearDown() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        ledger.close();
    }

    @Test
    void handshakeRequestsAndCompletion() throws Exception {
        try (ChaincodeSupport support = new ChaincodeSupport(ChaincodeAddress.of("fake", "127.0.0.1", server.getPort()),
                Duration.ofSeconds(20));
                Simulation simulation = new Simulation("tx1", "fake", ledger)) {
            CompletableFuture<ExecutionResult> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return support.execute(CHANNEL, "tx1", SignedProposal.getDefaultInstance(),
                            ChaincodeInput.newBuilder().addArgs(ByteString.copyFromUtf8("run")).build(), simulation);
                } catch (ChaincodeException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(next().getType()).isEqualTo(Type.REGISTERED);
            ChaincodeMessage ready = next();
            assertThat(ready.getType()).isEqualTo(Type.READY);
            assertThat(ChaincodeAdditionalParams.parseFrom(ready.getPayload()).getUseWriteBatch()).isTrue();
            ChaincodeMessage tx = next();
            assertThat(tx.getType()).isEqualTo(Type.TRANSACTION);
            assertThat(tx.getTxid()).isEqualTo("tx1");
            assertThat(tx.getChannelId()).isEqualTo(CHANNEL);
            assertThat(ChaincodeInput.parseFrom(tx.getPayload()).getArgs(0).toStringUtf8()).isEqualTo("run");

            ChaincodeMessage absent = ask(Type.GET_STATE, GetState.newBuilder().setKey("nothing").build().toByteString());
            assertThat(absent.getType()).isEqualTo(Type.RESPONSE);
            assertThat(absent.getPayload()).isEmpty();

            ChaincodeMessage rich = ask(Type.GET_QUERY_RESULT, GetQueryResult.newBuilder().setQuery("{}").build().toByteString());
            assertThat(rich.getType()).isEqualTo(Type.ERROR);
            assertThat(rich.getPayload().toStringUtf8())
                    .startsWith("GET_QUERY_RESULT failed: transaction ID: tx1: UNSUPPORTED_FEATURE: rich queries (GetQueryResult)"
                            + " are not supported by the embedded peer: its state database is a key-value store, as a Fabric"
                            + " peer's LevelDB (ExecuteQuery not supported for leveldb)");

            ChaincodeMessage page = ask(Type.GET_STATE_BY_RANGE, GetStateByRange.newBuilder().setStartKey("a").setEndKey("z")
                    .setMetadata(QueryMetadata.newBuilder().setPageSize(5).build().toByteString()).build().toByteString());
            QueryResponse pageResponse = QueryResponse.parseFrom(page.getPayload());
            assertThat(pageResponse.getHasMore()).isFalse();
            assertThat(QueryResponseMetadata.parseFrom(pageResponse.getMetadata()).getBookmark()).isEmpty();

            ChaincodeMessage write = ask(Type.PUT_STATE, PutState.newBuilder().setKey("k").setValue(ByteString.copyFromUtf8("v"))
                    .build().toByteString());
            assertThat(write.getType()).isEqualTo(Type.ERROR);
            assertThat(write.getPayload().toStringUtf8()).isEqualTo("PUT_STATE failed: transaction ID: tx1: txid [tx1]:"
                    + " unsuppored transaction. Transaction has already performed a paginated query. Writes are not allowed");

            send(ChaincodeMessage.newBuilder().setType(Type.COMPLETED).setTxid("tx1").setChannelId(CHANNEL)
                    .setPayload(Response.newBuilder().setStatus(200).setPayload(ByteString.copyFromUtf8("ok")).build().toByteString())
                    .setChaincodeEvent(ChaincodeEvent.newBuilder().setEventName("done"))
                    .build());
            ExecutionResult done = result.get(10, TimeUnit.SECONDS);
            assertThat(done.response().getPayload().toStringUtf8()).isEqualTo("ok");
            ChaincodeEvent event = done.event().orElseThrow();
            assertThat(event.getChaincodeId()).isEqualTo("fake");
            assertThat(event.getTxId()).isEqualTo("tx1");

            KVRWSet kv = KVRWSet.parseFrom(simulation.readWriteSet().getNsRwset(0).getRwset());
            assertThat(kv.getReads(0).getKey()).isEqualTo("nothing");
            assertThat(kv.getReads(0).hasVersion()).isFalse();
            assertThat(kv.getWritesList()).isEmpty();
            assertThat(kv.getRangeQueriesInfo(0).getItrExhausted()).isTrue();
        }
    }

    @Test
    void anErrorFromTheChaincodeIsFabricsFailure() throws Exception {
        try (ChaincodeSupport support = new ChaincodeSupport(ChaincodeAddress.of("fake", "127.0.0.1", server.getPort()),
                Duration.ofSeconds(20));
                Simulation simulation = new Simulation("tx2", "fake", ledger)) {
            CompletableFuture<String> failure = CompletableFuture.supplyAsync(() -> {
                try {
                    support.execute(CHANNEL, "tx2", SignedProposal.getDefaultInstance(), ChaincodeInput.getDefaultInstance(), simulation);
                    return "no failure";
                } catch (ChaincodeException e) {
                    return e.getMessage();
                }
            });
            next();
            next();
            next();
            send(ChaincodeMessage.newBuilder().setType(Type.ERROR).setTxid("tx2").setChannelId(CHANNEL)
                    .setPayload(ByteString.copyFromUtf8("boom")).build());
            assertThat(failure.get(10, TimeUnit.SECONDS)).isEqualTo("transaction returned with failure: boom");
        }
    }

    /**
     * The stream is often opened by a gateway request; it must not end with that request's gRPC
     * context, or every transaction then in flight on it fails and the next request reconnects.
     */
    @Test
    void theStreamOutlivesTheRequestThatOpenedIt() throws Exception {
        try (ChaincodeSupport support = new ChaincodeSupport(ChaincodeAddress.of("fake", "127.0.0.1", server.getPort()),
                Duration.ofSeconds(20));
                Simulation simulation = new Simulation("tx3", "fake", ledger)) {
            Context.CancellableContext request = Context.current().withCancellation();
            request.call(() -> {
                support.awaitReady(Duration.ofSeconds(10));
                return null;
            });
            request.cancel(null);
            assertThat(next().getType()).isEqualTo(Type.REGISTERED);
            assertThat(next().getType()).isEqualTo(Type.READY);
            CompletableFuture<ExecutionResult> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return support.execute(CHANNEL, "tx3", SignedProposal.getDefaultInstance(),
                            ChaincodeInput.getDefaultInstance(), simulation);
                } catch (ChaincodeException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(next().getTxid()).isEqualTo("tx3");
            send(ChaincodeMessage.newBuilder().setType(Type.COMPLETED).setTxid("tx3").setChannelId(CHANNEL)
                    .setPayload(Response.newBuilder().setStatus(200).build().toByteString()).build());
            assertThat(result.get(10, TimeUnit.SECONDS).response().getStatus()).isEqualTo(200);
            assertThat(streamErrors).as("the chaincode's view of the stream").isEmpty();
            assertThat(connections.get()).as("connections to the chaincode").isEqualTo(1);
        }
    }

    private ChaincodeMessage ask(Type type, ByteString payload) throws Exception {
        send(ChaincodeMessage.newBuilder().setType(type).setTxid("tx1").setChannelId(CHANNEL).setPayload(payload).build());
        ChaincodeMessage reply = next();
        assertThat(reply.getTxid()).isEqualTo("tx1");
        return reply;
    }

    private void send(ChaincodeMessage message) throws Exception {
        StreamObserver<ChaincodeMessage> peer = toPeer.get(10, TimeUnit.SECONDS);
        synchronized (peer) {
            peer.onNext(message);
        }
    }

    private ChaincodeMessage next() throws InterruptedException {
        ChaincodeMessage m = fromPeer.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message from the peer").isNotNull();
        return m;
    }
}
