package org.dataright.chaincode;

/** Every act on the ledger; its name is also the name of the chaincode event it emits. */
enum Act {
    REGISTER_ASSET,
    REGISTER_RIGHT,
    OFFER_TRANSFER,
    ACCEPT_TRANSFER,
    REJECT_TRANSFER,
    CANCEL_TRANSFER,
    GRANT_LICENCE,
    REVOKE_LICENCE,
    PLEDGE,
    RELEASE_PLEDGE,
    FREEZE,
    UNFREEZE,
    FILE_OBJECTION,
    RESOLVE_OBJECTION,
    REVIEW,
    TAKE_EFFECT,
    CONFIGURE_REGISTRY,
    ANCHOR_EVIDENCE,
    REGISTER_PARTICIPANT,
    CHANGE_PARTICIPANT,
    RENEW_KEY,
    REBIND_KEY,
    REVOKE_KEY,
    /** A batch of registrations in one transaction; its event lists each asset as a REGISTER_ASSET event would. */
    REGISTER_ASSETS
}
