/**
 * Queries for the exchange: assets, rights, rights by holder and histories through the rights
 * contract (the ledger client's {@link org.dataright.ledger.client.RightsContract}, evaluate calls), and acts by party and
 * time range from {@link org.dataright.service.query.ActProjection}, a projection built from block
 * events with a persisted checkpoint that survives restarts and is rebuilt from the ledger when its
 * folder is removed.
 */
package org.dataright.service.query;
