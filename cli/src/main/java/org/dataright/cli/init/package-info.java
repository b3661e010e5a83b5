/** {@code dpr init}: writes a profile for the embedded registry or for a Fabric network. */
package org.dataright.cli.init;
