package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.fabric.config.ConfigBlockReader;
import org.dataright.fabric.msp.ChannelMembership;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Walks the block files from the first record, trusting nothing but block 0's orderer organisations:
 * each record intact (its checksum), each block the next number, chained to the previous header hash,
 * its data hash right, its TRANSACTIONS_FILTER one code per transaction, and (when asked) its orderer
 * signatures valid. The one walk over the whole chain: {@link Ledger#verify()} with signatures, and
 * {@link Ledger#open} without them, because there the last block's signature, checked on its own,
 * covers every block before it through the hash chain.
 */
final class ChainVerifier {
    private final boolean signatures;
    private long expected;
    private ByteString previousHash = ByteString.EMPTY;
    private ChannelMembership membership;
    private VerificationReport bad;

    private ChainVerifier(boolean signatures) {
        this.signatures = signatures;
    }

    /** @param signatures whether to check every block's orderer signature too (one ECDSA verification per block) */
    static VerificationReport verify(BlockStore store, long committedHeight, boolean signatures) {
        ChainVerifier v = new ChainVerifier(signatures);
        BlockStore.ScanEnd end = store.scan(0, 0, v::check);
        if (v.bad != null) {
            return v.bad;
        }
        if (!end.clean()) {
            BlockStore.BadSpot spot = end.bad();
            return VerificationReport.bad(v.expected, v.expected, BlockStore.fileName(spot.fileNumber()) + " at offset "
                    + spot.offset(), "bad record: " + spot.reason());
        }
        if (v.expected < committedHeight) {
            return VerificationReport.bad(v.expected, v.expected, null, "missing: " + committedHeight
                    + " blocks are committed but the block files end after " + v.expected);
        }
        if (v.expected > committedHeight) {
            return VerificationReport.bad(committedHeight, committedHeight, null, "the block files hold "
                    + (v.expected - committedHeight) + " block(s) beyond the committed height " + committedHeight);
        }
        return VerificationReport.ok(v.expected);
    }

    private boolean check(BlockLocation location, byte[] payload) {
        String problem = problem(payload);
        if (problem != null) {
            bad = VerificationReport.bad(expected, expected, BlockStore.fileName(location.fileNumber()) + " at offset "
                    + location.offset(), problem);
            return false;
        }
        expected++;
        return true;
    }

    private String problem(byte[] payload) {
        Block block;
        try {
            block = Block.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return "record is not a block: " + e.getMessage();
        }
        String chain = LedgerRecovery.chainProblem(block, expected, previousHash);
        if (chain != null) {
            return chain;
        }
        try {
            Blocks.filter(block);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (expected == 0) {
            try {
                membership = ConfigBlockReader.read(block).membership();
            } catch (IllegalArgumentException e) {
                return "not a usable channel config block: " + e.getMessage();
            }
        }
        String signature = signatures ? Blocks.checkSignatures(block, membership) : null;
        if (signature != null) {
            return signature;
        }
        previousHash = ByteString.copyFrom(BlockHashes.headerHash(block.getHeader()));
        return null;
    }
}
