/**
 * A channel's membership as a Fabric MSP sees it: organisations and their CA roots, validation of
 * serialized identities, signature checks, endorsement policies, signing identities, and a small
 * certificate authority that issues Fabric-style certificates (node OU, Fabric CA attributes).
 */
package org.dataright.peer.msp;
