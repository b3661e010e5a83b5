package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version;

/** A committed value and its version: the block and transaction number that last wrote it. */
public record VersionedValue(ByteString value, Version version) {
}
