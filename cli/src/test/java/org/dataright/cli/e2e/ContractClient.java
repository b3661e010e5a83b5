package org.dataright.cli.e2e;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.concurrent.TimeUnit;
import org.dataright.cli.Cli;
import org.dataright.cli.identity.IdentityStore;
import org.dataright.cli.identity.StoredIdentity;
import org.dataright.cli.ledger.LedgerEndpoint;
import org.dataright.cli.profile.Profile;
import org.dataright.cli.profile.ProfileStore;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * The rights contract through fabric-gateway as one dpr profile's identity (its key, the endpoint the
 * registry names), for what dpr has no command for: the registrar's {@code configureRegistry} and
 * {@code reviewAct}, and reading acts, objections and the registry configuration.
 */
final class ContractClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final Gateway gateway;
    private final Contract contract;

    ContractClient(Cli cli, String profileName) {
        Profile profile = new ProfileStore(cli.configDir()).load(profileName);
        StoredIdentity identity = IdentityStore.load(profile);
        PrivateKey key = identity.privateKey();
        LedgerEndpoint endpoint = LedgerEndpoint.of(profile);
        // Embedded mode: the peer's gateway is plaintext on loopback (docs/API.md, GET /api/network).
        channel = Grpc.newChannelBuilder(endpoint.target(), InsecureChannelCredentials.create()).build();
        gateway = Gateway.newInstance().identity(new X509Identity(identity.mspId(), identity.certificate()))
                .hash(Hash.NONE).signer(message -> LowSEcdsa.sign(key, message)).connection(channel).connect();
        contract = gateway.getNetwork(endpoint.channel()).getContract(endpoint.chaincode());
    }

    /** Submits and waits for the commit; the chaincode's answer. */
    String submit(String function, String... args) throws GatewayException, CommitException {
        return new String(contract.submitTransaction(function, args), StandardCharsets.UTF_8);
    }

    String evaluate(String function, String... args) throws GatewayException {
        return new String(contract.evaluateTransaction(function, args), StandardCharsets.UTF_8);
    }

    /** What the peers said when refusing: the gateway's status and every endorser's message. */
    static String refusal(GatewayException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getStatus().getDescription()));
        for (ErrorDetail detail : e.getDetails()) {
            text.append("; ").append(detail.getMspId()).append(": ").append(detail.getMessage());
        }
        return text.toString();
    }

    @Override
    public void close() {
        gateway.close();
        try {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
