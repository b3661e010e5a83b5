package org.dataright.peer.chaincode;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hyperledger.fabric.protos.peer.ChaincodeAdditionalParams;
import org.hyperledger.fabric.protos.peer.ChaincodeGrpc;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's end of one {@code Chaincode.Connect} stream to a chaincode-as-a-service server.
 *
 * <p>The chaincode opens with REGISTER; the peer answers REGISTERED, then READY (with the runtime
 * parameters Fabric 2.5 advertises by default: write batches and multi-key reads). Then the peer
 * sends TRANSACTION messages, the chaincode calls back with state requests (answered on a worker
 * thread by {@link ChaincodeRequests}) and ends each transaction with COMPLETED or ERROR. Several
 * transactions may be in flight; messages are matched by channel and tx id.
 */
final class ChaincodeStream implements ClientResponseObserver<ChaincodeMessage, ChaincodeMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(ChaincodeStream.class);
    /** Fabric's texts for a transaction that did not finish ({@code core/chaincode/handler.go}). */
    static final String ERROR_EXECUTION_TIMEOUT = "timeout expired while executing transaction";
    static final String ERROR_STREAM_TERMINATED = "chaincode stream terminated";
    /** Fabric 2.5's default {@code chaincode.runtimeParams}. */
    private static final ChaincodeAdditionalParams RUNTIME_PARAMS = ChaincodeAdditionalParams.newBuilder()
            .setUseWriteBatch(true).setMaxSizeWriteBatch(1000)
            .setUseGetMultipleKeys(true).setMaxSizeGetMultipleKeys(1000)
            .build();

    private final ChaincodeAddress address;
    private final ExecutorService workers;
    private final ManagedChannel channel;
    private final ConcurrentMap<String, TxContext> contexts = new ConcurrentHashMap<>();
    /** Completed with the chaincode's registered id name once READY has been sent. */
    private final CompletableFuture<String> registered = new CompletableFuture<>();
    /** Completed when the stream has ended, for whatever reason. */
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    /** Set in {@link #beforeStart}, before the chaincode's first message can arrive. */
    private volatile StreamObserver<ChaincodeMessage> toChaincode;

    private ChaincodeStream(ChaincodeAddress address, ExecutorService workers) {
        this.address = address;
        this.workers = workers;
        // Plaintext: a chaincode-as-a-service server on this machine or a private network.
        this.channel = ManagedChannelBuilder.forAddress(address.host(), address.port()).usePlaintext().build();
        // The stream outlives the request that happens to open it: under that request's gRPC context
        // it would be cancelled when the request ends, taking other transactions in flight with it.
        Context.ROOT.run(() -> ChaincodeGrpc.newStub(channel).connect(this));
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ChaincodeMessage> requestStream) {
        toChaincode = requestStream;
    }

    static ChaincodeStream connect(ChaincodeAddress address, ExecutorService workers) {
        return new ChaincodeStream(address, workers);
    }

    /** The id the chaincode registered as (its package id, {@code CORE_CHAINCODE_ID_NAME}); empty until it has. */
    Optional<String> registeredId() {
        return registered.isDone() && !registered.isCompletedExceptionally() ? Optional.of(registered.join()) : Optional.empty();
    }

    /** Waits until the chaincode has registered; throws with the reason when it did not. */
    void awaitRegistered(Duration timeout) throws ChaincodeException {
        try {
            String id = registered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("chaincode {} registered as {} from {}", address.name(), id, address.target());
        } catch (TimeoutException e) {
            close();
            throw new ChaincodeException("chaincode " + address.name() + " at " + address.target()
                    + " did not register within " + timeout);
        } catch (ExecutionException e) {
            throw new ChaincodeException("chaincode " + address.name() + " at " + address.target()
                    + " could not be connected: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChaincodeException("interrupted while connecting to chaincode " + address.name(), e);
        }
    }

    boolean isOpen() {
        return registered.isDone() && !registered.isCompletedExceptionally() && !ended.isDone();
    }

    /**
     * Sends {@code message} (a TRANSACTION) for {@code tx} and waits for the chaincode's COMPLETED or
     * ERROR message.
     *
     * @throws ChaincodeException with Fabric's text when the transaction did not finish
     */
    ChaincodeMessage execute(TxContext tx, ChaincodeMessage message, Duration timeout) throws ChaincodeException {
        String key = TxContext.key(tx.channelId, tx.txId);
        if (contexts.putIfAbsent(key, tx) != null) {
            throw new ChaincodeException("txid: " + tx.txId + "(" + tx.channelId + ") exists");
        }
        try {
            send(message);
            CompletableFuture<Object> first = CompletableFuture.anyOf(tx.result, ended);
            first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (tx.result.isDone()) {
                return tx.result.join();
            }
            throw new ChaincodeException(ERROR_STREAM_TERMINATED, null, true);
        } catch (TimeoutException e) {
            throw new ChaincodeException(ERROR_EXECUTION_TIMEOUT);
        } catch (ExecutionException e) {
            throw new ChaincodeException(ERROR_STREAM_TERMINATED, e.getCause(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChaincodeException("interrupted while waiting for chaincode " + address.name(), e);
        } finally {
            contexts.remove(key);
            synchronized (tx) {
                tx.closeCursors();
            }
        }
    }

    private void send(ChaincodeMessage message) {
        synchronized (toChaincode) {
            toChaincode.onNext(message);
        }
    }

    @Override
    public void onNext(ChaincodeMessage msg) {
        if (!registered.isDone()) {
            register(msg);
            return;
        }
        switch (msg.getType()) {
            case KEEPALIVE:
                return;
            case COMPLETED:
            case ERROR: {
                TxContext tx = contexts.get(TxContext.key(msg.getChannelId(), msg.getTxid()));
                if (tx == null) {
                    LOG.debug("chaincode {} finished tx {} on channel '{}', which is no longer awaited",
                            address.name(), msg.getTxid(), msg.getChannelId());
                } else {
                    tx.result.complete(msg);
                }
                return;
            }
            case REGISTER:
                fail("chaincode " + address.name() + " sent REGISTER twice");
                return;
            default:
                workers.execute(() -> send(answer(msg)));
        }
    }

    private ChaincodeMessage answer(ChaincodeMessage msg) {
        TxContext tx = contexts.get(TxContext.key(msg.getChannelId(), msg.getTxid()));
        if (tx == null || tx.simulation == null) {
            return ChaincodeRequests.error(msg, "no ledger context");
        }
        return ChaincodeRequests.handle(msg, tx);
    }

    private void register(ChaincodeMessage msg) {
        if (msg.getType() != ChaincodeMessage.Type.REGISTER) {
            fail("chaincode " + address.name() + " sent " + msg.getType() + " before REGISTER");
            return;
        }
        String name;
        try {
            name = ChaincodeID.parseFrom(msg.getPayload()).getName();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            fail("chaincode " + address.name() + " sent a REGISTER without a ChaincodeID: " + e.getMessage());
            return;
        }
        if (name.isEmpty()) {
            fail("error in handling register chaincode, chaincodeID name is empty");
            return;
        }
        send(ChaincodeMessage.newBuilder().setType(ChaincodeMessage.Type.REGISTERED).build());
        send(ChaincodeMessage.newBuilder().setType(ChaincodeMessage.Type.READY)
                .setPayload(RUNTIME_PARAMS.toByteString()).build());
        registered.complete(name);
    }

    private void fail(String reason) {
        LOG.error("{}; closing the stream to {}", reason, address.target());
        registered.completeExceptionally(new ChaincodeException(reason));
        synchronized (toChaincode) {
            toChaincode.onError(io.grpc.Status.FAILED_PRECONDITION.withDescription(reason).asRuntimeException());
        }
        end(reason);
    }

    @Override
    public void onError(Throwable t) {
        if (!registered.isDone() || ended.isDone()) {
            // A connection that never registered is reported by awaitRegistered to whoever waits; one
            // the peer closed itself ends as expected.
            LOG.debug("stream to chaincode {} at {} ended: {}", address.name(), address.target(), t.getMessage());
        } else {
            LOG.warn("stream to chaincode {} at {} failed: {}", address.name(), address.target(), t.getMessage());
        }
        registered.completeExceptionally(t);
        end(t.getMessage());
    }

    @Override
    public void onCompleted() {
        LOG.info("chaincode {} at {} closed its stream", address.name(), address.target());
        registered.completeExceptionally(new ChaincodeException("the chaincode closed the stream"));
        end("the chaincode closed the stream");
    }

    private void end(String reason) {
        ended.complete(reason);
        channel.shutdown();
    }

    /** Ends the stream; transactions still in flight fail with "chaincode stream terminated". */
    void close() {
        if (!ended.isDone()) {
            synchronized (toChaincode) {
                try {
                    toChaincode.onCompleted();
                } catch (IllegalStateException e) {
                    LOG.debug("stream to chaincode {} was already closed: {}", address.name(), e.getMessage());
                }
            }
            end("the peer closed the stream");
        }
        try {
            if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
    }
}
