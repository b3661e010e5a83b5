package org.dataright.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class NetworkDescriptionTest {

    @Test
    void theServicesAnswerRoundTripsAndNamesTheEndpoint() throws Exception {
        NetworkDescription network = new NetworkDescription("embedded", "registry", "rights", "127.0.0.1:7051", "RegistryMSP",
                null, java.util.List.of("ROOT"), Json.MAPPER.readTree("{\"version\":2}"));
        JsonNode published = Json.MAPPER.valueToTree(network);

        assertThat(NetworkDescription.from(published)).isEqualTo(network);
        assertThat(network.ledgerEndpoint()).isEqualTo(new LedgerEndpoint("127.0.0.1:7051", null, null, "registry", "rights"));
        assertThat(published.has("ledgerEndpoint")).as("only the record's fields are published").isFalse();
    }

    @Test
    void anAnswerWithoutAnEndpointIsRefused() throws Exception {
        assertThatThrownBy(() -> NetworkDescription.from(Json.MAPPER.readTree("{\"channel\":\"registry\"}")))
                .hasMessage("it names no gatewayEndpoint");
    }
}
