package org.dataright.chaincode;

import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * Stable codes for every rejection. The message starts with the code because Fabric clients see only
 * the message text (in the gateway's error details); the code is the payload as well.
 */
public enum ErrorCode {
    INVALID_ARGUMENT,
    INVALID_DIGEST,
    ROLE_NOT_ALLOWED,
    NOT_HOLDER,
    NOT_RECEIVER,
    NOT_LICENSOR,
    NOT_PLEDGEE,
    NOT_PERMITTED,
    ASSET_NOT_FOUND,
    RIGHT_NOT_FOUND,
    LICENCE_NOT_FOUND,
    OBJECTION_NOT_FOUND,
    ACT_NOT_FOUND,
    DUPLICATE_CONTENT,
    ALREADY_REGISTERED,
    LINEAGE_NOT_FOUND,
    RIGHT_EXISTS,
    NOT_REGISTRABLE,
    NOT_TRANSFERABLE,
    NOT_LICENSABLE,
    ASSET_NOT_EFFECTIVE,
    RIGHT_NOT_ACTIVE,
    ASSET_FROZEN,
    RIGHT_FROZEN,
    ALREADY_FROZEN,
    NOT_FROZEN,
    CASE_MISMATCH,
    RIGHT_PLEDGED,
    NOT_PLEDGED,
    OFFER_PENDING,
    NO_OFFER,
    OFFER_EXPIRED,
    LICENCE_CONFLICT,
    LICENCE_NOT_ACTIVE,
    SUBLICENSING_NOT_ALLOWED,
    OUTSIDE_PARENT_TERMS,
    NOT_IN_REVIEW,
    NOT_IN_PUBLICITY,
    PUBLICITY_RUNNING,
    OBJECTIONS_OPEN,
    OBJECTION_CLOSED,
    PARTICIPANT_NOT_FOUND,
    PARTICIPANT_EXISTS,
    PARTICIPANT_SUSPENDED,
    HANDLE_TAKEN,
    PLEDGEE_NOT_BANK,
    COUNTERPARTY_CANNOT_ACT,
    TEXT_CONTROL_CHARACTER,
    TEXT_UNASSIGNED_CHARACTER,
    NAME_CONFUSABLE,
    KEY_NOT_BOUND,
    KEY_REVOKED,
    KEY_ALREADY_BOUND,
    CERTIFICATE_MISMATCH,
    /** A registerAssets batch beyond its bounds (assets, bytes). */
    BATCH_TOO_LARGE,
    /** Two items of one batch with the same content. */
    BATCH_DUPLICATE;

    /** A rejection: {@code throw ErrorCode.RIGHT_FROZEN.reject("right %s is frozen", id)}. */
    public ChaincodeException reject(String sentence, Object... args) {
        return new ChaincodeException(name() + ": " + String.format(java.util.Locale.ROOT, sentence, args),
                name().getBytes(StandardCharsets.UTF_8));
    }
}
