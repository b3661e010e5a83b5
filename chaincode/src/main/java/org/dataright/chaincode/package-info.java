/**
 * The rights chaincode: the data asset and rights model, and every business rule of the registry.
 * Runs unchanged on Fabric peers and on the embedded peer. Deterministic: time from the transaction
 * timestamp, ids from the transaction id, JSON written with a fixed property order.
 */
package org.dataright.chaincode;
