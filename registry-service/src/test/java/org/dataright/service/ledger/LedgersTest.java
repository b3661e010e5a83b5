package org.dataright.service.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.dataright.service.config.ApiException;
import org.hyperledger.fabric.client.GatewayException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class LedgersTest {

    @Test
    void aChaincodeRejectionKeepsItsCode() {
        GatewayException e = new GatewayException(Status.UNKNOWN
                .withDescription("evaluate call to endorser returned error: chaincode response 500, ASSET_NOT_FOUND: asset A-1 is not registered")
                .asRuntimeException());

        ApiException problem = Ledgers.translate(e);

        assertThat(problem.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(problem.code()).isEqualTo("ASSET_NOT_FOUND");
        assertThat(problem.getMessage()).isEqualTo("asset A-1 is not registered");
    }

    @Test
    void anUnreachablePeerIsUnavailable() {
        ApiException problem = Ledgers.translate(new GatewayException(Status.UNAVAILABLE.withDescription("io").asRuntimeException()));
        assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(problem.code()).isEqualTo("LEDGER_UNAVAILABLE");
    }

    @Test
    void statusesFollowTheCode() {
        assertThat(Ledgers.statusOf("RIGHT_NOT_FOUND")).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(Ledgers.statusOf("INVALID_ARGUMENT")).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(Ledgers.statusOf("ROLE_NOT_ALLOWED")).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(Ledgers.statusOf("RIGHT_FROZEN")).isEqualTo(HttpStatus.CONFLICT);
    }
}
