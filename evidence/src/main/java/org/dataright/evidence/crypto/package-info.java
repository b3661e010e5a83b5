/**
 * The issuer's signature algorithms (ECDSA P-256 with low S, SM2 with SM3), the issuer's key, and PEM
 * reading through one Bouncy Castle provider that is passed explicitly, never installed globally.
 */
package org.dataright.evidence.crypto;
