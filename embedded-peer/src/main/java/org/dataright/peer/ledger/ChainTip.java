package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;

/** Height and the hashes of the last block, replaced as a whole after each commit. */
record ChainTip(long height, ByteString currentHash, ByteString previousHash) {
    static final ChainTip EMPTY = new ChainTip(0, ByteString.EMPTY, ByteString.EMPTY);
}
