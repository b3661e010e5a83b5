/**
 * Acts on rights, each a ledger transaction signed with the user's key: register, transfer, licence,
 * pledge, freeze, objection, evidence anchoring, review and publicity ({@code dpr act}), the registry's
 * configuration ({@code dpr registry}); and {@code dpr rights list}.
 */
package org.dataright.cli.right;
