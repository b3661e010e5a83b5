package org.dataright.cli.e2e;

import org.dataright.cli.Cli;
import org.dataright.cli.identity.IdentityStore;
import org.dataright.cli.ledger.ProfileLedger;
import org.dataright.cli.profile.Profile;
import org.dataright.cli.profile.ProfileStore;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerException;
import org.dataright.ledger.client.RightsContract;

/**
 * The rights contract as one dpr profile's identity (its key, the endpoint the registry names), for
 * what dpr has no command for: the registrar's {@code configureRegistry} and {@code reviewAct}, and
 * reading acts, objections and the registry configuration.
 */
final class ContractClient implements AutoCloseable {
    private final LedgerConnection connection;

    ContractClient(Cli cli, String profileName) {
        Profile profile = new ProfileStore(cli.configDir()).load(profileName);
        connection = LedgerConnection.open(ProfileLedger.endpoint(profile), IdentityStore.load(profile).clientIdentity());
    }

    RightsContract rights() {
        return connection.rights();
    }

    /** The channel, for proposals endorsed here and ordered by the test itself. */
    org.hyperledger.fabric.client.Network network() {
        return connection.network();
    }

    org.hyperledger.fabric.client.Gateway gateway() {
        return connection.gateway();
    }

    /** What the peers said when refusing, as the chaincode wrote it for its own refusals. */
    static String refusal(LedgerException e) {
        return e.code() + ": " + e.getMessage();
    }

    @Override
    public void close() {
        connection.close();
    }
}
