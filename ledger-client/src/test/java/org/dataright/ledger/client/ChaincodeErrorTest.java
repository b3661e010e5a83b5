package org.dataright.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChaincodeErrorTest {

    @Test
    void theCodeAndSentenceAreFoundInsideThePeersWords() {
        assertThat(ChaincodeError.parse("chaincode response 500, RIGHT_FROZEN: right A-1/RESOURCE_HOLDING is frozen by case (2025) 7"))
                .contains(new ChaincodeError("RIGHT_FROZEN", "right A-1/RESOURCE_HOLDING is frozen by case (2025) 7"));
        assertThat(ChaincodeError.parse("evaluate call to endorser returned error: chaincode response 500, "
                + "ASSET_NOT_FOUND: asset A-1 is not registered"))
                .contains(new ChaincodeError("ASSET_NOT_FOUND", "asset A-1 is not registered"));
    }

    @Test
    void aSentenceKeepsItsOwnColonsAndIsStripped() {
        assertThat(ChaincodeError.parse("INVALID_ARGUMENT: expiresAt: not an ISO-8601 instant \n"))
                .contains(new ChaincodeError("INVALID_ARGUMENT", "expiresAt: not an ISO-8601 instant"));
    }

    @Test
    void fabricsOwnWordsAreNoChaincodeError() {
        assertThat(ChaincodeError.parse("failed to endorse: no peers available")).isEmpty();
        assertThat(ChaincodeError.parse("UNAVAILABLE: io exception")).isEmpty();
        assertThat(ChaincodeError.parse("received unsuccessful response from orderer: status=SERVICE_UNAVAILABLE, "
                + "info=no Raft leader")).isEmpty();
        assertThat(ChaincodeError.parse("")).isEmpty();
        assertThat(ChaincodeError.parse(null)).isEmpty();
    }

    @Test
    void itPrintsAsTheChaincodeWroteIt() {
        assertThat(new ChaincodeError("NOT_HOLDER", "only the holder may offer it")).hasToString(
                "NOT_HOLDER: only the holder may offer it");
    }
}
