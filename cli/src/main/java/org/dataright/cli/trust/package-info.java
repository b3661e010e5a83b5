/** `dpr trust`: trust bundles made from MSP folders, for network operators. */
package org.dataright.cli.trust;
