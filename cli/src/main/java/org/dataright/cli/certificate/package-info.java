/** Evidence certificates: fetching them from the registry after an act and {@code dpr certificate get}. */
package org.dataright.cli.certificate;
