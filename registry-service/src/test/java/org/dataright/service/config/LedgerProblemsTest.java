package org.dataright.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.dataright.ledger.client.ChaincodeError;
import org.dataright.ledger.client.LedgerException;
import org.dataright.ledger.client.LedgerException.Reason;
import org.dataright.ledger.client.RightsVocabulary;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class LedgerProblemsTest {

    @Test
    void aChaincodeRefusalKeepsItsCode() {
        ApiException problem = LedgerProblems.of(LedgerException.refusedByChaincode(
                new ChaincodeError("ASSET_NOT_FOUND", "asset A-1 is not registered"), null, null));

        assertThat(problem.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(problem.code()).isEqualTo("ASSET_NOT_FOUND");
        assertThat(problem.getMessage()).isEqualTo("asset A-1 is not registered");
    }

    @Test
    void anUnreachablePeerIsUnavailable() {
        ApiException problem = LedgerProblems.of(new LedgerException(Reason.UNREACHABLE, "the ledger endpoint … cannot be reached",
                null, null));
        assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(problem.code()).isEqualTo("LEDGER_UNAVAILABLE");
    }

    @Test
    void anOrderingServiceWithoutQuorumIsUnavailableByItsOwnName() {
        ApiException problem = LedgerProblems.of(new LedgerException(Reason.ORDERING_UNAVAILABLE, "…", null, null));
        assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(problem.code()).isEqualTo("ORDERING_UNAVAILABLE");
    }

    @Test
    void anyOtherRefusalIsTheLedgersError() {
        ApiException problem = LedgerProblems.of(new LedgerException(Reason.REFUSED, "qscc GetBlockByNumber was refused: …",
                null, null));
        assertThat(problem.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(problem.code()).isEqualTo("LEDGER_ERROR");
    }

    @Test
    void thePeersOwnRefusalsKeepTheirCodes() {
        ApiException damaged = LedgerProblems.of(LedgerException.refusedByPeer(
                new ChaincodeError("LEDGER_DAMAGED", "block 5 of channel registry is damaged"), null, null));
        assertThat(damaged.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(damaged.code()).isEqualTo("LEDGER_DAMAGED");
        ApiException late = LedgerProblems.of(LedgerException.refusedByPeer(
                new ChaincodeError("TIMESTAMP_OUT_OF_WINDOW", "the proposal is dated 90 s behind this peer's time"), null, null));
        assertThat(late.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(late.code()).isEqualTo("TIMESTAMP_OUT_OF_WINDOW");
        assertThat(late.getMessage()).isEqualTo("the proposal is dated 90 s behind this peer's time");
    }

    @Test
    void theCodesNamedHereAreTheContracts() {
        assertThat(RightsVocabulary.contract().errorCodes()).containsAll(LedgerProblems.BAD_REQUEST)
                .containsAll(LedgerProblems.FORBIDDEN);
    }

    @Test
    void statusesFollowTheCode() {
        assertThat(LedgerProblems.statusOf("RIGHT_NOT_FOUND")).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(LedgerProblems.statusOf("INVALID_ARGUMENT")).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(LedgerProblems.statusOf("ROLE_NOT_ALLOWED")).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(LedgerProblems.statusOf("RIGHT_FROZEN")).isEqualTo(HttpStatus.CONFLICT);
    }
}
