/** Profiles: which registry and ledger to use, kept in the user's config directory ({@code dpr init} writes them). */
package org.dataright.cli.profile;
