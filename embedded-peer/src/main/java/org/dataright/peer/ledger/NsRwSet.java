package org.dataright.peer.ledger;

import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;

/** The reads and writes of one transaction in one namespace (chaincode). */
record NsRwSet(String namespace, KVRWSet kv) {
}
