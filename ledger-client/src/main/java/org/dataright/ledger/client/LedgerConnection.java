package org.dataright.ledger.client;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;

/**
 * The connection factory: one gRPC channel and one long-lived Gateway on it, to one endpoint as one
 * identity, closed in the reverse order. The same in embedded and fabric mode; only the endpoint and
 * its trust material differ.
 */
public final class LedgerConnection implements AutoCloseable {
    /** A query is one peer's answer. */
    public static final Duration EVALUATE_DEADLINE = Duration.ofSeconds(30);
    /** Endorsement may ask several peers, each running the chaincode. */
    public static final Duration ENDORSE_DEADLINE = Duration.ofSeconds(60);
    public static final Duration SUBMIT_DEADLINE = Duration.ofSeconds(30);
    /** Waiting for the block that holds the transaction: ordering plus commit, under load. */
    public static final Duration COMMIT_STATUS_DEADLINE = Duration.ofMinutes(2);
    /** Attempts of an act that loses an MVCC race, each with a new proposal. */
    public static final int SUBMIT_ATTEMPTS = 3;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The largest message the connection accepts: a block (Deliver, qscc) is as large as the channel's
     * AbsoluteMaxBytes allows, up to the 100 MiB Fabric's peers send by default; gRPC's own limit, 4 MiB,
     * would refuse a crowded block for good.
     */
    public static final int MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

    private final LedgerEndpoint endpoint;
    private final ClientIdentity identity;
    private final ManagedChannel channel;
    /** False for a connection made {@link #as} another identity: the channel is the first connection's to close. */
    private final boolean ownsChannel;
    private final Gateway gateway;
    private final Network network;

    private LedgerConnection(LedgerEndpoint endpoint, ClientIdentity identity, ManagedChannel channel, boolean ownsChannel,
            Duration longestWait) {
        this.endpoint = endpoint;
        this.identity = identity;
        this.channel = channel;
        this.ownsChannel = ownsChannel;
        try {
            this.gateway = Gateway.newInstance()
                    .identity(identity.identity())
                    .signer(identity.signer())
                    .hash(Hash.NONE)
                    .connection(channel)
                    .evaluateOptions(o -> o.withDeadlineAfter(millis(EVALUATE_DEADLINE, longestWait), TimeUnit.MILLISECONDS))
                    .endorseOptions(o -> o.withDeadlineAfter(millis(ENDORSE_DEADLINE, longestWait), TimeUnit.MILLISECONDS))
                    .submitOptions(o -> o.withDeadlineAfter(millis(SUBMIT_DEADLINE, longestWait), TimeUnit.MILLISECONDS))
                    .commitStatusOptions(o -> o.withDeadlineAfter(millis(COMMIT_STATUS_DEADLINE, longestWait), TimeUnit.MILLISECONDS))
                    .connect();
        } catch (RuntimeException e) {
            if (ownsChannel) {
                channel.shutdownNow();
            }
            throw e;
        }
        this.network = gateway.getNetwork(endpoint.channel());
    }

    /**
     * Opens the connection; nothing is sent until the first call, so a peer that is down shows as
     * {@link LedgerException.Reason#UNREACHABLE} then.
     *
     * @throws IllegalArgumentException when the endpoint's TLS root is not a usable certificate
     */
    public static LedgerConnection open(LedgerEndpoint endpoint, ClientIdentity identity) {
        return open(endpoint, identity, COMMIT_STATUS_DEADLINE);
    }

    /**
     * As {@link #open(LedgerEndpoint, ClientIdentity)}, with no step waiting longer than {@code longestWait}:
     * for a client that would rather fail fast and try again (a fault test waiting for a network to recover).
     */
    public static LedgerConnection open(LedgerEndpoint endpoint, ClientIdentity identity, Duration longestWait) {
        return new LedgerConnection(endpoint, identity, newChannel(endpoint), true, longestWait);
    }

    private static long millis(Duration deadline, Duration longestWait) {
        return Math.min(deadline.toMillis(), longestWait.toMillis());
    }

    /**
     * Another identity's gateway on this connection's gRPC channel, for a client that acts as many
     * (a benchmark's thousand enterprises). Close it before this one; closing it leaves the channel open.
     */
    public LedgerConnection as(ClientIdentity other) {
        return new LedgerConnection(endpoint, other, channel, false, COMMIT_STATUS_DEADLINE);
    }

    private static ManagedChannel newChannel(LedgerEndpoint endpoint) {
        ChannelCredentials credentials;
        if (endpoint.tlsRootPem() == null) {
            credentials = InsecureChannelCredentials.create();
        } else {
            try {
                credentials = TlsChannelCredentials.newBuilder()
                        .trustManager(new ByteArrayInputStream(endpoint.tlsRootPem().getBytes(StandardCharsets.US_ASCII)))
                        .build();
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("the TLS root certificate for " + endpoint.target()
                        + " cannot be used: " + e.getMessage(), e);
            }
        }
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(endpoint.target(), credentials)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES);
        if (endpoint.hostnameOverride() != null) {
            builder.overrideAuthority(endpoint.hostnameOverride());
        }
        return builder.build();
    }

    public LedgerEndpoint endpoint() {
        return endpoint;
    }

    public ClientIdentity identity() {
        return identity;
    }

    /** The rights contract; an act that loses an MVCC race is tried {@value #SUBMIT_ATTEMPTS} times in all. */
    public RightsContract rights() {
        return rights(SUBMIT_ATTEMPTS);
    }

    /** The rights contract, trying an act that loses an MVCC race {@code attempts} times in all (1: never again). */
    public RightsContract rights(int attempts) {
        return new GatewayRightsContract(network.getContract(endpoint.chaincode()), endpoint, attempts);
    }

    public Qscc qscc() {
        return new Qscc(network.getContract(Qscc.NAME), endpoint);
    }

    /** The channel, for block events and for what the typed clients do not cover (other chaincodes, endorse-only benchmarks). */
    public Network network() {
        return network;
    }

    /** The gateway itself, for tests and benchmarks that call other channels or chaincodes. */
    public Gateway gateway() {
        return gateway;
    }

    /**
     * Makes the next call connect afresh. After failed attempts gRPC fails every call at once until its
     * reconnect backoff, which grows towards two minutes while the endpoint is down, has passed; an idle
     * channel instead connects for the next call and lets it wait for that attempt. A health check that
     * found the endpoint unreachable calls this before its next check, so a restarted peer is seen (and
     * used) at once. Calls under way go on.
     */
    public void reconnectNow() {
        channel.resetConnectBackoff();
        channel.enterIdle();
    }

    /** Closes the Gateway, then the gRPC channel (unless it is another connection's). */
    @Override
    public void close() {
        gateway.close();
        if (!ownsChannel) {
            return;
        }
        channel.shutdown();
        try {
            if (!channel.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
