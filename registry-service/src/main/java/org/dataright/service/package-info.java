/**
 * The registry service application. Features live in their own packages: {@code config} (settings,
 * problem details, request limits), {@code ledger} (the one ledger-client connection and the
 * embedded/fabric mode switch), {@code network} (what clients need to connect: {@code /api/network}), {@code enrollment} (the embedded network's CA and enrollment tokens),
 * {@code certificate} (evidence certificates), {@code query} (queries for the exchange and the act
 * projection), {@code observability} (the console log's format, the domain metrics), {@code openapi} (the OpenAPI
 * document's words) and {@code web} (the
 * verification page).
 */
package org.dataright.service;
