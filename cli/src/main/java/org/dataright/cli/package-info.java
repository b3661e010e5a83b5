/**
 * The {@code dpr} command line: the top command and its global options, error handling and exit
 * codes, output (tables or JSON) and shell completion. Each feature's commands live in their own package.
 */
package org.dataright.cli;
