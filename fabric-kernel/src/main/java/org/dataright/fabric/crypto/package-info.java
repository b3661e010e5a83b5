/** Fabric's signatures (ECDSA P-256 with low S, SM2 with SM3) and the one PEM reader and writer. */
package org.dataright.fabric.crypto;
