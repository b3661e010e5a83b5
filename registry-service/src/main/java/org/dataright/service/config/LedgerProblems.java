package org.dataright.service.config;

import java.util.Set;
import org.dataright.ledger.client.LedgerException;
import org.springframework.http.HttpStatus;

/**
 * Ledger failures as problems: a chaincode refusal keeps the contract's code ({@code ASSET_NOT_FOUND: …}
 * → 404 {@code ASSET_NOT_FOUND}); a ledger that cannot answer now is 503 ({@code LEDGER_UNAVAILABLE} when
 * the peer does not answer, {@code LEDGER_DAMAGED} when its ledger is damaged); a peer's refusal of a
 * request dated outside its time window is 400 {@code TIMESTAMP_OUT_OF_WINDOW}; anything else the ledger did
 * is 502 {@code LEDGER_ERROR}.
 */
final class LedgerProblems {
    /** The contract's codes for bad input and for a caller who may not (LedgerProblemsTest checks they are the contract's). */
    static final Set<String> BAD_REQUEST = Set.of("INVALID_ARGUMENT", "INVALID_DIGEST", "TEXT_CONTROL_CHARACTER",
            "TEXT_UNASSIGNED_CHARACTER");
    static final Set<String> FORBIDDEN = Set.of("ROLE_NOT_ALLOWED", "NOT_PERMITTED");

    private LedgerProblems() {
    }

    static ApiException of(LedgerException e) {
        return switch (e.reason()) {
            case CHAINCODE_REFUSED -> new ApiException(statusOf(e.code()), e.code(), e.getMessage(), e);
            case UNREACHABLE -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "LEDGER_UNAVAILABLE", e.getMessage(), e);
            case ORDERING_UNAVAILABLE, ENDORSEMENT_POLICY_UNSATISFIABLE, COMMIT_STATUS_UNKNOWN ->
                    new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.code(), e.getMessage(), e);
            case REFUSED -> switch (String.valueOf(e.code())) {
                // The peer's own refusals (embedded-peer/README.md) keep their codes: they name what to fix.
                case "LEDGER_DAMAGED" -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.code(), e.getMessage(), e);
                case "TIMESTAMP_OUT_OF_WINDOW" -> new ApiException(HttpStatus.BAD_REQUEST, e.code(), e.getMessage(), e);
                default -> new ApiException(HttpStatus.BAD_GATEWAY, "LEDGER_ERROR", e.getMessage(), e);
            };
            case NOT_COMMITTED, UNREADABLE_ANSWER ->
                    new ApiException(HttpStatus.BAD_GATEWAY, "LEDGER_ERROR", e.getMessage(), e);
        };
    }

    static HttpStatus statusOf(String code) {
        if (code.endsWith("_NOT_FOUND")) {
            return HttpStatus.NOT_FOUND;
        }
        if (BAD_REQUEST.contains(code)) {
            return HttpStatus.BAD_REQUEST;
        }
        return FORBIDDEN.contains(code) ? HttpStatus.FORBIDDEN : HttpStatus.CONFLICT;
    }
}
