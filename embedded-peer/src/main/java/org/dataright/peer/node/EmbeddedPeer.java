package org.dataright.peer.node;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dataright.fabric.config.ChannelConfig;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.Organization;
import org.dataright.fabric.policy.EndorsementPolicy;
import org.dataright.peer.chaincode.ChaincodeAddress;
import org.dataright.peer.chaincode.ChaincodeException;
import org.dataright.peer.chaincode.ChaincodeSupport;
import org.dataright.peer.gateway.BroadcastService;
import org.dataright.peer.gateway.CommitNotifier;
import org.dataright.peer.gateway.DeliverService;
import org.dataright.peer.gateway.Endorser;
import org.dataright.peer.gateway.EndorserService;
import org.dataright.peer.gateway.GatewayService;
import org.dataright.peer.gateway.Orderer;
import org.dataright.peer.gateway.TimeWindow;
import org.dataright.peer.ledger.Ledger;
import org.dataright.peer.ledger.LedgerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-node Fabric network in this JVM: a peer and a solo orderer on one channel, serving Fabric's
 * Gateway, Endorser and Deliver services and the orderer's Broadcast on one port, running chaincode
 * through the shim protocol.
 *
 * <pre>{@code
 * try (EmbeddedPeer peer = EmbeddedPeer.start(PeerConfig.builder(dataDir)
 *         .chaincode(ChaincodeAddress.of("registry", "127.0.0.1", 9999)).build())) {
 *     // point fabric-gateway at peer.endpoint(), trusting peer.identities().organizationCa()
 * }
 * }</pre>
 *
 * On first start it makes the identities (or takes the given ones) and block 0 of the channel; the
 * channel's organisations are the peer's ({@code OU=peer} endorses; the endorsement policy is
 * {@code OR('<msp>.peer')}), the orderer's, and any client organisations given; later starts reopen
 * the ledger, whose block 0 fixes them.
 */
