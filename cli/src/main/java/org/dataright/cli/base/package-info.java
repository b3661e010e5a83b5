/**
 * What every command builds on and nothing else in dpr is below: exit codes, the coded error
 * ({@link org.dataright.cli.base.CliException}), output (tables or JSON), the environment, the progress
 * bar and the top command's {@link org.dataright.cli.base.GlobalOptions}.
 */
package org.dataright.cli.base;
