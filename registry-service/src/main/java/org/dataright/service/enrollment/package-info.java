/**
 * Enrollment in embedded mode: the registry organisation's certificate authority
 * ({@link org.dataright.service.enrollment.RegistryCa}), the registrar identity made on first start,
 * one-time enrollment tokens carrying a role, signed administrative requests, and the exchange of a
 * certificate signing request and a token for a certificate with the token's role. Participants make
 * their own keys; the service never sees them. In fabric mode participants enrol with their
 * organisation's Fabric CA and these endpoints say so.
 */
package org.dataright.service.enrollment;
