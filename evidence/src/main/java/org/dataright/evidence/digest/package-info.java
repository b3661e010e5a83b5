/**
 * Content digests: SHA-256 and SM3 of a whole file in one pass, and the versioned chunk manifest whose
 * per-chunk digests are computed on all cores. Digests are lowercase hex everywhere.
 */
package org.dataright.evidence.digest;
