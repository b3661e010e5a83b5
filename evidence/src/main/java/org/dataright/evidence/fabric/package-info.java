/**
 * Fabric's cryptographic primitives, shared by whoever writes blocks (the embedded peer) and whoever
 * checks them (the certificate verifier): block header and data hashes, low-S ECDSA, serialized identities.
 */
package org.dataright.evidence.fabric;
