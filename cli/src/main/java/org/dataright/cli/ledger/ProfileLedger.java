package org.dataright.cli.ledger;

import java.io.IOException;
import java.util.function.Function;
import org.dataright.cli.base.CliException;
import org.dataright.cli.identity.IdentityStore;
import org.dataright.cli.profile.Profile;
import org.dataright.cli.service.NetworkCache;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.ConnectionProfile;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerEndpoint;
import org.dataright.ledger.client.LedgerException;

/**
 * The ledger as a profile reaches it, signing with the user's own key: the embedded peer the registry
 * names in {@code /api/network} (embedded mode), or the client organisation's peer in the connection
 * profile (fabric mode).
 */
public final class ProfileLedger {
    private ProfileLedger() {
    }

    /** Where the profile's gateway is. */
    public static LedgerEndpoint endpoint(Profile profile) {
        if (profile.mode() == Profile.Mode.EMBEDDED) {
            return NetworkCache.loadOrFetch(profile).ledgerEndpoint();
        }
        try {
            ConnectionProfile connection = ConnectionProfile.read(profile.connectionProfile().orElseThrow(() ->
                    new IOException("the profile has no connection profile")));
            return connection.endpoint(null, null, profile.channel(), profile.chaincode());
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.usage("CONNECTION_PROFILE_INVALID", "the connection profile of profile '"
                    + profile.name() + "' cannot be used: " + e.getMessage(),
                    "run 'dpr init --profile " + profile.name() + " --force --fabric …' with a valid one");
        }
    }

    /**
     * Runs {@code work} on a connection as the profile's identity, then closes it. Setup problems (no
     * identity, an unreadable key) are reported before any connection; ledger failures become dpr's errors.
     */
    public static <T> T call(Profile profile, Function<LedgerConnection, T> work) {
        ClientIdentity identity = IdentityStore.load(profile).clientIdentity();
        LedgerEndpoint endpoint = endpoint(profile);
        LedgerConnection connection;
        try {
            connection = LedgerConnection.open(endpoint, identity);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("TLS_ROOT_INVALID", e.getMessage(), "check the connection profile's tlsCACerts");
        }
        try (connection) {
            return work.apply(connection);
        } catch (LedgerException e) {
            throw LedgerErrors.of(e, profile, endpoint);
        }
    }
}
