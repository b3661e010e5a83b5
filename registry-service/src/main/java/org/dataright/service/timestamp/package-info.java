/**
 * Trusted time: each certificate's issuer signature is stamped by a configured RFC 3161 time-stamp authority
 * ({@link org.dataright.service.timestamp.TimestampAuthority}, {@code registry.timestamp.*}). The reply is
 * checked before the token is attached ({@link org.dataright.service.timestamp.TimestampStamper}); a TSA that is
 * down or answers badly delays the token, never the certificate, and the stamp is retried with backoff, also
 * after a restart (the certificates without a token are the pending stamps).
 */
package org.dataright.service.timestamp;
