package org.dataright.ledger.client;

/**
 * Where the gateway is and which contract to call: the embedded peer that the registry names in its
 * {@link NetworkDescription}, or a Fabric peer from a {@link ConnectionProfile}.
 *
 * @param target {@code host:port} of the peer's gateway service
 * @param tlsRootPem PEM of the peer's TLS root, or null for plaintext (the embedded peer on loopback)
 * @param hostnameOverride the TLS server name to expect instead of the target's host, or null
 * @param channel the channel name
 * @param chaincode the rights contract's chaincode name
 */
public record LedgerEndpoint(String target, String tlsRootPem, String hostnameOverride, String channel, String chaincode) {

    public LedgerEndpoint {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("a ledger endpoint needs host:port");
        }
        hostnameOverride = hostnameOverride == null || hostnameOverride.isBlank() ? null : hostnameOverride;
    }
}
