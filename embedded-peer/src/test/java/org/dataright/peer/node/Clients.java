package org.dataright.peer.node;

import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerEndpoint;
import org.hyperledger.fabric.client.Gateway;

/** A fabric-gateway client connection for tests, as every client makes it (ledger-client): one gRPC channel and one Gateway. */
public final class Clients implements AutoCloseable {
    private final LedgerConnection connection;

    private Clients(LedgerConnection connection) {
        this.connection = connection;
    }

    /** Plaintext on loopback; the tests pick their channel and chaincode from {@link #gateway()}. */
    public static Clients connect(String endpoint, SigningIdentity identity) {
        LedgerEndpoint target = new LedgerEndpoint(endpoint, null, null, PeerConfig.DEFAULT_CHANNEL, "testcc");
        return new Clients(LedgerConnection.open(target,
                new ClientIdentity(identity.mspId(), identity.certificate(), identity.privateKey())));
    }

    public Gateway gateway() {
        return connection.gateway();
    }

    @Override
    public void close() {
        connection.close();
    }
}
