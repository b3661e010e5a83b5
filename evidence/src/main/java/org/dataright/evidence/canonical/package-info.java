/**
 * JSON as the certificate and the trust bundle use it: one strict parser (no duplicate keys, no
 * trailing data) and the RFC 8785 (JCS) canonical form that is signed.
 */
package org.dataright.evidence.canonical;
