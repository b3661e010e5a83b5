/**
 * Tests of the Fabric network configuration: consistency of every file with the port and
 * organisation tables, the external builder and the export scripts run for real, and, with Fabric's
 * binaries on FABRIC_BIN, the whole network brought up, used and torn down.
 */
package org.dataright.network;
