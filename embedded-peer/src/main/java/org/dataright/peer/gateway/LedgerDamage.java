package org.dataright.peer.gateway;

import org.dataright.peer.ledger.LedgerCorruptionException;
import org.dataright.peer.ledger.VerificationReport;

/** How a client hears of a block damaged in this peer's ledger: {@code LEDGER_DAMAGED: <sentence naming the block>}. */
final class LedgerDamage {
    static final String CODE = "LEDGER_DAMAGED";

    private LedgerDamage() {
    }

    /** A read that met a damaged block. */
    static String of(String channelId, LedgerCorruptionException e) {
        return CODE + ": block " + e.blockNumber() + " of channel " + channelId + " is damaged in this peer's ledger ("
                + e.getMessage().replaceFirst("^block \\d+: ", "") + "); the peer cannot serve it until its block file is restored from a backup";
    }

    /** The damage found when the ledger was opened, for a write the peer refuses. */
    static String of(String channelId, VerificationReport damage) {
        return CODE + ": block " + damage.firstBadBlock().getAsLong() + " of channel " + channelId + " is damaged in this"
                + " peer's ledger (" + damage.location().map(l -> l + ": ").orElse("") + damage.problem() + "); the peer takes no new transactions until its block file is restored"
                + " from a backup";
    }
}
