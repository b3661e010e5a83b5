package org.dataright.cli.ledger;

import java.util.Map;
import java.util.Set;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.profile.Profile;
import org.dataright.ledger.client.LedgerEndpoint;
import org.dataright.ledger.client.LedgerException;

/**
 * A ledger failure as dpr reports it: the ledger client's code and sentence, the exit code (3 refused,
 * 4 the ledger cannot do it now) and a {@code next:} step for the profile's mode.
 */
public final class LedgerErrors {
    /** The next step of a refusal that has no more specific one. */
    private static final String NOTHING_RECORDED = "the ledger recorded nothing; correct what the message names and try again";

    /** The next step after the peer's own refusals (not the contract's), by the peer's code. */
    private static final Map<String, String> PEER_NEXT_STEPS = Map.of(
            "TIMESTAMP_OUT_OF_WINDOW", "nothing was recorded; this computer's clock is off from the peer's by more than "
                    + "the window the message names: set it right (NTP) and try again",
            "LEDGER_DAMAGED", "the peer's ledger is damaged at the block the message names; this is not about your request: "
                    + "ask the operator of the peer to restore that block file from a backup (see the embedded peer's README, "
                    + "\"Damage to the chain\"), then try again");
    /** A damaged ledger cannot answer now (exit 4); the other refusals are about the call (exit 3). */
    private static final String LEDGER_DAMAGED = "LEDGER_DAMAGED";

    /** The next step after the contract's own refusals, by its error code. */
    private static final Map<String, String> NEXT_STEPS = Map.ofEntries(
            Map.entry("ROLE_NOT_ALLOWED", "check your role with 'dpr identity show'"),
            Map.entry("NOT_HOLDER", "check who holds it with 'dpr asset show ASSET'"),
            Map.entry("NOT_RECEIVER", "only the party named in the offer may answer it; see 'dpr asset show ASSET'"),
            Map.entry("ASSET_FROZEN", "a court must unfreeze it first ('dpr unfreeze', court role)"),
            Map.entry("RIGHT_FROZEN", "a court must unfreeze it first ('dpr unfreeze', court role)"),
            Map.entry("RIGHT_PLEDGED", "the pledgee bank must release it first ('dpr release')"),
            Map.entry("ALREADY_REGISTERED", "this content is registered already; see 'dpr asset show'"),
            Map.entry("DUPLICATE_CONTENT", "another party registered this content; file an objection if it is yours"),
            Map.entry("OFFER_EXPIRED", "ask the holder for a new offer"),
            Map.entry("OFFER_PENDING", "cancel the open offer first ('dpr right cancel')"),
            Map.entry("NO_OFFER", "the holder must offer it first ('dpr right offer')"),
            Map.entry("LICENCE_CONFLICT", "choose terms that do not overlap an exclusive licence; see 'dpr asset show'"),
            Map.entry("ASSET_NOT_FOUND", "check the asset id; 'dpr rights list' shows yours"),
            Map.entry("RIGHT_NOT_FOUND", "check the right id: <asset id>/<TYPE>"),
            Map.entry("ACT_NOT_FOUND", "check the act id (P-…): the pendingAct of the asset or right in 'dpr asset show ASSET --json'"),
            Map.entry("NOT_IN_REVIEW", "only an act at stage REVIEW can be reviewed; the message names its stage"),
            Map.entry("NOT_IN_PUBLICITY", "the act is not in its publicity period (the message names its stage); "
                    + "an act in REVIEW needs the registrar's 'dpr act review' first"),
            Map.entry("PUBLICITY_RUNNING", "wait until the publicity period has ended, then run 'dpr act take-effect' again"),
            Map.entry("OBJECTIONS_OPEN", "the registrar must resolve the open objections first ('dpr objection resolve')"),
            Map.entry("KEY_NOT_BOUND", "act with your current key; 'dpr identity history' lists the keys bound to your name, "
                    + "and a new key is bound by 'dpr identity renew' or by the registrar"),
            Map.entry("KEY_REVOKED", "this key was revoked: ask the registrar to bind a new one ('dpr identity rebind')"),
            Map.entry("PLEDGEE_NOT_BANK", "a right is pledged to a bank: find one with 'dpr participant search bank'"),
            Map.entry("COUNTERPARTY_CANNOT_ACT", "name a participant with the role the act needs; "
                    + "'dpr participant show PARTY' lists its roles"),
            Map.entry("PARTICIPANT_NOT_FOUND", "'dpr participant search TEXT' lists the directory; "
                    + "the registrar enters a missing participant with 'dpr participant register'"),
            Map.entry("PARTICIPANT_SUSPENDED", "only the registrar can reinstate it ('dpr participant change PARTY --status ACTIVE')"),
            Map.entry("HANDLE_TAKEN", "choose another --handle; 'dpr participant list' shows those in use"),
            Map.entry("NAME_CONFUSABLE", "the name looks like the participant the message names; if it is that participant, "
                    + "use it ('dpr participant show'), else choose a name that reads differently"),
            Map.entry("TEXT_CONTROL_CHARACTER", "remove the invisible or direction-changing character the message names "
                    + "(often pasted from a word processor) and try again"),
            Map.entry("TEXT_UNASSIGNED_CHARACTER", "remove the character the message names: it is not a character of Unicode"),
            Map.entry("BATCH_TOO_LARGE", "send fewer data assets at once (--batch N)"),
            Map.entry("BATCH_DUPLICATE", "two files of the batch have the same content; register it once"));

