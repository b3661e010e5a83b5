/**
 * The ledger: where the gateway is (embedded peer or a Fabric peer from the connection profile), the
 * typed adapter to the {@code rights} contract that signs with the user's own key, and {@code dpr ledger info}.
 */
package org.dataright.cli.ledger;
