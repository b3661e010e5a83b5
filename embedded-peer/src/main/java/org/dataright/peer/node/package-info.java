/**
 * Running the embedded peer: {@link org.dataright.peer.node.EmbeddedPeer} for a service that embeds
 * it, {@link org.dataright.peer.node.Main} for {@code java -jar embedded-peer.jar}, identities made on
 * first start, chaincode jars launched as chaincode-as-a-service child processes, and the files a
 * client needs to connect.
 */
package org.dataright.peer.node;
