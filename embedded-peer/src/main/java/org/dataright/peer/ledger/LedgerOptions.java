package org.dataright.peer.ledger;

import java.nio.file.Path;
import java.time.Clock;
import org.dataright.fabric.config.ChannelConfig;
import org.dataright.fabric.msp.SigningIdentity;

/**
 * How to open a ledger.
 *
 * @param directory where the block files ({@code blocks/}) and RocksDB ({@code index/}) live
 * @param orderer the identity that signs new blocks; must belong to an orderer organisation of the channel
 * @param genesis the channel configuration for block 0 when the directory holds no ledger yet; ignored
 *     (may be null) when it does, since block 0 then says what the channel is
 * @param maxBlockFileBytes a block file is rolled when the next record would take it past this size
 * @param clock the time at which identities are checked when a block is validated
 */
public record LedgerOptions(Path directory, SigningIdentity orderer, ChannelConfig genesis, long maxBlockFileBytes,
        Clock clock) {
    public static final long DEFAULT_MAX_BLOCK_FILE_BYTES = 64L * 1024 * 1024;

    public LedgerOptions {
        if (directory == null || orderer == null || clock == null) {
            throw new IllegalArgumentException("a ledger needs a directory, an orderer identity and a clock");
        }
        if (maxBlockFileBytes < 1024) {
            throw new IllegalArgumentException("maxBlockFileBytes must be at least 1024, not " + maxBlockFileBytes);
        }
    }

    public static LedgerOptions of(Path directory, SigningIdentity orderer) {
        return new LedgerOptions(directory, orderer, null, DEFAULT_MAX_BLOCK_FILE_BYTES, Clock.systemUTC());
    }

    public LedgerOptions withGenesis(ChannelConfig config) {
        return new LedgerOptions(directory, orderer, config, maxBlockFileBytes, clock);
    }

    public LedgerOptions withMaxBlockFileBytes(long bytes) {
        return new LedgerOptions(directory, orderer, genesis, bytes, clock);
    }

    public LedgerOptions withClock(Clock newClock) {
        return new LedgerOptions(directory, orderer, genesis, maxBlockFileBytes, newClock);
    }
}
