package org.dataright.cli.ledger;

import java.io.IOException;
import org.dataright.cli.CliException;
import org.dataright.cli.profile.Profile;
import org.dataright.cli.service.NetworkCache;
import org.dataright.cli.service.NetworkInfo;

/**
 * Where the gateway is: the embedded peer the registry names in {@code /api/network} (embedded mode),
 * or the client organisation's peer in the connection profile (fabric mode).
 */
public record LedgerEndpoint(String target, String tlsRootPem, String authorityOverride, String channel,
        String chaincode) {

    public static LedgerEndpoint of(Profile profile) {
        if (profile.mode() == Profile.Mode.EMBEDDED) {
            NetworkInfo info = NetworkCache.loadOrFetch(profile);
            return new LedgerEndpoint(info.gatewayEndpoint(), info.tlsRootCertificate(), null, info.channel(),
                    info.chaincode());
        }
        try {
            ConnectionProfile cp = ConnectionProfile.read(profile.connectionProfile().orElseThrow(() ->
                    new IOException("the profile has no connection profile")));
            return new LedgerEndpoint(cp.endpoint(), cp.tls() ? cp.tlsRootPem() : null, cp.hostnameOverride(),
                    profile.channel(), profile.chaincode());
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.usage("CONNECTION_PROFILE_INVALID", "the connection profile of profile '"
                    + profile.name() + "' cannot be used: " + e.getMessage(),
                    "run 'dpr init --profile " + profile.name() + " --force --fabric …' with a valid one");
        }
    }
}
