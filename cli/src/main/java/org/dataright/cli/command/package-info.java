/** {@link org.dataright.cli.command.DprCommand}, the base of every leaf command: the global options, output and the profile. */
package org.dataright.cli.command;
