/**
 * The user's identity: a key pair made locally, its certificate from the registry's enrollment or from
 * Fabric CA, kept in the profile; {@code dpr identity enroll | import | show | export}.
 */
package org.dataright.cli.identity;
