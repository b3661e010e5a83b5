/**
 * The offline verifier: given a certificate, a trust bundle and optionally the file (or its digests),
 * it runs every named check and reports each as passed, failed or skipped with a reason. It never
 * throws on bad input; a malformed part is a failed check.
 */
package org.dataright.evidence.verify;