    private LedgerErrors() {
    }

    /** The contract's codes that have a next step of their own (LedgerErrorsTest checks they are the contract's). */
    static Set<String> codesWithNextSteps() {
        return NEXT_STEPS.keySet();
    }

    /** Whether the ledger answered about this call (exit 3), rather than being unable to answer now (exit 4). */
    public static boolean isRefusal(LedgerException e) {
        return switch (e.reason()) {
            case CHAINCODE_REFUSED, NOT_COMMITTED, UNREADABLE_ANSWER -> true;
            case REFUSED -> !LEDGER_DAMAGED.equals(e.code());
            case UNREACHABLE, ORDERING_UNAVAILABLE, ENDORSEMENT_POLICY_UNSATISFIABLE, COMMIT_STATUS_UNKNOWN -> false;
        };
    }

    static CliException of(LedgerException e, Profile profile, LedgerEndpoint endpoint) {
        boolean embedded = profile.mode() == Profile.Mode.EMBEDDED;
        return switch (e.reason()) {
            case CHAINCODE_REFUSED -> rejected(e, NEXT_STEPS.getOrDefault(e.code(), NOTHING_RECORDED));
            case NOT_COMMITTED -> rejected(e, "MVCC_READ_CONFLICT".equals(e.code()) ? "try again in a moment"
                    : "ask the network operator");
            case REFUSED -> LEDGER_DAMAGED.equals(e.code()) ? cannotConnect(e, PEER_NEXT_STEPS.get(LEDGER_DAMAGED))
                    : rejected(e, PEER_NEXT_STEPS.getOrDefault(e.code(), NOTHING_RECORDED));
            case UNREADABLE_ANSWER -> rejected(e, null);
            case UNREACHABLE -> cannotConnect(e, embedded
                    ? "start the registry service" + profile.service().map(url -> " (" + url + ")").orElse("")
                            + ", whose embedded peer this is, then try again"
                    : "check that the peer " + endpoint.target() + " in the connection profile of profile '"
                            + profile.name() + "' is running and reachable from here");
            case ORDERING_UNAVAILABLE -> cannotConnect(e, embedded
                    ? "nothing was recorded; the registry's ordering service failed: see the service's log, then try again"
                    : "nothing was recorded; the network's orderers are down or have no quorum: ask the network operator, "
                            + "then try again");
            case ENDORSEMENT_POLICY_UNSATISFIABLE -> cannotConnect(e, "nothing was recorded; the policy needs peers of "
                    + "organisations that are down or lack chaincode '" + endpoint.chaincode()
                    + "': ask the network operator, then try again");
            case COMMIT_STATUS_UNKNOWN -> cannotConnect(e,
                    "check with 'dpr asset history' whether it was committed before trying again");
        };
    }

    private static CliException rejected(LedgerException e, String nextStep) {
        return new CliException(ExitCodes.REJECTED, e.code(), e.getMessage(), nextStep, e);
    }

    private static CliException cannotConnect(LedgerException e, String nextStep) {
        return new CliException(ExitCodes.CANNOT_CONNECT, e.code(), e.getMessage(), nextStep, e);
    }
}
