/**
 * The {@code dpr} command line: the top command and its global options, error handling and shell
 * completion. Nothing depends on this package; each feature's commands live in their own package, on
 * {@code base} and {@code command}.
 */
package org.dataright.cli;
