package org.dataright.service.ledger;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's one long-lived fabric-gateway connection: one gRPC channel and one Gateway on it,
 * closed in that order reversed. Identical in both modes; only the {@link GatewayTarget} differs.
 */
public final class LedgerConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LedgerConnection.class);
    public static final Duration EVALUATE_DEADLINE = Duration.ofSeconds(15);
    public static final Duration ENDORSE_DEADLINE = Duration.ofSeconds(30);
    public static final Duration SUBMIT_DEADLINE = Duration.ofSeconds(10);
    public static final Duration COMMIT_STATUS_DEADLINE = Duration.ofMinutes(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Fabric's query system chaincode. */
    public static final String QSCC = "qscc";

    private final GatewayTarget target;
    private final ManagedChannel channel;
    private final Gateway gateway;
    private final Network network;
    private final Contract contract;
    private final Contract qscc;

    public LedgerConnection(GatewayTarget target, String channelName, String chaincodeName) {
        this.target = target;
        this.channel = newChannel(target);
        try {
            this.gateway = Gateway.newInstance()
                    .identity(new X509Identity(target.mspId(), target.certificate()))
                    // The whole message goes to the signer, which hashes and signs low-S as Fabric requires
                    // (and several times faster than fabric-gateway's JDK signer).
                    .signer(message -> LowSEcdsa.sign(target.privateKey(), message))
                    .hash(Hash.NONE)
                    .connection(channel)
                    .evaluateOptions(options -> options.withDeadlineAfter(EVALUATE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                    .endorseOptions(options -> options.withDeadlineAfter(ENDORSE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                    .submitOptions(options -> options.withDeadlineAfter(SUBMIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                    .commitStatusOptions(options -> options.withDeadlineAfter(COMMIT_STATUS_DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                    .connect();
        } catch (RuntimeException e) {
            channel.shutdownNow();
            throw e;
        }
        this.network = gateway.getNetwork(channelName);
        this.contract = network.getContract(chaincodeName);
        this.qscc = network.getContract(QSCC);
        log.info("connected to the gateway at {} on channel {} as {}::{}", target.endpoint(), channelName, target.mspId(),
                target.certificate().getSubjectX500Principal().getName());
    }

    private static ManagedChannel newChannel(GatewayTarget target) {
        ChannelCredentials credentials;
        if (target.tlsRootCertificate() == null) {
            credentials = InsecureChannelCredentials.create();
        } else {
            try {
                credentials = TlsChannelCredentials.newBuilder()
                        .trustManager(new ByteArrayInputStream(target.tlsRootCertificate().getBytes(StandardCharsets.US_ASCII)))
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the peer's TLS root certificate: " + e.getMessage(), e);
            }
        }
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(target.endpoint(), credentials);
        if (target.hostnameOverride() != null && !target.hostnameOverride().isBlank()) {
            builder.overrideAuthority(target.hostnameOverride());
        }
        return builder.build();
    }

    public GatewayTarget target() {
        return target;
    }

    public Network network() {
        return network;
    }

    /** The rights contract. */
    public Contract contract() {
        return contract;
    }

    /** Fabric's query system chaincode on this channel. */
    public Contract qscc() {
        return qscc;
    }

    /** Closes the Gateway, then the gRPC channel. */
    @Override
    public void close() {
        gateway.close();
        channel.shutdown();
        try {
            if (!channel.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("closed the gateway connection to {}", target.endpoint());
    }
}
