/**
 * The peer side of Fabric's chaincode shim protocol: connecting to chaincode-as-a-service servers
 * ({@link org.dataright.peer.chaincode.ChaincodeSupport}), answering their state requests, and the
 * transaction simulation that turns those requests into a read-write set
 * ({@link org.dataright.peer.chaincode.Simulation}).
 */
package org.dataright.peer.chaincode;
