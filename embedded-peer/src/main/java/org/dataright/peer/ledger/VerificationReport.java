package org.dataright.peer.ledger;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The result of a walk over the block files ({@link Ledger#verify()}, and the check at open that
 * {@link Ledger#damage()} reports): how many blocks passed and, if one did not, the first bad block,
 * where its record is ({@code blockfile_000003 at offset 81920}; empty when the problem is not one
 * record, such as blocks missing at the end) and what is wrong with it.
 */
public record VerificationReport(long blocksVerified, OptionalLong firstBadBlock, Optional<String> location, String problem) {

    static VerificationReport ok(long blocks) {
        return new VerificationReport(blocks, OptionalLong.empty(), Optional.empty(), null);
    }

    static VerificationReport bad(long blocksVerified, long badBlock, String location, String problem) {
        return new VerificationReport(blocksVerified, OptionalLong.of(badBlock), Optional.ofNullable(location), problem);
    }

    public boolean isOk() {
        return firstBadBlock.isEmpty();
    }

    /** {@code block 5 (blockfile_000000 at offset 1234): checksum mismatch}, or {@code N blocks verified}. */
    @Override
    public String toString() {
        return isOk() ? blocksVerified + " blocks verified"
                : "block " + firstBadBlock.getAsLong() + location.map(l -> " (" + l + ")").orElse("") + ": " + problem;
    }
}
