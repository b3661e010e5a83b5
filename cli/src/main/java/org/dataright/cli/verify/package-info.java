/** {@code dpr verify}: the evidence module's offline verifier, plus an optional check against the live ledger. */
package org.dataright.cli.verify;
