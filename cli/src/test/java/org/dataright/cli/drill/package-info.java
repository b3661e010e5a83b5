/**
 * The "bad input" drill of every dpr command: usage errors, bad and hostile values, files and documents
 * of every bad kind, broken profiles and no identity, each expected to get its documented exit code, an
 * error line with a code and a next step, no stack trace, no file written and no act on the ledger.
 */
package org.dataright.cli.drill;