public final class EmbeddedPeer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPeer.class);
    private static final Duration LAUNCH_POLL = Duration.ofSeconds(2);

    private final PeerConfig config;
    private final PeerIdentities identities;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Ledger ledger;
    private Server server;
    private String endpoint;

    private EmbeddedPeer(PeerConfig config, PeerIdentities identities) {
        this.config = config;
        this.identities = identities;
    }

    /**
     * Starts the peer; returns when it listens and every launched chaincode jar has registered.
     *
     * @throws IOException when the data directory, the identities, a chaincode jar or the port cannot be used
     */
    public static EmbeddedPeer start(PeerConfig config) throws IOException {
        PeerIdentities ids = config.identities() != null ? config.identities()
                : PeerIdentities.loadOrGenerate(config.dataDir().resolve("crypto"), config.mspId(), config.ordererMspId());
        EmbeddedPeer peer = new EmbeddedPeer(config, ids);
        try {
            peer.run();
            return peer;
        } catch (IOException | RuntimeException e) {
            peer.close();
            throw e;
        }
    }

    private void run() throws IOException {
        int port = config.port() != 0 ? config.port() : freePort(config.host());
        endpoint = config.host() + ":" + port;
        // A chaincode JVM takes seconds to start: it starts while the ledger opens (or is rebuilt).
        List<ChaincodeLauncher> launchers = new ArrayList<>();
        for (PeerConfig.ChaincodeJar jar : config.chaincodeJars()) {
            ChaincodeLauncher launcher = ChaincodeLauncher.launch(jar.name(), jar.jar(), config.dataDir().resolve("logs"),
                    config.mspId());
            resources.add(launcher);
            launchers.add(launcher);
        }
        ledger = Ledger.open(LedgerOptions.of(config.dataDir().resolve("ledger"), identities.orderer())
                .withGenesis(channelConfig())
                .withClock(config.clock()));
        resources.add(ledger);

        Map<String, ChaincodeSupport> chaincodes = new LinkedHashMap<>();
        for (ChaincodeAddress address : config.chaincodes()) {
            chaincodes.put(address.name(), support(address));
        }
        for (ChaincodeLauncher launcher : launchers) {
            ChaincodeSupport support = support(launcher.address());
            awaitLaunched(launcher, support);
            chaincodes.put(launcher.address().name(), support);
        }

        CommitNotifier notifier = new CommitNotifier(ledger);
        ledger.addCommitListener(notifier);
        Orderer orderer = new Orderer(ledger, config.maxMessageCount(), config.batchTimeout());
        resources.add(orderer);
        TimeWindow transactionTime = new TimeWindow(config.proposalTimeWindow(), config.clock());
        Endorser endorser = new Endorser(ledger, identities.peer(), chaincodes, transactionTime);
        AtomicInteger n = new AtomicInteger();
        ExecutorService deliverers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "deliver-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        resources.add(deliverers::shutdownNow);

        server = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), port), credentials())
                .addService(new GatewayService(ledger, endorser, orderer, notifier, endpoint, config.mspId(), transactionTime))
                .addService(new EndorserService(endorser))
                .addService(new BroadcastService(ledger, orderer, transactionTime))
                .addService(ServerInterceptors.intercept(
                        new DeliverService(ledger, notifier, deliverers, config.clock(), config.deliverStreamsPerClient()),
                        DeliverService.clientAddresses()))
                .build()
                .start();
        LOG.info("embedded peer of {} serving channel {} on {} ({}), chaincodes {}", config.mspId(), ledger.channelId(),
                endpoint, config.tlsCertificate() == null ? "plaintext" : "TLS", chaincodes.keySet());
    }

    private ChaincodeSupport support(ChaincodeAddress address) {
        ChaincodeSupport support = new ChaincodeSupport(address, config.executeTimeout());
        resources.add(support);
        return support;
    }

    /** Waits for a launched chaincode to register, failing early (with its log) when the process dies. */
    private void awaitLaunched(ChaincodeLauncher launcher, ChaincodeSupport support) throws IOException {
        Instant deadline = Instant.now().plus(config.chaincodeStartTimeout());
        ChaincodeException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!launcher.isAlive()) {
                throw new IOException("chaincode " + support.address().name() + " exited with code " + launcher.exitValue()
                        + " before it registered; see " + launcher.log());
            }
            try {
                support.awaitReady(LAUNCH_POLL);
                return;
            } catch (ChaincodeException e) {
                last = e;
            }
        }
        throw new IOException("chaincode " + support.address().name() + " did not register within "
                + config.chaincodeStartTimeout() + "; see " + launcher.log(), last);
    }

    private ChannelConfig channelConfig() {
        List<Organization> orgs = new ArrayList<>();
        orgs.add(Organization.of(config.mspId(), identities.organizationCa().certificate()));
        orgs.add(Organization.of(config.ordererMspId(), identities.ordererCa().certificate()));
        orgs.addAll(config.clientOrganizations());
        ChannelMembership membership = new ChannelMembership(orgs, Set.of(config.ordererMspId()));
        EndorsementPolicy policy = EndorsementPolicy.parse("OR('" + config.mspId() + ".peer')");
        return new ChannelConfig(config.channelId(), membership, policy, List.of(endpoint));
    }

    private ServerCredentials credentials() throws IOException {
        if (config.tlsCertificate() == null) {
            return InsecureServerCredentials.create();
        }
        return TlsServerCredentials.create(config.tlsCertificate().toFile(), config.tlsKey().toFile());
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    /** Where clients connect: {@code host:port}. */
    public String endpoint() {
        return endpoint;
    }

    public int port() {
        return server.getPort();
    }

    public String channelId() {
        return ledger.channelId();
    }

    public PeerConfig config() {
        return config;
    }

    public PeerIdentities identities() {
        return identities;
    }

    /** The ledger, for reads and checks (commits go through the Gateway). */
    public Ledger ledger() {
        return ledger;
    }

    /** Stops serving, commits what was already submitted, stops chaincodes, closes the ledger. */
    @Override
    public void close() {
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", resources.get(i), e);
            }
        }
        resources.clear();
    }
}
