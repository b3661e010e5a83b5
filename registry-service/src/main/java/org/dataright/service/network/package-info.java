/**
 * What a client needs to reach and check the network: {@code GET /api/network} (the gateway endpoint,
 * channel, chaincode, CA roots and trust bundle, as the ledger client's
 * {@link org.dataright.ledger.client.NetworkDescription}) and {@code GET /api/ledger} (height and head).
 */
package org.dataright.service.network;
