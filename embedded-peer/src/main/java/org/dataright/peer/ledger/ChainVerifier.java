package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.fabric.config.ConfigBlockReader;
import org.dataright.fabric.msp.ChannelMembership;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Walks the block files from the first record, trusting nothing but block 0's orderer organisations:
 * each record intact, each block the next number, chained to the previous header hash, its data hash
 * right, its TRANSACTIONS_FILTER one code per transaction, and its orderer signatures valid.
 */
final class ChainVerifier {
    private long expected;
    private ByteString previousHash = ByteString.EMPTY;
    private ChannelMembership membership;
    private VerificationReport bad;

    private ChainVerifier() {
    }

    static VerificationReport verify(BlockStore store, long committedHeight) {
        ChainVerifier v = new ChainVerifier();
        BlockStore.ScanEnd end = store.scan(0, 0, v::check);
        if (v.bad != null) {
            return v.bad;
        }
        if (!end.clean()) {
            BlockStore.BadSpot spot = end.bad();
            return VerificationReport.bad(v.expected, v.expected, "bad record in " + BlockStore.fileName(spot.fileNumber())
                    + " at offset " + spot.offset() + ": " + spot.reason());
        }
        if (v.expected < committedHeight) {
            return VerificationReport.bad(v.expected, v.expected, "missing: " + committedHeight
                    + " blocks are committed but the block files end after " + v.expected);
        }
        if (v.expected > committedHeight) {
            return VerificationReport.bad(committedHeight, committedHeight, "the block files hold "
                    + (v.expected - committedHeight) + " block(s) beyond the committed height " + committedHeight);
        }
        return VerificationReport.ok(v.expected);
    }

    private boolean check(BlockLocation location, byte[] payload) {
        String problem = problem(payload);
        if (problem != null) {
            bad = VerificationReport.bad(expected, expected, problem + " (" + BlockStore.fileName(location.fileNumber())
                    + " at offset " + location.offset() + ")");
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
        String signature = Blocks.checkSignatures(block, membership);
        if (signature != null) {
            return signature;
        }
        previousHash = ByteString.copyFrom(BlockHashes.headerHash(block.getHeader()));
        return null;
    }
}
