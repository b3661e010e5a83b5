/**
 * The ledger as dpr reaches it: {@link org.dataright.cli.ledger.ProfileLedger} finds the profile's gateway
 * (the embedded peer the registry names, or a Fabric peer from the connection profile) and connects with
 * the ledger client as the user's own key; {@link org.dataright.cli.ledger.LedgerErrors} turns ledger
 * failures into dpr's errors and next steps; {@code dpr ledger info}.
 */
package org.dataright.cli.ledger;
