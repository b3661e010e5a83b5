/**
 * The one fabric-gateway client of the rights contract. {@link org.dataright.ledger.client.LedgerConnection}
 * opens one gRPC channel and one Gateway to a {@link org.dataright.ledger.client.LedgerEndpoint} (read from a
 * {@link org.dataright.ledger.client.ConnectionProfile} or from the registry's
 * {@link org.dataright.ledger.client.NetworkDescription}) as a {@link org.dataright.ledger.client.ClientIdentity};
 * {@link org.dataright.ledger.client.RightsContract} is the typed client of the contract and
 * {@link org.dataright.ledger.client.Qscc} of Fabric's query system chaincode; {@link org.dataright.ledger.client.Parties}
 * resolves the names people give parties through the ledger's participant directory. Every failure is a
 * {@link org.dataright.ledger.client.LedgerException} with a {@link org.dataright.ledger.client.LedgerException.Reason};
 * a chaincode refusal keeps the contract's {@code CODE: sentence} ({@link org.dataright.ledger.client.ChaincodeError}).
 */
package org.dataright.ledger.client;
