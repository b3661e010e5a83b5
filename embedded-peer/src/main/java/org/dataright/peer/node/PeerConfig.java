package org.dataright.peer.node;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dataright.fabric.msp.Organization;
import org.dataright.peer.chaincode.ChaincodeAddress;

/**
 * How to run an embedded peer. Build with {@link #builder(Path)}; every setting but the data
 * directory has a default: loopback {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT} in plaintext,
 * channel {@value #DEFAULT_CHANNEL}, organisations {@value #DEFAULT_MSP_ID} and
 * {@value #DEFAULT_ORDERER_MSP_ID}, blocks of at most {@value #DEFAULT_BATCH_SIZE} transactions or
 * {@value #DEFAULT_BATCH_TIMEOUT_MS} ms, 30 s per chaincode
 * transaction, 120 s for a launched chaincode jar to register, proposals and transactions dated within
 * {@value #DEFAULT_PROPOSAL_TIME_WINDOW_S} s of the peer's clock, at most {@value #DEFAULT_DELIVER_STREAMS_PER_CLIENT}
 * Deliver streams per client address, identities made on first start and kept in {@code <data>/crypto}.
 */
public final class PeerConfig {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7051;
    public static final String DEFAULT_CHANNEL = "registry";
    public static final String DEFAULT_MSP_ID = "RegistryMSP";
    public static final String DEFAULT_ORDERER_MSP_ID = "OrdererMSP";
    /** Fabric's sample MaxMessageCount: under load a block takes everything that queued meanwhile. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /**
     * Short, unlike Fabric's 2 s sample, because one node orders and commits: a lone act waits this
     * long for company before its block is cut, and that wait is most of its commit latency.
     */
    public static final int DEFAULT_BATCH_TIMEOUT_MS = 20;
    /**
     * The chaincode takes "now" from a proposal's timestamp, so this bounds how far a client can move a
     * deadline (an offer's expiry, a publicity period) or back-date an act: wide enough for clocks kept by
     * NTP and a slow round trip, narrow against a client that writes any time it likes.
     */
    public static final int DEFAULT_PROPOSAL_TIME_WINDOW_S = 60;
    /** Each Deliver stream costs the peer a little memory and a commit listener; a client needs a few. */
    public static final int DEFAULT_DELIVER_STREAMS_PER_CLIENT = 16;

    /** A chaincode jar the peer starts as a chaincode-as-a-service child process under {@code name}. */
    public record ChaincodeJar(String name, Path jar) {
    }

    private final Path dataDir;
    private final String host;
    private final int port;
    private final String channelId;
    private final String mspId;
    private final String ordererMspId;
    private final List<ChaincodeAddress> chaincodes;
    private final List<ChaincodeJar> chaincodeJars;
    private final Path tlsCertificate;
    private final Path tlsKey;
    private final int maxMessageCount;
    private final Duration batchTimeout;
    private final Duration executeTimeout;
    private final Duration chaincodeStartTimeout;
    private final Duration proposalTimeWindow;
    private final int deliverStreamsPerClient;
    private final PeerIdentities identities;
    private final List<Organization> clientOrganizations;
    private final Clock clock;

