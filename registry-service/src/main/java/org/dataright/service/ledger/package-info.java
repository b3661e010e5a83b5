/**
 * The ledger connection and the mode switch. {@link org.dataright.service.ledger.LedgerConnection} is
 * the one long-lived fabric-gateway connection (one gRPC channel, one Gateway, closed in order);
 * {@link org.dataright.service.ledger.GatewayTarget} is where it points: in embedded mode the embedded
 * peer the service starts on loopback ({@link org.dataright.service.ledger.EmbeddedLedgerConfiguration}),
 * in fabric mode a peer named by a connection profile, each time with the service's own identity. Everything past the connection is the same
 * code in both modes; {@link org.dataright.service.ledger.Ledgers} hands the connection to the
 * features and turns gateway errors into problems, {@link org.dataright.service.ledger.Qscc} asks
 * Fabric's query system chaincode.
 */
package org.dataright.service.ledger;
