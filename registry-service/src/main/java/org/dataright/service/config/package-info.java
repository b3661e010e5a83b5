/**
 * Settings ({@link org.dataright.service.config.RegistryProperties}), the one mapping of errors to
 * RFC 9457 problem details with a stable {@code code}, and request size limits.
 */
package org.dataright.service.config;