    private PeerConfig(Builder b) {
        if (b.dataDir == null) {
            throw new IllegalArgumentException("the peer needs a data directory");
        }
        if ((b.tlsCertificate == null) != (b.tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a key");
        }
        if (b.port < 0 || b.port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535 (0: any free port), not " + b.port);
        }
        if (b.proposalTimeWindow.isNegative() || b.proposalTimeWindow.isZero()) {
            throw new IllegalArgumentException("the proposal time window must be positive, not " + b.proposalTimeWindow);
        }
        if (b.deliverStreamsPerClient < 1) {
            throw new IllegalArgumentException("a client must be allowed at least one Deliver stream, not " + b.deliverStreamsPerClient);
        }
        this.dataDir = b.dataDir;
        this.host = b.host;
        this.port = b.port;
        this.channelId = b.channelId;
        this.mspId = b.mspId;
        this.ordererMspId = b.ordererMspId;
        this.chaincodes = List.copyOf(b.chaincodes);
        this.chaincodeJars = List.copyOf(b.chaincodeJars);
        this.tlsCertificate = b.tlsCertificate;
        this.tlsKey = b.tlsKey;
        this.maxMessageCount = b.maxMessageCount;
        this.batchTimeout = b.batchTimeout;
        this.executeTimeout = b.executeTimeout;
        this.chaincodeStartTimeout = b.chaincodeStartTimeout;
        this.proposalTimeWindow = b.proposalTimeWindow;
        this.deliverStreamsPerClient = b.deliverStreamsPerClient;
        this.identities = b.identities;
        this.clientOrganizations = List.copyOf(b.clientOrganizations);
        this.clock = b.clock;
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public Path dataDir() {
        return dataDir;
    }

    public String host() {
        return host;
    }

    /** 0 means any free port. */
    public int port() {
        return port;
    }

    public String channelId() {
        return channelId;
    }

    public String mspId() {
        return mspId;
    }

    public String ordererMspId() {
        return ordererMspId;
    }

    public List<ChaincodeAddress> chaincodes() {
        return chaincodes;
    }

    public List<ChaincodeJar> chaincodeJars() {
        return chaincodeJars;
    }

    /** The TLS server certificate (PEM chain), or null for plaintext. */
    public Path tlsCertificate() {
        return tlsCertificate;
    }

    /** The TLS private key (PKCS#8 PEM), or null for plaintext. */
    public Path tlsKey() {
        return tlsKey;
    }

    public int maxMessageCount() {
        return maxMessageCount;
    }

    public Duration batchTimeout() {
        return batchTimeout;
    }

    public Duration executeTimeout() {
        return executeTimeout;
    }

    public Duration chaincodeStartTimeout() {
        return chaincodeStartTimeout;
    }

    /** How far a proposal's (and a submitted transaction's) timestamp may be from the peer's clock, either way. */
    public Duration proposalTimeWindow() {
        return proposalTimeWindow;
    }

    /** How many Deliver streams one client address may have open at once. */
    public int deliverStreamsPerClient() {
        return deliverStreamsPerClient;
    }

    /** The identities to use, or null to load them from (or make them in) {@code <data>/crypto}. */
    public PeerIdentities identities() {
        return identities;
    }

    /** Further organisations whose clients may transact (their CA roots), besides the peer's own. */
    public List<Organization> clientOrganizations() {
        return clientOrganizations;
    }

    public Clock clock() {
        return clock;
    }

    public static final class Builder {
        private final Path dataDir;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String channelId = DEFAULT_CHANNEL;
        private String mspId = DEFAULT_MSP_ID;
        private String ordererMspId = DEFAULT_ORDERER_MSP_ID;
        private final List<ChaincodeAddress> chaincodes = new ArrayList<>();
        private final List<ChaincodeJar> chaincodeJars = new ArrayList<>();
        private Path tlsCertificate;
        private Path tlsKey;
        private int maxMessageCount = DEFAULT_BATCH_SIZE;
        private Duration batchTimeout = Duration.ofMillis(DEFAULT_BATCH_TIMEOUT_MS);
        private Duration executeTimeout = Duration.ofSeconds(30);
        private Duration chaincodeStartTimeout = Duration.ofSeconds(120);
        private Duration proposalTimeWindow = Duration.ofSeconds(DEFAULT_PROPOSAL_TIME_WINDOW_S);
        private int deliverStreamsPerClient = DEFAULT_DELIVER_STREAMS_PER_CLIENT;
        private PeerIdentities identities;
        private final List<Organization> clientOrganizations = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder channel(String value) {
            channelId = value;
            return this;
        }

        public Builder mspIds(String organization, String orderer) {
            mspId = organization;
            ordererMspId = orderer;
            return this;
        }

        /** A chaincode-as-a-service server to connect to. */
        public Builder chaincode(ChaincodeAddress address) {
            chaincodes.add(address);
            return this;
        }

        /** A chaincode jar to launch as a chaincode-as-a-service child process. */
        public Builder chaincodeJar(String name, Path jar) {
            chaincodeJars.add(new ChaincodeJar(name, jar));
            return this;
        }

        public Builder tls(Path certificate, Path key) {
            tlsCertificate = certificate;
            tlsKey = key;
            return this;
        }

        public Builder blockCutting(int maxTransactions, Duration timeout) {
            maxMessageCount = maxTransactions;
            batchTimeout = timeout;
            return this;
        }

        public Builder executeTimeout(Duration value) {
            executeTimeout = value;
            return this;
        }

        public Builder chaincodeStartTimeout(Duration value) {
            chaincodeStartTimeout = value;
            return this;
        }

        public Builder proposalTimeWindow(Duration value) {
            proposalTimeWindow = value;
            return this;
        }

        public Builder deliverStreamsPerClient(int value) {
            deliverStreamsPerClient = value;
            return this;
        }

        public Builder identities(PeerIdentities value) {
            identities = value;
            return this;
        }

        public Builder clientOrganization(Organization organization) {
            clientOrganizations.add(organization);
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public PeerConfig build() {
            return new PeerConfig(this);
        }
    }
}
