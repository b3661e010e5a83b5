/**
 * Fabric's client-facing protocols on this peer: the Gateway service (endorse, submit, commit
 * status, evaluate, chaincode events), the Deliver service (blocks, filtered blocks), the endorser
 * that checks and runs proposals, qscc, and the solo orderer that cuts blocks for the ledger.
 */
package org.dataright.peer.gateway;
