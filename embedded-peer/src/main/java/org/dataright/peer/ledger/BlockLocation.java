package org.dataright.peer.ledger;

/** Where a block's record lies: block file number, offset of the record's header, payload length. */
record BlockLocation(int fileNumber, long offset, int length) {

    /** Offset just past the record (header + payload). */
    long end() {
        return offset + BlockStore.RECORD_HEADER_BYTES + length;
    }
}
