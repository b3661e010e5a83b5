package org.dataright.peer.chaincode;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs transactions of one chaincode through the shim protocol, as Fabric's chaincode support does
 * for a chaincode-as-a-service: it dials the chaincode's server, keeps one stream open (reconnecting
 * when it breaks), and turns the chaincode's final message into an {@link ExecutionResult} or an
 * error with Fabric's text. Thread-safe; transactions run concurrently on the one stream.
 */
public final class ChaincodeSupport implements AutoCloseable {
    /** shim.ERRORTHRESHOLD: a chaincode status from which the transaction failed. */
    private static final int ERROR_THRESHOLD = 400;
    private static final Logger LOG = LoggerFactory.getLogger(ChaincodeSupport.class);
    /** How long a chaincode server gets to answer a new connection with REGISTER. */
    private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

    private final ChaincodeAddress address;
    private final Duration executeTimeout;
    private final ExecutorService workers;
    private ChaincodeStream stream;
    private boolean closed;

    /**
     * @param executeTimeout how long one transaction may run (Fabric's {@code chaincode.executetimeout}, 30s by default)
     */
    public ChaincodeSupport(ChaincodeAddress address, Duration executeTimeout) {
        this.address = address;
        this.executeTimeout = executeTimeout;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chaincode-" + address.name() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public ChaincodeAddress address() {
        return address;
    }

    /**
     * Connects, retrying until the chaincode has registered or {@code timeout} has passed: for a
     * chaincode server that is still starting.
     */
    public void awaitReady(Duration timeout) throws ChaincodeException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                openStream();
                return;
            } catch (ChaincodeException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new ChaincodeException("chaincode " + address.name() + " at " + address.target()
                            + " was not ready within " + timeout + ": " + e.getMessage(), e);
                }
                LOG.debug("chaincode {} not ready yet: {}", address.name(), e.getMessage());
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ChaincodeException("interrupted while waiting for chaincode " + address.name(), ie);
                }
            }
        }
    }

    private synchronized ChaincodeStream openStream() throws ChaincodeException {
        if (closed) {
            throw new ChaincodeException("chaincode support for " + address.name() + " is closed");
        }
        if (stream == null || !stream.isOpen()) {
            if (stream != null) {
                stream.close();
            }
            stream = ChaincodeStream.connect(address, workers);
            try {
                stream.awaitRegistered(REGISTER_TIMEOUT);
            } catch (ChaincodeException e) {
                stream.close();
                stream = null;
                throw e;
            }
        }
        return stream;
    }

    /**
     * The package id the chaincode registered with ({@code CORE_CHAINCODE_ID_NAME} in its environment),
     * connecting to it if no stream is open.
     *
     * @throws ChaincodeException when it cannot be reached
     */
    public String packageId() throws ChaincodeException {
        return openStream().registeredId().orElseThrow(() ->
                new ChaincodeException("chaincode " + address.name() + " has not registered"));
    }

    /**
     * Runs one transaction: sends TRANSACTION with the proposal and input, answers the chaincode's
     * requests from {@code simulation}, and returns what it completed with.
     *
     * @throws ChaincodeException with Fabric's text ("transaction returned with failure: …", "failed
     *     to execute transaction …: error sending: timeout expired while executing transaction", …)
     */
    public ExecutionResult execute(String channelId, String txId, SignedProposal proposal, ChaincodeInput input,
            Simulation simulation) throws ChaincodeException {
        ChaincodeStream s;
        try {
            s = openStream();
        } catch (ChaincodeException e) {
            throw new ChaincodeException("failed to execute transaction " + txId + ": could not launch chaincode "
                    + address.name() + ": " + e.getMessage(), e);
        }
        ChaincodeMessage tx = ChaincodeMessage.newBuilder()
                .setType(ChaincodeMessage.Type.TRANSACTION)
                .setPayload(input.toByteString())
                .setTxid(txId)
                .setChannelId(channelId)
                .setProposal(proposal)
                .build();
        ChaincodeMessage reply;
        TxContext context = new TxContext(channelId, txId, simulation);
        try {
            reply = s.execute(context, tx, executeTimeout);
        } catch (ChaincodeException e) {
            throw new ChaincodeException("failed to execute transaction " + txId + ": error sending: " + e.getMessage(), e);
        }
        Optional<String> unsupported = context.unsupported();
        if (unsupported.isEmpty()) {
            return result(txId, reply);
        }
        ExecutionResult result;
        try {
            result = result(txId, reply);
        } catch (ChaincodeException e) {
            throw new ChaincodeException(unsupported.get() + " (the chaincode then failed: " + e.getMessage() + ")", e);
        }
        return failedForUnsupported(result, unsupported.get());
    }

    /**
     * A chaincode that asked for an unsupported feature and then failed gets the peer's sentence in front of
     * its message (shims may drop the peer's text); one that coped with the refusal keeps its response.
     */
    private static ExecutionResult failedForUnsupported(ExecutionResult result, String unsupported) {
        if (result.response().getStatus() < ERROR_THRESHOLD) {
            return result;
        }
        Response response = result.response().toBuilder()
                .setMessage(unsupported + " (the chaincode answered: " + result.response().getMessage() + ")").build();
        return new ExecutionResult(response, result.event());
    }

    /** Fabric's processChaincodeExecutionResult. */
    private ExecutionResult result(String txId, ChaincodeMessage reply) throws ChaincodeException {
        Optional<ChaincodeEvent> event = reply.hasChaincodeEvent()
                ? Optional.of(reply.getChaincodeEvent().toBuilder().setChaincodeId(address.name()).setTxId(txId).build())
                : Optional.empty();
        switch (reply.getType()) {
            case COMPLETED:
                try {
                    return new ExecutionResult(Response.parseFrom(reply.getPayload()), event);
                } catch (InvalidProtocolBufferException e) {
                    throw new ChaincodeException("failed to unmarshal response for transaction " + txId + ": " + e.getMessage(), e);
                }
            case ERROR:
                throw new ChaincodeException("transaction returned with failure: " + reply.getPayload().toStringUtf8());
            default:
                throw new ChaincodeException("unexpected response type " + reply.getType().getNumber() + " for transaction " + txId);
        }
    }

    @Override
    public void close() {
        ChaincodeStream s;
        synchronized (this) {
            closed = true;
            s = stream;
            stream = null;
        }
        if (s != null) {
            s.close();
        }
        workers.shutdownNow();
    }
}
