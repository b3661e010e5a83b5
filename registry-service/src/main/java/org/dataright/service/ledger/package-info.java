/**
 * The ledger connection and the mode switch. {@link org.dataright.service.ledger.LedgerConfiguration} opens
 * the service's one long-lived ledger-client connection and offers its typed clients (the rights contract,
 * qscc) as beans; {@link org.dataright.service.ledger.GatewayTarget} is where it points and as whom: in
 * embedded mode the embedded peer the service starts on loopback
 * ({@link org.dataright.service.ledger.EmbeddedLedgerConfiguration}), in fabric mode a peer named by a
 * connection profile ({@link org.dataright.service.ledger.FabricLedgerConfiguration}), each time with the
 * service's own identity. Everything past the connection is the same code in both modes, the {@code ledger}
 * health component ({@link org.dataright.service.ledger.LedgerHealthIndicator}) too.
 */
package org.dataright.service.ledger;
