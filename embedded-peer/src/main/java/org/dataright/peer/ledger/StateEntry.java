package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version;

/** One key of a range read: key, committed value, and its version. */
public record StateEntry(String key, ByteString value, Version version) {
}
