package org.dataright.peer.ledger;

import java.util.OptionalLong;

/**
 * The result of {@link Ledger#verify()}: how many blocks passed and, if one did not, the first bad
 * block and what is wrong with it.
 */
public record VerificationReport(long blocksVerified, OptionalLong firstBadBlock, String problem) {

    static VerificationReport ok(long blocks) {
        return new VerificationReport(blocks, OptionalLong.empty(), null);
    }

    static VerificationReport bad(long blocksVerified, long badBlock, String problem) {
        return new VerificationReport(blocksVerified, OptionalLong.of(badBlock), problem);
    }

    public boolean isOk() {
        return firstBadBlock.isEmpty();
    }

    @Override
    public String toString() {
        return isOk() ? blocksVerified + " blocks verified"
                : "block " + firstBadBlock.getAsLong() + " is bad: " + problem + " (" + blocksVerified + " blocks before it verified)";
    }
}
