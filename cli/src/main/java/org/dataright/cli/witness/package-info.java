/**
 * {@code dpr witness}: a c2sp.org/tlog-witness over HTTP for the registry's transparency log — its
 * Ed25519 cosigning key, its durable record of the last checkpoint it cosigned per log, and the
 * {@code add-checkpoint} endpoint. The decisions are the evidence library's
 * {@link org.dataright.evidence.log.Witness}; this package is storage and transport.
 */
package org.dataright.cli.witness;
