package org.dataright.service.ledger;

import io.grpc.Status;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dataright.service.config.ApiException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Access to the {@link LedgerConnection} for the features, and the one translation of gateway errors
 * into problems: a chaincode rejection keeps the chaincode's code ({@code ASSET_NOT_FOUND: …} → 404
 * {@code ASSET_NOT_FOUND}); an unreachable peer is 503 {@code LEDGER_UNAVAILABLE}.
 */
@Component
public class Ledgers {
    private static final Pattern CHAINCODE_CODE = Pattern.compile("\\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+): ");

    private final ObjectProvider<LedgerConnection> connection;

    public Ledgers(ObjectProvider<LedgerConnection> connection) {
        this.connection = connection;
    }

    /** The connection, or 503 {@code LEDGER_UNAVAILABLE} when the service runs without one. */
    public LedgerConnection connection() {
        LedgerConnection ledger = connection.getIfAvailable();
        if (ledger == null) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "LEDGER_UNAVAILABLE",
                    "the service has no ledger connection");
        }
        return ledger;
    }

    /** A problem for a failed evaluate call. */
    public static ApiException translate(GatewayException e) {
        Status.Code status = e.getStatus().getCode();
        if (status == Status.Code.UNAVAILABLE || status == Status.Code.DEADLINE_EXCEEDED) {
            return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "LEDGER_UNAVAILABLE",
                    "the ledger did not answer: " + e.getStatus().getDescription(), e);
        }
        StringBuilder text = new StringBuilder();
        for (ErrorDetail detail : e.getDetails()) {
            text.append(detail.getMessage()).append('\n');
        }
        text.append(e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription());
        Matcher m = CHAINCODE_CODE.matcher(text);
        if (m.find()) {
            String code = m.group(1);
            String sentence = text.substring(m.end()).lines().findFirst().orElse("").strip();
            return new ApiException(statusOf(code), code, sentence.isEmpty() ? code : sentence, e);
        }
        return new ApiException(HttpStatus.BAD_GATEWAY, "LEDGER_ERROR", "the ledger refused the query: " + text.toString().strip(), e);
    }

    static HttpStatus statusOf(String code) {
        if (code.endsWith("_NOT_FOUND")) {
            return HttpStatus.NOT_FOUND;
        }
        return switch (code) {
            case "INVALID_ARGUMENT", "INVALID_DIGEST" -> HttpStatus.BAD_REQUEST;
            case "ROLE_NOT_ALLOWED", "NOT_PERMITTED" -> HttpStatus.FORBIDDEN;
            default -> HttpStatus.CONFLICT;
        };
    }
}
