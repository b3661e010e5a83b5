/**
 * Fabric's client-facing protocols on this peer: the Gateway service (endorse, submit, commit
 * status, evaluate, chaincode events), the Endorser service ({@code ProcessProposal}), the Deliver
 * service (blocks, filtered blocks), the orderer's Broadcast, the endorser that checks and runs
 * proposals, the system chaincodes clients call (qscc, cscc, the queries of _lifecycle), and the solo
 * orderer that cuts blocks for the ledger.
 */
package org.dataright.peer.gateway;
