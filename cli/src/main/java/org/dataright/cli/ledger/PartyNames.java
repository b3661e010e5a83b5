package org.dataright.cli.ledger;

import java.io.PrintWriter;
import org.dataright.cli.base.CliException;
import org.dataright.ledger.client.Parties;
import org.dataright.ledger.client.RightsContract;

/**
 * A party as the user names it — display name, handle or party id — resolved through the ledger's
 * participant directory and shown on stderr, so the user sees whom an act names before it is signed.
 */
public final class PartyNames {
    private PartyNames() {
    }

    /**
     * The party id {@code given} names; {@code PARTY_NOT_FOUND} or {@code PARTY_AMBIGUOUS} (exit 2, the
     * candidates in the message) when it names no participant or several, before anything is sent.
     */
    public static String resolve(RightsContract rights, PrintWriter err, String option, String given) {
        Parties.Participant p;
        try {
            p = new Parties(rights).resolve(given);
        } catch (Parties.Unresolved e) {
            throw CliException.usage(e.code(), option + ": " + e.getMessage(),
                    "look the party up with 'dpr participant search TEXT' and give its handle");
        }
        err.println(option + " " + given.strip() + " → " + p.describe());
        err.flush();
        return p.id();
    }
}
